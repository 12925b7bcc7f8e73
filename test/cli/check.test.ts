import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/check.ts";
import { runnerCommands } from "../team/runner-commands.ts";

/** Runs the check in process, from the project root, with the given arguments and environment. */
function check(args: string[], env: Record<string, string> = {}): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCheck(args, { cwd: process.cwd(), env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe("mytpe-links check", () => {
  it("checks the local stack's files by default and says how many links are OK", () => {
    expect(check([])).toEqual({ code: 0, out: ["3 links OK in 1 file"], err: [] });
  });

  it("checks the files of the stack named by --stack, or else by PULUMI_STACK", () => {
    expect(check(["--stack", "production"]).out).toEqual(["3 links OK in 1 file"]);
    expect(check([], { PULUMI_STACK: "production" }).out).toEqual(["3 links OK in 1 file"]);
  });

  it("falls back to links/ for a stack without a stack file", () => {
    expect(check([], { PULUMI_STACK: "no-such-stack" }).out).toEqual(["3 links OK in 1 file"]);
  });

  it("checks the files and folders given, every valid one", () => {
    expect(check(["test/fixtures/links/valid-every-mode.yaml", "test/fixtures/links/valid-all-fields.yaml"]).out).toEqual(["7 links OK in 2 files"]);
  });

  it("prints every problem, one line each, then how many in how many files, and exits 1", () => {
    const result = check(["test/fixtures/links/fixed-without-amount.yaml", "test/fixtures/links/open-with-amount.yaml"]);
    expect(result).toEqual({
      code: 1,
      out: [
        "test/fixtures/links/fixed-without-amount.yaml:3:3: links.voucher.amount: required when amount_mode is fixed",
        "test/fixtures/links/open-with-amount.yaml:7:13: links.donation.amount: not allowed when amount_mode is open (use min_amount / max_amount)",
        "2 problems in 2 files",
      ],
      err: [],
    });
  });

  it("reports the problems of a whole folder in one run", () => {
    const result = check(["test/fixtures/links"]);
    expect(result.code).toBe(1);
    expect(result.out.at(-1)).toMatch(/^\d+ problems in 2\d files$/);
    expect(result.out).toContain("test/fixtures/links/unknown-field-typo.yaml:8:5: links.voucher-10k.amout: unknown field: did you mean amount?");
  });

  it("exits 2 on an unknown option, with the usage", () => {
    const result = check(["--verbose"]);
    expect(result.code).toBe(2);
    expect(result.err.join("\n")).toMatch(/Unknown option '--verbose'[\s\S]*usage: mytpe-links check \[--stack NAME\]/);
  });

  it("exits 2 on a path that matches nothing", () => {
    expect(check(["links/nope.yaml"])).toMatchObject({ code: 2, err: [expect.stringMatching(/^link source "links\/nope.yaml" matches no YAML file/)] });
  });

  it("reads a --stack's sources as the program does: links/ when the stack sets no mytpe:links", () => {
    expect(check(["--stack", "nope"])).toEqual({ code: 0, out: ["3 links OK in 1 file"], err: [] });
  });

  it("exits 2 when given both --stack and paths", () => {
    expect(check(["--stack", "local", "links"]).code).toBe(2);
  });

  it("prints no workflow command a CI runner would obey, whatever the keys of the YAML say", () => {
    const file = "test/fixtures/hostile/workflow-commands-in-keys.yaml";
    const result = spawnSync(process.execPath, ["dist/cli/main.js", "check", file], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("approved by security");
    expect(runnerCommands(result.stdout + result.stderr)).toEqual([]);
    // What the same check says in-process, before the process's output is neutralised: the key is there, commands and all.
    expect(runnerCommands(check([file]).out.join("\n"))).not.toEqual([]);
  });

  it("runs as the package's command does (compiled JavaScript, plain node), with the same output and exit code", () => {
    const result = spawnSync(process.execPath, ["dist/cli/main.js", "check", "test/fixtures/links/fixed-without-amount.yaml"], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      "test/fixtures/links/fixed-without-amount.yaml:3:3: links.voucher.amount: required when amount_mode is fixed\n1 problem in 1 file\n",
    );
  });
});
