// Two pull requests merged back to back, the second planned before the first was applied, played
// from the campaign workflow itself (workflow-player.ts): its `plan`, `apply`, `plan-main` and
// `apply-main` jobs' scripts run by bash in clones of the campaign repository, sharing the
// PostgreSQL state and the API, as GitHub's runners would; `uses:` steps are played by hand
// (checkout: the clone at the commit; upload/download-artifact: copying .plan/). Applied in merge
// order, both apply and production ends equal to main. When the first merge's apply never ran
// (GitHub keeps one pending run per concurrency group and drops the older), the second's reviewed
// plan no longer matches main: nothing of it is applied, the apply says so, the report job says so
// on the pull request (test/workflow/report.test.ts plays its script), and Run workflow on main
// brings production to main.
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { declaredLinks, linkFile, startTeam, type Team } from "../harness/team.ts";
import { REPO } from "../harness/temp-project.ts";
import type { Runner } from "../harness/campaign-repo.ts";
import { playJobs, readWorkflow, runStep, stepOf, type Contexts, type Job } from "./workflow-player.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(137_000);
const MAIN = join(REPO, "dist", "cli", "main.js");
const workflow = readWorkflow();
const jobs = workflow.jobs as Record<string, Job>;
// The production policy wants every link to say what a price change does once paid.
const policed = (links: Record<string, Record<string, unknown>>) =>
  Object.fromEntries(Object.entries(links).map(([name, link]) => [name, { ...link, on_pricing_change: "fail" }]));
const spring = policed(declaredLinks("spring", 2, "Spring"));
const summer = policed(declaredLinks("summer", 2, "Summer"));

/**
 * A `run:` step of `job` in the runner's clone; `npx mytpe-links` is this repository's build there.
 * The runner's environment stands for the environment's secrets; `contexts` give the step's `env:`.
 */
