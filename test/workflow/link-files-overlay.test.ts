// The `plan` job of a pull request of link files, its scripts run by bash in clones of a campaign
// repository (team/workflow-player.ts): main's code with the branch's link files laid over it, and
// nothing else — code, a symbolic link, a rename of code into links/ are refused; and `plan-code`
// plans only the commit that was approved.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readWorkflow, runStep, stepOf } from "../team/workflow-player.ts";

describe("the plan of a pull request of link files", () => {
  const workflow = readWorkflow();
  const overlay = stepOf(workflow.jobs["plan"]!, "Lay the pull request's link files over main, nothing else");
  let root = "";
  const git = (cwd: string, ...args: string[]) => {
    const result = spawnSync("git", args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" },
    });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
    return result.stdout.trim();
  };
  /** A branch of the origin changed by `change` (run in a clone); its head commit. */
  const branch = (name: string, change: (dir: string) => void) => {
    const dir = join(root, `author-${name}`);
    git(root, "clone", "-q", join(root, "origin"), dir);
    git(dir, "checkout", "-q", "-b", name);
    change(dir);
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", name);
    git(dir, "push", "-q", "origin", name);
    return git(dir, "rev-parse", "HEAD");
  };
  const play = async (headSha: string) => {
    const runner = join(root, `runner-${headSha.slice(0, 7)}`);
    git(root, "clone", "-q", join(root, "origin"), runner);
    const step = await runStep(workflow, overlay, { cwd: runner, env: { GH_TOKEN: "token", HEAD_SHA: headSha }, runnerTemp: root });
    return { ...step, runner };
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "overlay-"));
    const origin = join(root, "origin");
    mkdirSync(join(origin, "links"), { recursive: true });
    writeFileSync(join(origin, "index.js"), "// main's program\n");
    writeFileSync(join(origin, "links", "spring.yaml"), "links: {}\n");
    git(origin, "init", "-q", "-b", "main");
    git(origin, "add", "-A");
    git(origin, "commit", "-q", "-m", "main");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("runs main's code with the branch's link files: added, changed and deleted", async () => {
    const head = branch("links-only", (dir) => {
      writeFileSync(join(dir, "links", "summer.yaml"), "links: { summer: {} }\n");
      rmSync(join(dir, "links", "spring.yaml"));
    });
    const { code, stderr, runner } = await play(head);
    expect(code, stderr).toBe(0);
    expect(git(runner, "status", "--porcelain")).toBe("D  links/spring.yaml\nA  links/summer.yaml");
    expect(readFileSync(join(runner, "index.js"), "utf8")).toBe("// main's program\n");
  });

  it("refuses a head that changes code, even when it was classified before that push", async () => {
    const head = branch("sneaky", (dir) => {
      writeFileSync(join(dir, "links", "spring.yaml"), "links: { a: {} }\n");
      writeFileSync(join(dir, "index.js"), "process.env.MYTPE_API_KEY\n");
    });
    const { code, stdout, runner } = await play(head);
    expect(code).not.toBe(0);
    expect(stdout).toContain(`::error::${head} changes more than link files (above): it is planned after approval, on its next push`);
    expect(stdout).toContain("index.js");
    expect(git(runner, "status", "--porcelain")).toBe("");
  });

  it("refuses a rename of code into links/: main's file would be deleted by the plan that holds the keys", async () => {
    const head = branch("rename", (dir) => {
      git(dir, "mv", "index.js", "links/program.yaml");
    });
    const { code, stdout, runner } = await play(head);
    expect(code).not.toBe(0);
    expect(stdout).toContain("index.js");
    expect(stdout).toContain(`::error::${head} changes more than link files (above)`);
    expect(readFileSync(join(runner, "index.js"), "utf8")).toBe("// main's program\n");
  });

  it("refuses a link file that is a symbolic link", async () => {
    const head = branch("symlink", (dir) => symlinkSync("/proc/self/environ", join(dir, "links", "env.yaml")));
    const { code, stdout } = await play(head);
    expect(code).not.toBe(0);
    expect(stdout).toContain("adds a link file that is not a plain file");
  });

  it("plans a code pull request only at the commit that was approved, not one pushed after the run started", async () => {
    const approved = branch("approved", (dir) => writeFileSync(join(dir, "index.js"), "// approved\n"));
    const runner = join(root, "runner-merge");
    git(root, "clone", "-q", join(root, "origin"), runner);
    git(runner, "fetch", "-q", "origin", "approved");
    git(runner, "merge", "-q", "--no-ff", "-m", "GitHub's test merge", "FETCH_HEAD");
    const exact = stepOf(workflow.jobs["plan-code"]!, "Plan exactly the commit that was approved");
    expect((await runStep(workflow, exact, { cwd: runner, env: { HEAD_SHA: approved }, runnerTemp: root })).code).toBe(0);
    const earlier = git(runner, "rev-parse", "HEAD^1");
    const moved = await runStep(workflow, exact, { cwd: runner, env: { HEAD_SHA: earlier }, runnerTemp: root });
    expect(moved.code).not.toBe(0);
    expect(moved.stdout).toBe(`::error::the pull request moved from ${earlier} to ${approved} after this run started: the run of ${approved} plans it\n`);
  });
});
