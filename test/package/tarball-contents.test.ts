// What `npm pack` ships: what a user needs (compiled JavaScript with its types, the JSON Schema,
// the Pulumi CLI builder's Go sources, the campaign template, the README) and nothing else (no
// tests, benchmarks, fixtures or TypeScript sources); no file left over from an older build; every
// public entry point present; nothing run-time that builds or loads TypeScript; nothing loaded at
// run time that package.json does not declare.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isBuiltin } from "node:module";
import { dirname, join, posix, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { REPO } from "../harness/temp-project.ts";
import { moduleSpecifiers, packageOf } from "./module-specifiers.ts";

interface Manifest {
  name: string;
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

describe("the packed tarball", () => {
  let folder: string;
  let files: string[];
  let manifest: Manifest;
  const shipped = (path: string) => readFileSync(join(folder, "package", path), "utf8");

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "mytpe-tarball-"));
    const untar = spawnSync("tar", ["-xzf", inject("tarball"), "-C", folder], { encoding: "utf8" });
    expect(untar.status, untar.stderr).toBe(0);
    files = walk(join(folder, "package"))
      .map((file) => relative(join(folder, "package"), file))
      .sort();
    manifest = JSON.parse(shipped("package.json")) as Manifest;
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("holds only dist/, the schemas, the plugin folder, the Pulumi CLI sources, the campaign templates, the README and package.json", () => {
    const allowed =
      /^(dist\/.+\.(js|cjs|d\.ts|d\.cts)|schema\/links\.schema\.json|plugin\/(PulumiPlugin\.yaml|package\.json|index\.cjs|schema\.json)|pulumi-cli\/(go\.mod|go\.sum|language-nodejs\/[\w-]+\.go|language-yaml\/go\.(mod|sum))|templates\/campaign(-yaml)?\/.+|README\.md|package\.json)$/;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
    for (const needed of [
      "dist/index.js",
      "dist/index.d.ts",
      "schema/links.schema.json",
      "plugin/PulumiPlugin.yaml",
      "plugin/schema.json",
      "pulumi-cli/go.mod",
      "pulumi-cli/language-yaml/go.mod",
      "templates/campaign/Pulumi.yaml",
      "README.md",
    ]) {
      expect(files).toContain(needed);
    }
  });

  it("has no tests, benchmarks, fixtures, scripts or TypeScript sources", () => {
    const unwanted = files.filter(
      (file) => /(^|\/)(test|tests|fixtures|scripts|bench|src)\//.test(file) || /\.test\.|\.spec\./.test(file) || /(?<!\.d)\.c?ts$/.test(file),
    );
    expect(unwanted).toEqual([]);
  });

  it("ships a JavaScript file and its types for every source module, and no file without a source", () => {
    const sources = walk(join(REPO, "src"))
      .map((file) => relative(join(REPO, "src"), file))
      .filter((file) => /\.c?ts$/.test(file));
    const expected = sources.flatMap((file) => {
      const cjs = file.endsWith(".cts");
      const base = `dist/${file.replace(/\.c?ts$/, "")}`;
      return cjs ? [`${base}.cjs`, `${base}.d.cts`] : [`${base}.js`, `${base}.d.ts`];
    });
    expect(files.filter((file) => file.startsWith("dist/"))).toEqual(expected.sort());
  });

  it("has every file its exports map and bin point at", () => {
    const targets = Object.values(manifest.exports).flatMap((entry) => (typeof entry === "string" ? [entry] : Object.values(entry)));
    for (const target of [...targets, ...Object.values(manifest.bin)]) expect(files).toContain(target.replace(/^\.\//, ""));
    for (const bin of ["mytpe-links", "pulumi-resource-mytpe"]) expect(shipped(manifest.bin[bin]!).startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("builds and loads no TypeScript at run time: esbuild, tsx and typescript are neither dependencies nor imported", () => {
    const runtime = { ...manifest.dependencies, ...manifest.peerDependencies };
    for (const tool of ["esbuild", "tsx", "typescript", "ts-node"]) expect(runtime).not.toHaveProperty(tool);
    const importing = files
      .filter((file) => /\.c?js$/.test(file))
      .filter((file) => /(from\s+|import\(|require\()\s*["'](esbuild|tsx|typescript|ts-node)(\/[^"']*)?["']/.test(shipped(file)));
    expect(importing).toEqual([]);
  });

  it("loads at run time only its dependencies, its peers, Node's builtins and its own files, each by a name a scan can check", () => {
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies), manifest.name]);
    const undeclared: string[] = [];
    const missing: string[] = [];
    const computed: string[] = [];
    for (const file of files.filter((name) => /\.c?js$/.test(name))) {
      const found = moduleSpecifiers(file, shipped(file));
      computed.push(...found.computed.map((call) => `${file}: ${call}`));
      for (const specifier of found.specifiers) {
        const name = packageOf(specifier);
        if (name === undefined) {
          if (!files.includes(posix.join(dirname(file), specifier))) missing.push(`${file}: ${specifier}`);
        } else if (!isBuiltin(specifier) && !declared.has(name)) undeclared.push(`${file}: ${specifier}`);
      }
    }
    expect(undeclared, "load a package that is neither a dependency nor a peer dependency").toEqual([]);
    expect(missing, "load a file the tarball does not have").toEqual([]);
    expect(computed, "load a module by a computed name").toEqual([]);
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}
