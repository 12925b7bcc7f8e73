// The stack every project command runs on (src/cli/command-stack.ts): README's promise that a
// command needing a stack runs on `local` when none is selected, creating it and saying so, kept by
// plan, apply, links, check and pulumi preview on a fresh clone (no stack yet), with no stack named
// and with `--stack local`.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { stackAction, stackActionNote } from "../../src/cli/command-stack.ts";
import { linksYaml } from "../harness/temp-project.ts";
import { createCliProject, type CliProject } from "./links/cli-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

describe("what a command does to get its stack", () => {
  it.each([
    ["local", { named: false, exists: false }, {}, { kind: "create", select: true }],
    ["local", { named: false, exists: true }, {}, { kind: "select" }],
    ["local", { named: true, exists: false }, {}, { kind: "create", select: false }],
    ["local", { named: true, exists: true }, {}, { kind: "none" }],
    ["production", { named: true, exists: false }, {}, { kind: "missing" }],
    ["production", { named: true, exists: true }, {}, { kind: "none" }],
    ["production", { named: true, exists: false }, { create: "any", select: true }, { kind: "create", select: true }],
    ["production", { named: true, exists: true }, { create: "any", select: true }, { kind: "select" }],
  ] as const)("%s %j %j: %j", (stack, facts, choice, action) => {
    expect(stackAction(stack, facts, choice)).toEqual(action);
  });

  it("says what it did, and nothing when it did nothing", () => {
    expect(stackActionNote("local", { kind: "create", select: true }, false)).toBe(
      "no stack was selected: selected stack local (the embedded sandbox), created now; `mytpe-links pulumi stack select NAME` to change",
    );
    expect(stackActionNote("local", { kind: "create", select: false }, true)).toBe("created stack local (the embedded sandbox)");
    expect(stackActionNote("production", { kind: "create", select: true }, true)).toBe("created stack production");
    expect(stackActionNote("local", { kind: "select" }, true)).toBeUndefined();
    expect(stackActionNote("local", { kind: "none" }, true)).toBeUndefined();
  });
});

/** The stack names `pulumi stack ls --json` prints (the test's own look at the backend). */
function stackNames(stdout: string): string[] {
  return (JSON.parse(stdout) as { name: string }[]).map((entry) => entry.name);
}

const SETUP = 5 * 60_000;
const STEP = stepTimeout(93_000);

describe("every command on a fresh clone, before any up", () => {
  let project: CliProject;
  /** No stack at all and none selected, as after `git clone`. */
  const freshClone = async () => {
    const listed = await project.run(["stack", "ls", "--json"]);
    for (const name of stackNames(listed.stdout)) await project.run(["stack", "rm", name, "--yes", "--force"]);
  };
  const stacks = async () => stackNames((await project.run(["stack", "ls", "--json"])).stdout);

  beforeAll(async () => {
    project = await createCliProject();
    project.writeLinks(
      linksYaml(project.sandbox.instances.ready, { voucher: { title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" } }),
    );
  }, SETUP);
  beforeEach(freshClone, STEP);
  afterAll(async () => project?.dispose());

  it(
    "plan previews on local, created and selected when no stack is selected, and says so",
    async () => {
      const result = await project.cli(["plan"]);
      expect(result.stderr).toContain("no stack was selected: selected stack local (the embedded sandbox), created now");
      expect(result.code, result.stderr).toBe(2);
      expect(await stacks()).toEqual(["local"]);
    },
    STEP,
  );

  it(
    "plan --stack local creates local and says so",
    async () => {
      const result = await project.cli(["plan", "--stack", "local"]);
      expect(result.stderr).toContain("created stack local (the embedded sandbox)");
      expect(result.code, result.stderr).toBe(2);
    },
    STEP,
  );

  it(
    "apply --plan applies a reviewed plan on local, created first, with and without --stack local",
    async () => {
      for (const stackArgs of [[], ["--stack", "local"]]) {
        expect((await project.cli(["plan", ...stackArgs, "--save-plan", ".plan/update-plan.json"])).code).toBe(2);
        await freshClone();
        const result = await project.cli(["apply", "--plan", ".plan/update-plan.json", ...stackArgs]);
        expect(result.stderr).toContain(stackArgs.length === 0 ? "no stack was selected: selected stack local" : "created stack local");
        expect(result.code, result.stderr).toBe(0);
        expect(project.sandbox.links().filter((link) => link.title === "Voucher").length).toBeGreaterThan(0);
        await project.cli(["pulumi", "destroy", "--yes", "--stack", "local"]);
        await freshClone();
      }
    },
    2 * STEP,
  );

  it(
    "links lists no links yet on local, created when needed, with and without --stack local",
    async () => {
      for (const stackArgs of [[], ["--stack", "local"]]) {
        const result = await project.cli(["links", ...stackArgs, "--json"]);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stderr).toContain(stackArgs.length === 0 ? "no stack was selected: selected stack local" : "created stack local");
        await freshClone();
      }
    },
    STEP,
  );

  it(
    "check --stack local checks the files local would use, offline",
    async () => {
      const result = await project.cli(["check", "--stack", "local"]);
      expect(result.stdout).toContain("1 link OK in 1 file");
      expect(result.code).toBe(0);
      expect(await stacks()).toEqual([]);
    },
    STEP,
  );

  it(
    "pulumi preview runs on local, created when needed, with and without --stack local",
    async () => {
      for (const stackArgs of [[], ["--stack", "local"]]) {
        const result = await project.cli(["pulumi", "preview", ...stackArgs]);
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toContain("Previewing update (local)");
        await freshClone();
      }
    },
    STEP,
  );
});
