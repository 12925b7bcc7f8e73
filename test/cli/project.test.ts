import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { projectRuntime } from "../../src/cli/project.ts";

describe("the project's runtime", () => {
  const dirs: string[] = [];
  const project = (file: string, text: string) => {
    const dir = mkdtempSync(join(tmpdir(), "mytpe-runtime-"));
    dirs.push(dir);
    writeFileSync(join(dir, file), text);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["a YAML program", "Pulumi.yaml", "name: shop\nruntime: yaml\n", "yaml"],
    ["a runtime with options", "Pulumi.yaml", "name: shop\nruntime:\n  name: nodejs\n  options: { typescript: false }\n", "nodejs"],
    ["Pulumi.yml", "Pulumi.yml", "name: shop\nruntime: yaml\n", "yaml"],
    ["no runtime", "Pulumi.yaml", "name: shop\n", undefined],
    ["a file that is not YAML", "Pulumi.yaml", "name: [shop\n", undefined],
  ])("reads %s", (_case, file, text, runtime) => {
    expect(projectRuntime(project(file, text))).toBe(runtime);
  });

  it("is unknown without a project file", () => {
    expect(projectRuntime(project("README.md", "# no project"))).toBeUndefined();
  });
});
