// Approval bound to a commit (issue 28). The run waiting for an environment's approval is named
// for its pull request and exact commit (run-name); before `plan-code` fetches anything of the
// branch, a GitHub review must approve exactly that commit, by someone who did not push it, open
// the pull request or write one of its commits. GitHub's environment approval itself cannot be
// played here: the step that binds it to a review is run against a fake `gh` (team/fake-gh.ts)
// answering with the reviews a case needs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeGh } from "../team/fake-gh.ts";
import { evaluate, readWorkflow, runStep, stepOf } from "../team/workflow-player.ts";

const workflow = readWorkflow();
const planCode = workflow.jobs["plan-code"]!;
const REVIEW = "Require a review approving exactly this commit, by someone who did not push or write it";
const HEAD = "c".repeat(40);
const OLDER = "b".repeat(40);

type Review = { id: number; user: { login: string }; state: string; commit_id: string };
const review = (id: number, login: string, state: string, commit = HEAD): Review => ({ id, user: { login }, state, commit_id: commit });

/** The review step of plan-code for pull request #7 by bob, pushed by `pusher`, with `reviews`. */
async function bind(reviews: Review[], pusher = "mallory") {
  const temp = mkdtempSync(join(tmpdir(), "runner-temp-"));
  const gh = fakeGh({
    "GET repos/acme/links/pulls/7": { number: 7, user: { login: "bob" }, head: { sha: HEAD } },
    "GET repos/acme/links/pulls/7/commits": [
      { sha: OLDER, author: { login: "bob" }, committer: { login: "bob" } },
      { sha: HEAD, author: { login: "dave" }, committer: { login: "web-flow" } },
    ],
    "GET repos/acme/links/pulls/7/reviews": reviews,
  });
  try {
    const event = { number: 7, pull_request: { number: 7, head: { sha: HEAD } }, sender: { login: pusher } };
    return await runStep(workflow, stepOf(planCode, REVIEW), { cwd: temp, env: gh.env, runnerTemp: temp, contexts: { github: { token: "t", event } } });
  } finally {
    gh.dispose();
    rmSync(temp, { recursive: true, force: true });
  }
}

describe("the approval of a code pull request", () => {
  it("names the pull request and the exact commit on the run an approver sees", () => {
    const runName = workflow["run-name"]!.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
    const pullRequest = { event_name: "pull_request_target", sha: "a".repeat(40), event: { pull_request: { number: 7, head: { sha: HEAD } } } };
    expect(evaluate(runName, { github: pullRequest })).toBe(`payment links: plan of #7 at ${HEAD}`);
    expect(evaluate(runName, { github: { event_name: "push", sha: OLDER } })).toBe(`payment links: apply of main at ${OLDER}`);
    expect(evaluate(runName, { github: { event_name: "workflow_dispatch", sha: OLDER } })).toBe(`payment links: plan of main at ${OLDER}`);
  });

  it("is checked before anything of the branch is fetched", () => {
    const names = planCode.steps.map((step) => step.name ?? step.uses);
    expect(names.indexOf(REVIEW)).toBe(0);
    expect(names[1]).toBe("Check out the pull request merged into main");
  });

  it.each([
    ["carol approves the head commit", true, [review(1, "carol", "APPROVED")]],
    ["carol approves, then comments", true, [review(1, "carol", "APPROVED"), review(2, "carol", "COMMENTED")]],
    ["carol approved an older commit only", false, [review(1, "carol", "APPROVED", OLDER)]],
    ["carol approved the head, then asked for changes", false, [review(1, "carol", "APPROVED"), review(2, "carol", "CHANGES_REQUESTED")]],
    ["carol's approval was dismissed", false, [review(1, "carol", "DISMISSED")]],
    ["the pusher approves their own push to a colleague's branch", false, [review(1, "Mallory", "APPROVED")]],
    ["the author of the pull request approves", false, [review(1, "bob", "APPROVED")]],
    ["the author of the head commit approves", false, [review(1, "dave", "APPROVED")]],
    ["nobody reviewed", false, []],
    ["the pusher and carol approve", true, [review(1, "mallory", "APPROVED"), review(2, "carol", "APPROVED")]],
  ])("when %s, the code runs: %s", async (_, runs, reviews) => {
    const result = await bind(reviews);
    expect(result.code === 0, result.stdout + result.stderr).toBe(runs);
    if (runs) expect(result.stdout).toMatch(new RegExp(`^${HEAD} approved by carol\\n$`));
    else expect(result.stdout).toMatch(new RegExp(`^::error::no review approves ${HEAD} by someone who neither pushed it \\(mallory\\)`));
  });
});
