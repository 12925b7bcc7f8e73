// What the pull request is told after its merge (issue 28): when the apply failed, was cancelled,
// was dropped from the queue by a later merge's apply, or had no plan to apply, the `report` job
// (secretless, outside the apply's concurrency group) comments on the merged pull request, saying
// whether anything of the plan may have been applied (from whether GitHub recorded the update step
// as started) and the one action. And the plan comment: posted for the pull request's current
// commit only. GitHub's API is not here: the github-script steps run with a fake `github`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { playJobs, readWorkflow, runGithubScript, stepOf } from "../team/workflow-player.ts";

const workflow = readWorkflow();
const PUSH = { event_name: "push", ref: "refs/heads/main" };
const FOUND = { "find-plan": { "pr-number": "7", "head-sha": "c".repeat(40), "run-id": "101" } };

describe("the report of a merge that is not applied", () => {
  it.each([
    ["failed", { apply: "failure" as const }, FOUND, "success"],
    ["was cancelled or dropped", { apply: "cancelled" as const }, FOUND, "success"],
    ["had no plan", { "find-plan": "failure" as const }, { "find-plan": { "pr-number": "7", refusal: "x" } }, "success"],
    ["applied", {}, FOUND, "skipped"],
    ["came from no pull request", { "find-plan": "failure" as const }, { "find-plan": { "pr-number": "" } }, "skipped"],
  ])("runs when the apply %s: %s", (_, results, outputs, report) => {
    expect(playJobs(workflow, PUSH, { results, outputs })["report"]).toBe(report);
  });

  it("holds no secret and is in no concurrency group: a later apply cannot drop it", () => {
    const report = workflow.jobs["report"]!;
    expect(JSON.stringify(report)).not.toContain("secrets.");
    expect(report.environment).toBeUndefined();
    expect(report.concurrency).toBeUndefined();
  });

  /** The comment the report posts, for the apply's result and the update step as GitHub recorded it. */
  async function reportOf(result: string, updateStep: Record<string, unknown> | undefined, refusal = "") {
    const comments: { issue_number: number; body: string }[] = [];
    const summaries: string[] = [];
    const listJobs = Symbol("listJobsForWorkflowRunAttempt");
    const github = {
      rest: {
        actions: { listJobsForWorkflowRunAttempt: listJobs },
        issues: { createComment: async (comment: { issue_number: number; body: string }) => void comments.push(comment) },
      },
      paginate: async (method: symbol, params: Record<string, unknown>) => {
        expect(method).toBe(listJobs);
        expect(params).toMatchObject({ owner: "acme", repo: "links", run_id: 1001, attempt_number: 1 });
        return [
          { name: "find the plan reviewed for this merge", steps: [] },
          {
            name: "apply the reviewed plan (main)",
            steps: updateStep
              ? [
                  { name: "Set up job", started_at: "t" },
                  { name: "Apply the reviewed update plan", ...updateStep },
                ]
              : [],
          },
        ];
      },
    };
    const core = { summary: { addRaw: (text: string) => ({ write: async () => void summaries.push(text) }) } };
    const context = { repo: { owner: "acme", repo: "links" }, runId: 1001 };
    await runGithubScript(stepOf(workflow.jobs["report"]!, "Say on the pull request what may have been applied, and the one action"), {
      github,
      context,
      core,
      env: { PR_NUMBER: "7", APPLY_RESULT: result, REFUSAL: refusal },
    });
    expect(summaries).toEqual(comments.map((comment) => comment.body));
    expect(comments.map((comment) => comment.issue_number)).toEqual([7]);
    return comments[0]!.body;
  }

  it.each([
    [
      "failed during the update",
      "failure",
      { status: "completed", conclusion: "failure", started_at: "t" },
      "The update started and stopped: **part of the reviewed plan may have been applied**",
    ],
    [
      "failed before the update",
      "failure",
      { status: "completed", conclusion: "skipped", started_at: null },
      "The apply stopped before the update started (the plan could not be fetched or verified): **nothing was applied.**",
    ],
    [
      "was cancelled during the update",
      "cancelled",
      { status: "completed", conclusion: "cancelled", started_at: "t" },
      "The apply was cancelled during the update: **part of the reviewed plan may have been applied**, and the stack may still be locked",
    ],
    [
      "was dropped from the queue",
      "cancelled",
      undefined,
      "The apply was cancelled, or dropped from the queue by a later merge's apply, before the update started: **nothing of this plan was applied.**",
    ],
  ])("says, when the apply %s, what may have been applied", async (_, result, step, said) => {
    const body = await reportOf(result, step);
    expect(body).toContain("> **Merged but not applied: production is not main.** ");
    expect(body).toContain(said);
    expect(body).toContain("https://github.com/acme/links/actions/runs/1001");
    expect(body).toContain("> To bring production to main: Actions → **payment links** → **Run workflow** on `main`.");
  });

  it("says why no plan could be used, and that nothing was applied", async () => {
    const body = await reportOf("skipped", undefined, "this workflow kept no plan of that commit");
    expect(body).toContain("No reviewed plan could be used: this workflow kept no plan of that commit. **Nothing was applied.**");
  });
});

describe("the plan comment", () => {
  async function post(headNow: string, existing: { id: number; user: { type: string }; body: string }[]) {
    const dir = mkdtempSync(join(tmpdir(), "comment-"));
    mkdirSync(join(dir, ".plan"));
    writeFileSync(join(dir, ".plan", "plan.md"), "<!-- mytpe-links-plan -->\n### Payment links plan\n");
    const calls: string[] = [];
    const notices: string[] = [];
    const listComments = Symbol("listComments");
    const github = {
      rest: {
        pulls: { get: async () => ({ data: { head: { sha: headNow } } }) },
        issues: {
          listComments,
          updateComment: async ({ comment_id }: { comment_id: number }) => void calls.push(`update ${comment_id}`),
          createComment: async ({ issue_number }: { issue_number: number }) => void calls.push(`create on #${issue_number}`),
        },
      },
      paginate: async () => existing,
    };
    try {
      await runGithubScript(stepOf(workflow.jobs["comment"]!, "Post or update the plan comment"), {
        github,
        context: { repo: { owner: "acme", repo: "links" }, issue: { number: 7 } },
        core: { notice: (text: string) => void notices.push(text) },
        env: { HEAD_SHA: "c".repeat(40) },
        cwd: dir,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return { calls, notices };
  }

  it("replaces the bot's earlier plan comment on the pull request", async () => {
    expect(
      (
        await post("c".repeat(40), [
          { id: 3, user: { type: "User" }, body: "<!-- mytpe-links-plan --> forged" },
          { id: 4, user: { type: "Bot" }, body: "<!-- mytpe-links-plan -->\nold" },
        ])
      ).calls,
    ).toEqual(["update 4"]);
    expect((await post("c".repeat(40), [])).calls).toEqual(["create on #7"]);
  });

  it("never replaces the plan of a later commit with the plan of an older one", async () => {
    const { calls, notices } = await post("e".repeat(40), []);
    expect(calls).toEqual([]);
    expect(notices).toEqual([`the pull request is at ${"e".repeat(40)} now, not ${"c".repeat(40)}: its own run posts its plan`]);
  });

  it("is shown in the run's summary too, which nobody can edit", () => {
    expect(stepOf(workflow.jobs["comment"]!, "Show the plan in the run's summary").run).toBe('cat .plan/plan.md >> "$GITHUB_STEP_SUMMARY"');
  });
});
