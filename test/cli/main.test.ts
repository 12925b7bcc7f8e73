// Every command of the package's command line, run as users run it (`node dist/cli/main.js`):
// `--help` answers with the usage and changes nothing; an unknown option is a usage error.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "../harness/temp-project.ts";

const empty = mkdtempSync(join(tmpdir(), "mytpe-cli-"));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

const run = (args: string[]) =>
  spawnSync(process.execPath, [join(REPO, "dist", "cli", "main.js"), ...args], { cwd: empty, encoding: "utf8", env: { ...process.env, PULUMI_STACK: "" } });

/** Commands of our own (pulumi's help is Pulumi's, tested apart). */
const COMMANDS = ["init", "check", "up", "plan", "apply", "sandbox", "setup", "links", "broker"];

describe("mytpe-links", () => {
  it.each(COMMANDS)("answers `%s --help` with its usage, exit 0, and touches nothing", (command) => {
    const result = run([command, "--help"]);
    expect(result.stdout).toMatch(new RegExp(`usage: mytpe-links ${command}`));
    expect(result.status).toBe(0);
    expect(readdirSync(empty)).toEqual([]);
  });

  it.each(COMMANDS.filter((command) => command !== "plan"))("refuses an unknown option of `%s` with exit 2 and the usage", (command) => {
    const result = run([command, "--no-such-option"]);
    expect(result.stderr).toContain("--no-such-option");
    expect(result.stderr).toMatch(new RegExp(`usage: mytpe-links ${command}`));
    expect(result.status).toBe(2);
    expect(readdirSync(empty)).toEqual([]);
  });

  it("refuses an unknown option of plan with exit 1, since its exit 2 means that links change", () => {
    const result = run(["plan", "--no-such-option"]);
    expect(result.stderr).toMatch(/usage: mytpe-links plan/);
    expect(result.status).toBe(1);
  });

  it("lists its commands on --help, and says an unknown command is one", () => {
    expect(run(["--help"]).stdout).toContain("Commands:");
    const unknown = run(["deploy"]);
    expect(unknown.stderr).toContain('mytpe-links: unknown command "deploy"');
    expect(unknown.status).toBe(2);
  });
});
