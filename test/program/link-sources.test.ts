import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkSourcesSetting, resolveLinkSources, stackLinkSources } from "../../src/program/link-sources.ts";

let root: string;
const write = (path: string, text = "links: {}\n") => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "mytpe-sources-"));
  write("links/spring.yaml");
  write("links/summer.yml");
  write("links/notes.txt");
  write("links/2027/autumn.yaml");
  write("links/2027/winter.yaml");
  write("other/extra.yaml");
  write("links/.draft.yaml");
  write("links/.archive/old.yaml");
  write("Pulumi.yaml", "name: test\nstackConfigDir: stacks\n");
  write("stacks/Pulumi.list.yaml", "config:\n  mytpe:links:\n    - links/spring.yaml\n    - other\n");
  write("stacks/Pulumi.single.yaml", "config:\n  mytpe:links: links/2027\n");
  write("stacks/Pulumi.json.yaml", "config:\n  mytpe:links: '[\"other/extra.yaml\"]'\n");
  write("stacks/Pulumi.unset.yaml", "config:\n  mytpe:apiUrl: https://example.com\n");
  write("stacks/Pulumi.broken.yaml", "config:\n  mytpe:links: [1, 2]\n");
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("resolveLinkSources", () => {
  it("takes every YAML file under a folder, sub-folders included, sorted", () => {
    expect(resolveLinkSources(["links"], root)).toEqual(["links/2027/autumn.yaml", "links/2027/winter.yaml", "links/spring.yaml", "links/summer.yml"]);
  });

  it("takes a file as named", () => {
    expect(resolveLinkSources(["other/extra.yaml"], root)).toEqual(["other/extra.yaml"]);
  });

  it("expands * within a folder, ? for one character and ** across folders", () => {
    expect(resolveLinkSources(["links/s*.y*ml"], root)).toEqual(["links/spring.yaml", "links/summer.yml"]);
    expect(resolveLinkSources(["links/*/w?nter.yaml"], root)).toEqual(["links/2027/winter.yaml"]);
    expect(resolveLinkSources(["**/*.yaml"], root)).toEqual([
      "Pulumi.yaml",
      "links/2027/autumn.yaml",
      "links/2027/winter.yaml",
      "links/spring.yaml",
      "other/extra.yaml",
      "stacks/Pulumi.broken.yaml",
      "stacks/Pulumi.json.yaml",
      "stacks/Pulumi.list.yaml",
      "stacks/Pulumi.single.yaml",
      "stacks/Pulumi.unset.yaml",
    ]);
    expect(resolveLinkSources(["links/**/a*.yaml"], root)).toEqual(["links/2027/autumn.yaml"]);
  });

  it("expands braces and character classes as globs do", () => {
    expect(resolveLinkSources(["links/{spring,summer}.y*ml"], root)).toEqual(["links/spring.yaml", "links/summer.yml"]);
    expect(resolveLinkSources(["links/s[pu]*.yaml"], root)).toEqual(["links/spring.yaml"]);
  });

  it("leaves out files and folders whose name starts with a dot, unless named", () => {
    expect(resolveLinkSources(["links"], root)).not.toContain("links/.draft.yaml");
    expect(resolveLinkSources(["links/**/*.yaml"], root)).not.toContain("links/.archive/old.yaml");
    expect(resolveLinkSources(["links/.draft.yaml"], root)).toEqual(["links/.draft.yaml"]);
    expect(resolveLinkSources(["links/.archive"], root)).toEqual(["links/.archive/old.yaml"]);
  });

  it("lists a file named by several sources once", () => {
    expect(resolveLinkSources(["links/spring.yaml", "links/s*.yaml", "links"], root)).toHaveLength(4);
  });

  it("refuses a source that matches no YAML file", () => {
    expect(() => resolveLinkSources(["links/nothing-*.yaml"], root)).toThrow(/link source "links\/nothing-\*\.yaml" matches no YAML file/);
    expect(() => resolveLinkSources(["missing"], root)).toThrow(/link source "missing" matches no YAML file/);
  });
});

describe("stackLinkSources", () => {
  it("reads mytpe:links from the stack file, in the folder Pulumi.yaml names", () => {
    expect(stackLinkSources(root, "list")).toEqual({ sources: ["links/spring.yaml", "other"], stackFile: "stacks/Pulumi.list.yaml" });
  });

  it("takes a single source given as a string", () => {
    expect(stackLinkSources(root, "single")?.sources).toEqual(["links/2027"]);
  });

  it("takes a JSON list given as a string, as `pulumi config set` writes it", () => {
    expect(stackLinkSources(root, "json")?.sources).toEqual(["other/extra.yaml"]);
  });

  it("answers undefined when the stack file or the setting is absent", () => {
    expect(stackLinkSources(root, "unset")).toBeUndefined();
    expect(stackLinkSources(root, "nope")).toBeUndefined();
  });

  it("refuses a setting that is not a list of paths, naming the stack file", () => {
    expect(() => stackLinkSources(root, "broken")).toThrow("stacks/Pulumi.broken.yaml: mytpe:links: expected a list of files, folders or patterns, got [1,2]");
  });

  it("reads this project's own stacks", () => {
    expect(stackLinkSources(".", "local")?.sources).toEqual(["links"]);
    expect(stackLinkSources(".", "production")?.sources).toEqual(["links/spring-2027.yaml"]);
  });
});

describe("linkSourcesSetting", () => {
  it("accepts what the engine hands the program: a JSON list in a string", () => {
    expect(linkSourcesSetting('["links", "more/*.yaml"]')).toEqual(["links", "more/*.yaml"]);
    expect(linkSourcesSetting("links")).toEqual(["links"]);
    expect(linkSourcesSetting(undefined)).toBeUndefined();
  });

  it("refuses an empty list", () => {
    expect(() => linkSourcesSetting([])).toThrow("mytpe:links: expected a list of files, folders or patterns, got []");
  });
});
