// The fast tier needs no Pulumi CLI: a test file that starts it (through the harness that does)
// must be listed among the cli project's files (test/tiers.ts), or \`npm run test:fast\` would.
import { readFileSync } from "node:fs";
import { glob } from "tinyglobby";
import { describe, expect, it } from "vitest";
import { REPO } from "./harness/temp-project.ts";
import { CLI_HARNESS, CLI_TESTS } from "./tiers.ts";

describe("the test tiers", () => {
  it("list every test file that starts the real Pulumi CLI in the cli project", async () => {
    const all = await glob("test/**/*.test.ts", { cwd: REPO });
    const cli = new Set(await glob(CLI_TESTS, { cwd: REPO }));
    const fast = all.filter((file) => !cli.has(file));
    expect(fast.length).toBeGreaterThan(50);
    expect(fast.filter((file) => CLI_HARNESS.test(readFileSync(`${REPO}/${file}`, "utf8")))).toEqual([]);
  });
});
