// A plan nobody can forge (issue 28). After a merge, the apply takes only the plan this workflow
// made, on main's rules, for the merged pull request's last commit: the producing run must be this
// file on main (`.github/workflows/links.yml`, event pull_request_target, branch main), named for
// that pull request and commit, successful, and alone; anything else bearing the plan's name is
// refused. Where attestations are on, the plan's attestation must be this workflow's, on main, of
// that very run. GitHub's API and attestations are not here: the steps run against a fake `gh`
// (team/fake-gh.ts) answering as the API does, with the fields the steps read.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fakeGh, type GhAnswer } from "../team/fake-gh.ts";
import { evaluate, readWorkflow, runStep, stepOf, type Step } from "../team/workflow-player.ts";

const workflow = readWorkflow();
const findPlan = workflow.jobs["find-plan"]!;
const MERGE = "d".repeat(40);
const HEAD = "c".repeat(40);
const TITLE = `payment links: plan of #7 at ${HEAD}`;

async function play(step: Step, answers: Record<string, GhAnswer>, env: Record<string, string> = {}, files: Record<string, string> = {}) {
  const temp = mkdtempSync(join(tmpdir(), "runner-temp-"));
  const gh = fakeGh(answers);
  try {
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(temp, file, ".."), { recursive: true });
      writeFileSync(join(temp, file), text);
    }
    return await runStep(workflow, step, { cwd: temp, env: { ...gh.env, GH_TOKEN: "t", GITHUB_SHA: MERGE, ...env }, runnerTemp: temp });
  } finally {
    gh.dispose();
    rmSync(temp, { recursive: true, force: true });
  }
}

describe("the pull request a merge comes from", () => {
  const pull = stepOf(findPlan, "pull");
  const merged = (number: number, extra: Record<string, unknown> = {}) => ({
    number,
    merged_at: "2026-01-01T00:00:00Z",
    base: { ref: "main" },
    merge_commit_sha: MERGE,
    head: { sha: HEAD },
    ...extra,
  });

  it("is the one pull request merged into main by this very commit; an open one holding it does not count", async () => {
    const result = await play(pull, {
      [`GET repos/acme/links/commits/${MERGE}/pulls`]: [merged(7), { ...merged(8), merged_at: null }, merged(9, { base: { ref: "release" } })],
    });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs).toEqual({ "pr-number": "7", "head-sha": HEAD });
  });

  it.each([
    ["no pull request (a push straight to main)", []],
    ["two pull requests", [merged(7), merged(9)]],
  ])("is refused when the commit is the merge of %s: nothing is applied", async (_, pulls) => {
    const result = await play(pull, { [`GET repos/acme/links/commits/${MERGE}/pulls`]: pulls });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^::error::${MERGE} is the merge of ${pulls.length} pull requests, not of one: which plan was reviewed cannot be told, so nothing is applied`),
    );
    expect(result.outputs).toEqual({});
  });
});

describe("the plan of a merge", () => {
  const plan = stepOf(findPlan, "plan");
  const ours = { id: 101, path: ".github/workflows/links.yml", event: "pull_request_target", head_branch: "main", display_title: TITLE, conclusion: "success" };
  /** The API's answers for artifacts named links-plan-HEAD made by these runs. */
  const made = (...runs: Record<string, unknown>[]) => ({
    [`GET repos/acme/links/actions/artifacts?name=links-plan-${HEAD}&per_page=100`]: {
      artifacts: runs.map((run) => ({ name: `links-plan-${HEAD}`, expired: false, workflow_run: { id: run["id"] } })),
    },
    ...Object.fromEntries(runs.map((run) => [`GET repos/acme/links/actions/runs/${String(run["id"])}`, run])),
  });
  const findPlanOf = (answers: Record<string, GhAnswer>) => play(plan, answers, { PR_NUMBER: "7", HEAD_SHA: HEAD });

  it("is the one this workflow made on main for the pull request's last commit", async () => {
    const result = await findPlanOf(made(ours));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.outputs).toEqual({ "run-id": "101" });
  });

  it("names its run as the workflow's run-name does", () => {
    const runName = workflow["run-name"]!.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
    expect(evaluate(runName, { github: { event_name: "pull_request_target", event: { pull_request: { number: 7, head: { sha: HEAD } } } } })).toBe(TITLE);
  });

  it("is taken from a run whose path names main's ref, as the API may write it", async () => {
    expect((await findPlanOf(made({ ...ours, path: ".github/workflows/links.yml@refs/heads/main" }))).outputs).toEqual({ "run-id": "101" });
  });

  it.each([
    ["another workflow of the repository", { id: 666, path: ".github/workflows/build.yml", event: "push", head_branch: "feature" }],
    ["the branch's own copy of this workflow, run on push", { id: 666, event: "push", head_branch: "feature" }],
    ["this workflow edited in a branch that another pull request targets", { id: 666, head_branch: "evil-base" }],
    ["a run of this workflow's path on another ref", { id: 666, path: ".github/workflows/links.yml@refs/heads/evil" }],
    ["this workflow run for another pull request", { id: 666, display_title: `payment links: plan of #9 at ${HEAD}` }],
    ["this workflow run by hand", { id: 666, event: "workflow_dispatch" }],
  ])("is refused, nothing applied, when an artifact of that name comes from %s", async (_, stranger) => {
    const result = await findPlanOf(made(ours, { ...ours, ...stranger }));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^::error::no plan of #7 at ${HEAD} can be applied: an artifact of that name was made by run 666 \\(`));
    expect(result.stdout).toMatch(/Nothing was applied\.\n$/);
    expect(result.outputs["run-id"]).toBeUndefined();
    expect(result.outputs["refusal"]).toMatch(/^an artifact of that name was made by run 666/);
  });

  it.each([
    ["there is none", made(), "this workflow kept no plan of that commit"],
    [
      "there are several",
      made(ours, { ...ours, id: 102 }),
      "this workflow kept several plans of that commit (runs 101, 102): which one was reviewed cannot be told",
    ],
    ["its run failed", made({ ...ours, conclusion: "failure" }), 'its plan run 101 ended "failure"'],
    ["its run has not finished", made({ ...ours, conclusion: null }), 'its plan run 101 ended "unfinished"'],
  ])("is refused when %s", async (_, answers, reason) => {
    const result = await findPlanOf(answers);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain(`::error::no plan of #7 at ${HEAD} can be applied: ${reason}`);
  });

  it("is applied by a job that takes exactly that run's artifact", () => {
    const download = workflow.jobs["apply"]!.steps.find((step) => step.uses?.startsWith("actions/download-artifact@"))!;
    expect(download.with).toEqual({
      name: "links-plan-${{ needs.find-plan.outputs.head-sha }}",
      path: ".plan",
      "run-id": "${{ needs.find-plan.outputs.run-id }}",
      "github-token": "${{ github.token }}",
    });
    expect(workflow.jobs["apply"]!.needs).toBe("find-plan");
  });
});

