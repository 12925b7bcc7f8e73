// The jobs of the campaign workflow (templates/campaign/.github/workflows/links.yml) played on
// this machine, each by a runner of its own (a clone of the campaign repository) sharing the
// PostgreSQL backend and the API: on the pull request, runner A checks and plans the branch's
// change with the policy pack and keeps the update plan (the artifact); after the merge, runner B
// applies exactly that plan from main. A change pushed after the review makes the apply stop
// before any write.
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ProcessResult } from "../harness/run-process.ts";
import { declaredLinks, linkFile, startTeam, type Team } from "../harness/team.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(59_000);
const POLICY = ["--policy-pack", "policy", "--policy-pack-config", "policy/config/production.json"];
// The template's production policy wants every link to say what a price change does once paid.
const policed = (links: Record<string, Record<string, unknown>>) =>
  Object.fromEntries(Object.entries(links).map(([name, link]) => [name, { ...link, on_pricing_change: "fail" }]));
const reviewed = policed(declaredLinks("reviewed", 3, "Spring"));
const late = policed(declaredLinks("late", 3, "Summer"));
const route = (path: string) => path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "{id}");

describe("the GitOps jobs with the state in PostgreSQL: plan on the branch, apply the reviewed plan from main", () => {
  let team: Team;
  const ok = (result: ProcessResult, code = 0) => expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(code);

  beforeAll(async () => {
    team = await startTeam({
      stacks: { reviewed: ["links/reviewed.yaml"], late: ["links/late.yaml"] },
      files: { "links/reviewed.yaml": linkFile(reviewed), "links/late.yaml": linkFile(late) },
    });
    // The links as an earlier merge left them.
    const { runner } = await team.runner("earlier-merge");
    for (const up of await Promise.all(["reviewed", "late"].map((stack) => runner.mytpeLinks(["up", "--stack", stack])))) ok(up);
  }, 5 * 60_000);
  afterAll(async () => team?.dispose());

  it(
    "runner B applies from main exactly the update plan runner A saved for the reviewed branch",
    async () => {
      const a = await team.runner("pull-request-a");
      await a.runner.git("checkout", "-q", "-b", "spring-titles");
      a.runner.write({
        "links/reviewed.yaml": linkFile({
          ...reviewed,
          "reviewed-0": { ...reviewed["reviewed-0"], title: "Spring, extended" },
          "reviewed-3": {
            title: "Spring 3",
            amount_mode: "fixed",
            amount: 900,
            usage_mode: "reusable",
            on_pricing_change: "fail",
            metadata: { campaign: "reviewed" },
          },
        }),
      });
      await a.runner.git("commit", "-q", "-am", "Spring: extend, add a link");
      await a.runner.git("push", "-q", "origin", "spring-titles");
      ok(await a.runner.mytpeLinks(["check", "--stack", "reviewed"]));
      ok(await a.runner.mytpeLinks(["plan", "--stack", "reviewed", ...POLICY, "--save-plan", ".plan/update-plan.json"]), 2);
      const comment = readFileSync(join(a.runner.dir, ".plan", "plan.md"), "utf8");
      expect(comment).toContain("`reviewed-0`");
      expect(comment).toContain("`reviewed-3`");
      expect(a.proxy.writes()).toEqual([]);

      await team.origin.git("merge", "-q", "--no-ff", "spring-titles", "-m", "Merge pull request: spring titles");
      const b = await team.runner("main-b");
      // The artifact of the pull request's plan job, downloaded by the apply job.
      cpSync(join(a.runner.dir, ".plan"), join(b.runner.dir, ".plan"), { recursive: true });
      ok(await b.runner.mytpeLinks(["apply", "--stack", "reviewed", "--plan", ".plan/update-plan.json", ...POLICY]));

      expect(
        b.proxy
          .writes()
          .map((call) => `${call.method} ${route(call.path)}`)
          .sort(),
      ).toEqual(["POST /api/ext/links", "POST /api/ext/links/{id}/publish", "PUT /api/ext/links/{id}"]);
      const titles = team.sandbox
        .links()
        .filter((link) => link.title.startsWith("Spring"))
        .map((link) => link.title);
      expect(titles.sort()).toEqual(["Spring 1", "Spring 2", "Spring 3", "Spring, extended"]);
      ok(await b.runner.mytpeLinks(["pulumi", "preview", "--stack", "reviewed", "--expect-no-changes"]));
    },
    STEP,
  );

  it(
    "a change pushed after the review makes the apply from main stop before any API write",
    async () => {
      const a = await team.runner("pull-request-late");
      await a.runner.git("checkout", "-q", "-b", "summer-title");
      a.runner.write({ "links/late.yaml": linkFile({ ...late, "late-0": { ...late["late-0"], title: "Summer, reviewed" } }) });
      await a.runner.git("commit", "-q", "-am", "Summer: new title");
      ok(await a.runner.mytpeLinks(["plan", "--stack", "late", ...POLICY, "--save-plan", ".plan/update-plan.json"]), 2);
      // Approved; then one more push changes the price, and the pull request is merged without a new review.
      a.runner.write({ "links/late.yaml": linkFile({ ...late, "late-0": { ...late["late-0"], title: "Summer, reviewed", amount: 5000 } }) });
      await a.runner.git("commit", "-q", "-am", "Summer: price too");
      await a.runner.git("push", "-q", "origin", "summer-title");
      await team.origin.git("merge", "-q", "--no-ff", "summer-title", "-m", "Merge pull request: summer title");

      const b = await team.runner("main-late");
      cpSync(join(a.runner.dir, ".plan"), join(b.runner.dir, ".plan"), { recursive: true });
      const apply = await b.runner.mytpeLinks(["apply", "--stack", "late", "--plan", ".plan/update-plan.json", ...POLICY]);

      expect(apply.code).not.toBe(0);
      expect(apply.stdout + apply.stderr).toMatch(/late-0 violates plan: properties changed: .*amount/);
      expect(b.proxy.writes()).toEqual([]);
      const link = team.sandbox.links().find((candidate) => candidate.title === "Summer 0");
      expect(link?.amount).toBe("100.00");
    },
    STEP,
  );
});