async function run(runner: Runner, job: string, step: string, env: Record<string, string> = {}, contexts: Contexts = {}) {
  const environment = Object.fromEntries(Object.entries(runner.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return runStep(workflow, stepOf(jobs[job]!, step), {
    cwd: runner.dir,
    env: { ...environment, ...env },
    runnerTemp: runner.dir,
    contexts,
    rewrite: (script) => script.replaceAll("npx mytpe-links", `node ${MAIN}`),
  });
}

/** What a step's `env:` reads from the step `source` before it (the commits a plan is of). */
const fromSource = (outputs: Record<string, string>): Contexts => ({ steps: { source: { outputs } } });

describe("two pull requests merged back to back, the second planned before the first was applied", () => {
  let team: Team;

  beforeAll(async () => {
    team = await startTeam({
      stacks: { production: ["links/spring.yaml", "links/summer.yaml"] },
      files: { "links/spring.yaml": linkFile(spring), "links/summer.yaml": linkFile(summer) },
    });
    const { runner } = await team.runner("earlier-merge");
    const up = await runner.mytpeLinks(["up", "--stack", "production"]);
    expect(up.code, up.stdout + up.stderr).toBe(0);
  }, 5 * 60_000);
  afterAll(async () => team?.dispose());

  /** A pull request's branch, pushed to the origin from an author's clone; its head commit. */
  async function pullRequest(name: string, files: Record<string, string>): Promise<string> {
    const { runner: author } = await team.runner(`author-${name}`);
    await author.git("checkout", "-q", "-b", name);
    author.write(files);
    await author.git("commit", "-q", "-am", name);
    await author.git("push", "-q", "origin", name);
    return (await author.git("rev-parse", "HEAD")).trim();
  }

  /** The `plan` job of a pull request of link files, on a runner of its own; the runner keeps .plan/ (the artifact). */
  async function planJob(name: string, headSha: string): Promise<Runner> {
    const { runner } = await team.runner(`plan-${name}`);
    const overlay = await run(runner, "plan", "Lay the pull request's link files over main, nothing else", { GH_TOKEN: "token", HEAD_SHA: headSha });
    expect(overlay.code, overlay.stdout + overlay.stderr).toBe(0);
    const check = await run(runner, "plan", "Check the link declarations");
    expect(check.code, check.stdout + check.stderr).toBe(0);
    const plan = await run(runner, "plan", "plan", {}, fromSource(overlay.outputs));
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    expect(plan.outputs["exit-code"]).toBe("2");
    // The comment names the commit planned and main's, and the update plan's SHA-256 that plan printed.
    const digest = /plan: update plan \.plan\/update-plan\.json (sha256:[0-9a-f]{64})/.exec(plan.stderr)?.[1];
    expect(readFileSync(join(runner.dir, ".plan", "plan.md"), "utf8")).toContain(
      `<sub>update plan \`${digest}\` · head \`${headSha}\` · on main \`${overlay.outputs["base-sha"]}\``,
    );
    return runner;
  }

  /** A job that applies an update plan: a runner at `commit` with the artifact's .plan/. */
  async function applyJob(name: string, commit: string, artifact: Runner, job: "apply" | "apply-main") {
    const { runner, proxy } = await team.runner(name);
    await runner.git("checkout", "-q", commit);
    cpSync(join(artifact.dir, ".plan"), join(runner.dir, ".plan"), { recursive: true });
    return { result: await run(runner, job, "Apply the reviewed update plan"), proxy };
  }

  /** Run workflow on main: plan-main, then (approved) apply-main with that plan, on runners of their own. */
  async function runWorkflowOnMain(name: string, commit: string) {
    const { runner: planMain } = await team.runner(`plan-main-${name}`);
    const source = await run(planMain, "plan-main", "source", { GITHUB_SHA: commit });
    for (const step of ["Check the link declarations", "plan"]) {
      const result = await run(planMain, "plan-main", step, {}, fromSource(source.outputs));
      expect(result.code, result.stdout + result.stderr).toBe(0);
      if (step === "plan") expect(result.outputs["exit-code"]).toBe("2");
    }
    const dispatch = playJobs(workflow, { event_name: "workflow_dispatch", ref: "refs/heads/main" }, { outputs: { "plan-main": { "exit-code": "2" } } });
    expect(dispatch["apply-main"]).toBe("success");
    return applyJob(`apply-main-${name}`, commit, planMain, "apply-main");
  }

  /** Production is main: a preview of main has nothing to do. */
  async function expectProductionIsMain() {
    const { runner } = await team.runner(`after-${Date.now()}`);
    const preview = await runner.mytpeLinks(["pulumi", "preview", "--stack", "production", "--expect-no-changes"]);
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
  }

  const titles = () =>
    team.sandbox
      .links()
      .map((link) => link.title)
      .sort();

  it(
    "applies both in merge order, the second with its own plan, and production ends equal to main",
    async () => {
      const springHead = await pullRequest("spring-title", {
        "links/spring.yaml": linkFile({ ...spring, "spring-0": { ...spring["spring-0"], title: "Spring, extended" } }),
      });
      const summerHead = await pullRequest("summer-link", {
        "links/summer.yaml": linkFile({ ...summer, "summer-2": { ...summer["summer-0"], title: "Summer 2", amount: 300 } }),
      });
      // Both planned against the same main, before either is merged.
      const springPlan = await planJob("spring", springHead);
      const summerPlan = await planJob("summer", summerHead);
      expect(readFileSync(join(summerPlan.dir, ".plan", "plan.md"), "utf8")).toContain("`summer-2`");

      // Merged back to back; each merge starts an apply job, the second waiting for the first (one group).
      await team.origin.git("merge", "-q", "--no-ff", "spring-title", "-m", "Merge pull request #1: spring title");
      const firstMerge = (await team.origin.git("rev-parse", "HEAD")).trim();
      await team.origin.git("merge", "-q", "--no-ff", "summer-link", "-m", "Merge pull request #2: summer link");
      const secondMerge = (await team.origin.git("rev-parse", "HEAD")).trim();

      const first = await applyJob("apply-1", firstMerge, springPlan, "apply");
      expect(first.result.code, first.result.stdout + first.result.stderr).toBe(0);
      expect(first.proxy.writes().map((call) => call.method)).toEqual(["PUT"]);
      // The second plan never touched spring-0, which main now declares as the first merge left it: it still holds.
      const second = await applyJob("apply-2", secondMerge, summerPlan, "apply");
      expect(second.result.code, second.result.stdout + second.result.stderr).toBe(0);
      expect(second.proxy.writes().map((call) => call.method)).toEqual(["POST", "POST"]);

      expect(titles()).toEqual(["Spring 1", "Spring, extended", "Summer 0", "Summer 1", "Summer 2"]);
      await expectProductionIsMain();
    },
    3 * STEP,
  );

  it(
    "when the first merge's apply never ran, refuses the second's stale plan, says so on its pull request, and Run workflow brings production to main",
    async () => {
      const springHead = await pullRequest("spring-again", {
        "links/spring.yaml": linkFile({
          ...spring,
          "spring-0": { ...spring["spring-0"], title: "Spring, extended" },
          "spring-1": { ...spring["spring-1"], title: "Spring 1, last days" },
        }),
      });
      const summerHead = await pullRequest("summer-again", {
        "links/summer.yaml": linkFile({
          ...summer,
          "summer-2": { ...summer["summer-0"], title: "Summer 2", amount: 300 },
          "summer-3": { ...summer["summer-0"], title: "Summer 3", amount: 400 },
        }),
      });
      await planJob("spring-again", springHead);
      const summerPlan = await planJob("summer-again", summerHead);
      await team.origin.git("merge", "-q", "--no-ff", "spring-again", "-m", "Merge pull request #3: spring again");
      await team.origin.git("merge", "-q", "--no-ff", "summer-again", "-m", "Merge pull request #4: summer again");
      const lastMerge = (await team.origin.git("rev-parse", "HEAD")).trim();

      // Merge #3's apply never ran (GitHub dropped it as the older pending run of the group, or it
      // failed): merge #4's plan lacks its change, and main has it.
      const stale = await applyJob("apply-4", lastMerge, summerPlan, "apply");
      expect(stale.result.code).not.toBe(0);
      expect(stale.result.stdout + stale.result.stderr).toMatch(/spring-[01] violates plan: properties changed: .*title/);
      expect(stale.proxy.writes()).toEqual([]);
      // It says what it applied (nothing), and the job's failure makes the report job comment on #4.
      expect(stale.result.stderr).toContain("mytpe-links apply: the update stopped before changing any link: nothing of the plan was applied.");
      expect(
        playJobs(workflow, { event_name: "push", ref: "refs/heads/main" }, { results: { apply: "failure" }, outputs: { "find-plan": { "pr-number": "4" } } })[
          "report"
        ],
      ).toBe("success");
      expect(titles()).not.toContain("Summer 3");

      const applyMain = await runWorkflowOnMain("4", lastMerge);
      expect(applyMain.result.code, applyMain.result.stdout + applyMain.result.stderr).toBe(0);
      expect(titles()).toEqual(["Spring 1, last days", "Spring, extended", "Summer 0", "Summer 1", "Summer 2", "Summer 3"]);
      await expectProductionIsMain();
    },
    4 * STEP,
  );
});
