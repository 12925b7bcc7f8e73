import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCheck } from "../tools/check.ts";

/** Runs the check in process, from the project root, with the given arguments and environment. */
function check(args: string[], env: Record<string, string> = {}): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCheck(args, { cwd: process.cwd(), env, out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe("npm run check", () => {
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
    expect(result.err.join("\n")).toMatch(/Unknown option '--verbose'[\s\S]*usage: npm run check -- \[--stack NAME\]/);
  });

  it("exits 2 on a path that matches nothing", () => {
    expect(check(["links/nope.yaml"])).toMatchObject({ code: 2, err: [expect.stringMatching(/^link source "links\/nope.yaml" matches no YAML file/)] });
  });

  it("exits 2 for a --stack that has no stack file", () => {
    expect(check(["--stack", "nope"])).toMatchObject({ code: 2, err: [expect.stringMatching(/^stack "nope" has no stack file or no mytpe:links setting/)] });
  });

  it("exits 2 when given both --stack and paths", () => {
    expect(check(["--stack", "local", "links"]).code).toBe(2);
  });

  it("runs as npm run check does (one cached bundle, plain node), with the same output and exit code", () => {
    const result = bundled(["test/fixtures/links/fixed-without-amount.yaml"]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(
      "test/fixtures/links/fixed-without-amount.yaml:3:3: links.voucher.amount: required when amount_mode is fixed\n1 problem in 1 file\n",
    );
  });

  it("rebuilds its bundle when a source no longer has the content it was built from, and only then", () => {
    expect(bundled(["links"]).stdout).toBe("3 links OK in 1 file\n");
    expect(bundled(["links"]).stderr).not.toContain("built tools_check-");
    // As if tools/check.ts had been edited since the bundle was built: its recorded digest differs.
    for (const file of readdirSync(bundleDir).filter((name) => name.endsWith(".inputs.json"))) {
      const inputs = JSON.parse(readFileSync(join(bundleDir, file), "utf8")) as Record<string, string>;
      expect(Object.keys(inputs)).toContain("tools/check.ts");
      writeFileSync(join(bundleDir, file), JSON.stringify({ ...inputs, "tools/check.ts": "0".repeat(64) }));
    }
    const rebuilt = bundled(["links"]);
    expect(rebuilt.stderr).toContain("built tools_check-");
    expect(rebuilt.stdout).toBe("3 links OK in 1 file\n");
    expect(bundled(["links"]).stderr).not.toContain("built tools_check-");
  });

  it("keeps V8's compiled code beside the bundle, and never uses a cache made from another bundle", () => {
    bundled(["links"]);
    const [cacheName] = readdirSync(bundleDir).filter((name) => name.endsWith(".v8cache"));
    expect(cacheName).toBeDefined();
    const cacheFile = join(bundleDir, cacheName as string);
    // Taken as it is: not written again.
    expect(bundled(["links"]).stderr).not.toContain("cached ");

    // A cache of another bundle (its digest differs): not used, written again, same answer.
    const data = readFileSync(cacheFile);
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${"0".repeat(64)}\n`), data.subarray(65)]));
    const other = bundled(["test/fixtures/links/fixed-without-amount.yaml"]);
    expect(other.stderr).toContain("cached ");
    expect(other.status).toBe(1);
    expect(other.stdout).toContain("links.voucher.amount: required when amount_mode is fixed");

    // The right digest but data V8 refuses: V8 rejects it, the run is unharmed, the cache is remade.
    writeFileSync(cacheFile, Buffer.concat([data.subarray(0, 65), Buffer.from("not V8 data")]));
    const refused = bundled(["links"]);
    expect(refused.stdout).toBe("3 links OK in 1 file\n");
    expect(refused.stderr).toContain("cached ");
    expect(bundled(["links"]).stderr).not.toContain("cached ");
  });
});

const bundleDir = mkdtempSync(join(tmpdir(), "mytpe-bundle-"));
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

/** `npm run check -- args` without npm: the launcher, with its bundle in a folder of this test's own. */
function bundled(args: string[]) {
  return spawnSync(process.execPath, ["tools/run-bundled.mjs", "tools/check.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, MYTPE_BUNDLE_DIR: bundleDir, MYTPE_BUNDLE_LOG: "1" },
  });
}
