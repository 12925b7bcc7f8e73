import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkFile, random } from "../harness/link-file-generator.ts";
import { YamlLanguageServer, type Diagnostic } from "../harness/yaml-language-server.ts";
import { loadLinkFiles, parseLinkFile } from "../../src/program/link-files.ts";

// The corpus sits under a `links/` folder, without the `$schema` line: the repository's
// .vscode/settings.json is what maps it to the schema, as it maps a campaign's links/**/*.yaml.
const CORPUS = "test/fixtures/editor/links";
const yamlFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith(".yaml"));
const BAD = yamlFiles(`${CORPUS}/bad`);
const GOOD = yamlFiles(`${CORPUS}/good`);
const CHECK_ONLY = [
  ...yamlFiles(`${CORPUS}/check-only`).map((name) => ({ name, files: [name] })),
  { name: "name-in-two-files", files: ["name-in-two-files/a.yaml", "name-in-two-files/b.yaml"] },
];

/** The settings an editor reads from the repository: `yaml.schemas`, and no schema store (no network here). */
const settings = { ...(JSON.parse(readFileSync(".vscode/settings.json", "utf8")) as Record<string, unknown>), "yaml.schemaStore": { enable: false } };

let server: YamlLanguageServer;
beforeAll(async () => {
  server = await YamlLanguageServer.start(".", settings);
});
afterAll(async () => {
  await server?.stop();
});

/** The lines (from 1) the server underlines in `path`. */
async function underlined(path: string, text = readFileSync(path, "utf8")): Promise<number[]> {
  return [...new Set((await server.diagnose(path, text)).map((d: Diagnostic) => d.range.start.line + 1))].sort((a, b) => a - b);
}

/** The lines (from 1) a fixture marks with `# ✗`: those the editor must underline. */
function marked(text: string): number[] {
  return text.split("\n").flatMap((line, index) => (/#\s*✗/.test(line) ? [index + 1] : []));
}

describe("the repository's editor settings", () => {
  it.each([".vscode/settings.json", "templates/campaign/.vscode/settings.json"])(
    "map links/**/*.yaml to the packaged schema with yaml.schemas, the key the YAML extension reads (%s)",
    (file) => {
      expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({
        "yaml.schemas": { "./node_modules/mytpe-links/schema/links.schema.json": ["links/**/*.yaml", "links/**/*.yml"] },
      });
    },
  );
});

// Concurrent: one server, each test with its own documents; the server answers each after 200 ms.
describe.concurrent("yaml-language-server with the generated schema", () => {
  it.for(BAD)("underlines exactly the lines marked ✗ in bad/%s, a file check refuses too", async (name, { expect }) => {
    const text = readFileSync(`${CORPUS}/bad/${name}`, "utf8");
    expect(await underlined(`${CORPUS}/bad/${name}`, text)).toEqual(marked(text));
    expect(parseLinkFile(name, text).problems).not.toEqual([]);
  });

  it.for(GOOD)("underlines nothing in good/%s, a file check accepts", async (name, { expect }) => {
    const text = readFileSync(`${CORPUS}/good/${name}`, "utf8");
    expect(parseLinkFile(name, text).problems).toEqual([]);
    expect(await server.diagnose(`${CORPUS}/good/${name}`, text)).toEqual([]);
  });

  it.for(CHECK_ONLY)("leaves check-only/$name to check, which refuses it", async ({ files: names }, { expect }) => {
    const files = names.map((name) => `check-only/${name}`);
    for (const file of files) expect(await server.diagnose(`${CORPUS}/${file}`, readFileSync(`${CORPUS}/${file}`, "utf8"))).toEqual([]);
    expect(loadLinkFiles(files, CORPUS).problems).not.toEqual([]);
  });

  it.for([
    "links/spring-2027.yaml",
    "test/fixtures/links/valid-every-mode.yaml",
    "test/fixtures/links/valid-all-fields.yaml",
    "test/fixtures/links/valid-anchors.yaml",
  ])("underlines nothing in %s, through its $schema line", async (path, { expect }) => {
    expect(await server.diagnose(path, readFileSync(path, "utf8"))).toEqual([]);
  });

  it("underlines nothing in the campaign template's example, where its $schema line points at the installed package", async ({ expect }) => {
    // Opened where a campaign keeps it: links/ beside node_modules/mytpe-links.
    expect(await server.diagnose("links/template-example.yaml", readFileSync("templates/campaign/links/example.yaml", "utf8"))).toEqual([]);
  });

  it("says on the link's name what a mode needs, and what to write", async ({ expect }) => {
    const messages = (await server.diagnose(`${CORPUS}/bad/usage-mode-needs.yaml`, readFileSync(`${CORPUS}/bad/usage-mode-needs.yaml`, "utf8"))).map(
      (d) => `${String(d.range.start.line + 1)}: ${d.message}`,
    );
    expect(messages).toContain("6: max_uses: required when usage_mode is limited (such as max_uses: 500)");
    expect(messages).toContain("19: allowed_payers: required when usage_mode is whitelist (such as allowed_payers: [amina@example.com, +213555123456])");
  });

  it("underlines no generated file that check accepts", async ({ expect }) => {
    const next = random(29);
    const files = Array.from({ length: 150 }, (_, i) => ({ path: `${CORPUS}/generated-${String(i)}.yaml`, text: linkFile(next).text }));
    const verdicts = await Promise.all(
      files.map(async ({ path, text }) => ({ text, editor: await server.diagnose(path, text), check: parseLinkFile(path, text).problems })),
    );
    expect(verdicts.filter((v) => v.editor.length > 0 && v.check.length === 0)).toEqual([]);
    expect(verdicts.filter((v) => v.editor.length > 0).length).toBeGreaterThan(files.length / 5);
  });
});