describe("the attestation of the plan, when the repository requires attestations", () => {
  const verify = stepOf(workflow.jobs["apply"]!, "Verify that this workflow attested the plan, in that run, on main");
  const certificate = {
    buildTrigger: "pull_request_target",
    sourceRepositoryRef: "refs/heads/main",
    runInvocationURI: "https://github.com/acme/links/actions/runs/101/attempts/1",
  };
  const verified = (cert: Record<string, string>) => [{ verificationResult: { signature: { certificate: cert } } }];
  const verifyWith = (answer: GhAnswer) => play(verify, { "attestation verify": answer }, { RUN_ID: "101" }, { ".plan/update-plan.json": "{}" });

  it("is checked only when LINKS_PLAN_ATTESTATION is required", () => {
    expect(verify.if).toBe("vars.LINKS_PLAN_ATTESTATION == 'required'");
  });

  it("passes for this workflow's signature of the run the plan was taken from", async () => {
    const result = await verifyWith(verified(certificate));
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it.each([
    ["another run", { ...certificate, runInvocationURI: "https://github.com/acme/links/actions/runs/1010/attempts/1" }],
    ["a push", { ...certificate, buildTrigger: "push" }],
    ["another branch", { ...certificate, sourceRepositoryRef: "refs/heads/evil" }],
  ])("refuses a signature of %s", async (_, cert) => {
    const result = await verifyWith(verified(cert));
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("::error::the update plan's attestation is not this workflow's, on main, for pull request run 101: nothing was applied.\n");
  });

  it("refuses a plan gh cannot verify as signed by this workflow", async () => {
    const result = await verifyWith({ fail: 'Error: verifying with issuer "sigstore.dev": no attestations found' });
    expect(result.code).not.toBe(0);
    const args = (verify.run ?? "").replace(/\\\n\s*/g, "");
    expect(args).toContain('--signer-workflow "${GITHUB_REPOSITORY}/.github/workflows/links.yml"');
    expect(args).toContain("--deny-self-hosted-runners");
  });
});

describe("the apply's run summary", () => {
  it("names the plan it applies by its SHA-256, the pull request, the commit and the run that made it, then shows the plan", async () => {
    const step = stepOf(workflow.jobs["apply"]!, "Say which plan is applied");
    const result = await play(
      step,
      {},
      { PR_NUMBER: "7", HEAD_SHA: HEAD, RUN_ID: "101" },
      { ".plan/update-plan.json": '{"resourcePlans":{}}\n', ".plan/plan.md": "### Payment links plan\n" },
    );
    expect(result.code, result.stderr).toBe(0);
    const { createHash } = await import("node:crypto");
    const digest = createHash("sha256").update('{"resourcePlans":{}}\n').digest("hex");
    expect(result.summary).toBe(
      `Applying update plan \`sha256:${digest}\` of #7 at \`${HEAD}\`, made by https://github.com/acme/links/actions/runs/101, on main \`${MERGE}\`.\n\n### Payment links plan\n`,
    );
  });
});
