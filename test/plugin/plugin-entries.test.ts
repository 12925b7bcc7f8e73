// The plugin's two launch routes, as the engine starts them: the plugin folder (PulumiPlugin.yaml,
// run by the Node.js language host) and the `pulumi-resource-mytpe` executable (package.json
// `bin`). Both serve the committed schema; `pulumi package get-schema` asks them through the real CLI.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePulumiCli, type PulumiCli } from "../../src/cli/pulumi-cli.ts";
import { PLUGIN_SCHEMA_PATH } from "../../scripts/generate-schema.ts";
import { REPO } from "../harness/temp-project.ts";

describe("the plugin's launch routes", () => {
  let cli: PulumiCli;
  let home: string;
  const getSchema = (target: string) => {
    const result = spawnSync(cli.pulumi, ["package", "get-schema", target], {
      cwd: home,
      encoding: "utf8",
      env: { ...process.env, PATH: `${cli.binDir}:${process.env["PATH"] ?? ""}`, PULUMI_HOME: join(home, ".pulumi-home"), PULUMI_SKIP_UPDATE_CHECK: "true" },
      timeout: 120_000,
    });
    expect(result.stderr).toBe("");
    return result.stdout;
  };

  beforeAll(async () => {
    cli = await ensurePulumiCli();
    home = mkdtempSync(join(tmpdir(), "mytpe-plugin-"));
  }, 600_000);
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("serves the committed schema from the plugin folder", () => {
    expect(JSON.parse(getSchema(join(REPO, "plugin")))).toEqual(JSON.parse(readFileSync(PLUGIN_SCHEMA_PATH, "utf8")));
  }, 120_000);

  it("serves the same schema from the pulumi-resource-mytpe executable, as npm installs the bin", () => {
    // npm links the bin under its name and makes its target executable.
    chmodSync(join(REPO, "dist", "plugin", "main.js"), 0o755);
    const bin = join(home, "pulumi-resource-mytpe");
    symlinkSync(join(REPO, "dist", "plugin", "main.js"), bin);
    expect(JSON.parse(getSchema(bin))).toEqual(JSON.parse(readFileSync(PLUGIN_SCHEMA_PATH, "utf8")));
  }, 120_000);
});
