// `mytpe-links init --runtime yaml`: a campaign repository whose program is Pulumi YAML, and whose
// example links provision through the real CLI and the package's plugin, against the sandbox.
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { initCommand } from "../../src/cli/init.ts";
import { createYamlProject } from "./yaml-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(5_000);

describe("mytpe-links init --runtime yaml", () => {
  const dir = mkdtempSync(join(tmpdir(), "mytpe-init-yaml-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const io = { cwd: dir, out: () => {}, err: (line: string) => expect.fail(line) };

  it("scaffolds a Pulumi YAML project that names the package's plugin, with no links/ folder", () => {
    expect(initCommand(["shop", "--runtime", "yaml", "--name", "mytpe-links"], io)).toBe(0);
    const pulumiYaml = readFileSync(join(dir, "shop", "Pulumi.yaml"), "utf8");
    expect(pulumiYaml).toContain("runtime: yaml");
    expect(pulumiYaml).toContain("path: ./node_modules/mytpe-links/plugin");
    expect(readdirSync(join(dir, "shop")).sort()).toEqual([".gitignore", "Pulumi.yaml", "README.md", "package.json", "stacks"]);
  });

  it("refuses another runtime, saying which ones exist", () => {
    const errors: string[] = [];
    expect(initCommand(["other", "--runtime", "python"], { ...io, err: (line) => errors.push(line) })).toBe(2);
    expect(errors[0]).toContain('--runtime: expected nodejs or yaml, got "python"');
  });

  it(
    "provisions its example links through the real CLI",
    async () => {
      const project = await createYamlProject();
      try {
        copyFileSync(join(dir, "shop", "Pulumi.yaml"), join(project.dir, "Pulumi.yaml"));
        await project.run(["up", "--yes", "--skip-preview"]);
        expect(
          project.sandbox
            .links()
            .map((link) => [link.title, link.status])
            .sort(),
        ).toEqual([
          ["Solidarity fund", "active"],
          ["Voucher — 10,000 DZD", "active"],
        ]);
        const outputs = JSON.parse((await project.run(["stack", "output", "linkUrls", "--json"])).stdout) as Record<string, string>;
        expect(Object.keys(outputs).sort()).toEqual(["donation", "voucher-10k"]);
      } finally {
        await project.dispose();
      }
    },
    STEP,
  );
});
