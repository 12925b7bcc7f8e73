// The repository rules a security team asks for (issue 28), as code and as a tested checklist: the
// rulesets and CODEOWNERS `mytpe-links init` writes, and the `gh api` script of docs/team-setup.md
// run, as written, against a fake `gh` (team/fake-gh.ts) in a repository made by init: every call
// it makes, with its body, is what the checklist says. GitHub itself cannot be reached from here.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initCommand } from "../../src/cli/init.ts";
import { REPO } from "../harness/temp-project.ts";
import { fakeGh } from "../team/fake-gh.ts";

const TEMPLATE = join(REPO, "templates", "campaign", ".github");
const json = (file: string) => JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;

/** The shell block of docs/team-setup.md under "Branch rules, as code". */
function rulesScript(): string {
  const doc = readFileSync(join(REPO, "docs", "team-setup.md"), "utf8");
  const section = doc.slice(doc.indexOf("### Branch rules, as code"));
  const block = /```sh\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("docs/team-setup.md has no sh block under Branch rules, as code");
  return block[1]!;
}

describe("the rules of a campaign repository, as code", () => {
  it("keep main to reviewed pull requests: an approval, stale ones dismissed, the latest push approved, code owners, no bypass", () => {
    const ruleset = json(join(TEMPLATE, "rulesets", "main.json"));
    expect(ruleset).toMatchObject({ target: "branch", enforcement: "active", bypass_actors: [], conditions: { ref_name: { include: ["~DEFAULT_BRANCH"] } } });
    const rules = ruleset["rules"] as { type: string; parameters?: Record<string, unknown> }[];
    expect(rules.map((rule) => rule.type).sort()).toEqual(["deletion", "non_fast_forward", "pull_request"]);
    expect(rules.find((rule) => rule.type === "pull_request")!.parameters).toMatchObject({
      required_approving_review_count: 1,
      dismiss_stale_reviews_on_push: true,
      require_last_push_approval: true,
      require_code_owner_review: true,
    });
  });

  it("keep the workflows, the owners and the rules to admins, in every branch", () => {
    const ruleset = json(join(TEMPLATE, "rulesets", "workflows.json"));
    expect(ruleset).toMatchObject({
      target: "push",
      enforcement: "active",
      bypass_actors: [{ actor_id: 5, actor_type: "RepositoryRole", bypass_mode: "always" }],
    });
    expect(ruleset["rules"]).toEqual([
      {
        type: "file_path_restriction",
        parameters: { restricted_file_paths: [".github/workflows/**", ".github/CODEOWNERS", ".github/rulesets/**", ".github/dependabot.yml"] },
      },
    ]);
  });
});

describe("the rules script of docs/team-setup.md, run in a repository made by init", () => {
  let dir: string;
  let calls: ReturnType<ReturnType<typeof fakeGh>["calls"]>;
  let result: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "rules-"));
    const said: string[] = [];
    expect(
      initCommand([dir, "--maintainers", "@acme/payment-links-maintainers", "--campaign-owners", "@acme/campaigns"], {
        cwd: dir,
        out: (line) => said.push(line),
        err: (line) => said.push(line),
      }),
    ).toBe(0);
    const gh = fakeGh({ "GET orgs/acme/teams/payment-links-maintainers": { id: 4242, slug: "payment-links-maintainers" } });
    const script = rulesScript().replace(/^REPO=.*$/m, "REPO=acme/spring-campaigns");
    result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd: dir, env: { ...process.env, ...gh.env }, encoding: "utf8" });
    calls = gh.calls();
    gh.dispose();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs to its end", () => {
    expect(result.status, String(result.stderr)).toBe(0);
  });

  it("creates both rulesets from the files init wrote", () => {
    const rulesets = calls.filter((call) => call.path === "repos/acme/spring-campaigns/rulesets");
    expect(rulesets.map((call) => call.method)).toEqual(["POST", "POST"]);
    expect(rulesets.map((call) => call.body)).toEqual([
      json(join(dir, ".github", "rulesets", "main.json")),
      json(join(dir, ".github", "rulesets", "workflows.json")),
    ]);
  });

  it("bars workflows from approving pull requests, and makes their token read-only", () => {
    expect(calls.filter((call) => call.path === "repos/acme/spring-campaigns/actions/permissions/workflow")).toEqual([
      expect.objectContaining({ method: "PUT", body: { default_workflow_permissions: "read", can_approve_pull_request_reviews: false } }),
    ]);
  });

  it("admits only main to each environment, and puts the maintainers, not the pusher, on links-preview-code and production", () => {
    const environments = calls.filter((call) => /^repos\/acme\/spring-campaigns\/environments\/[^/]+$/.test(call.path));
    expect(Object.fromEntries(environments.map((call) => [call.path.split("/").pop(), [call.method, call.body]]))).toEqual({
      "links-preview": ["PUT", { reviewers: [], deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } }],
      "links-preview-code": [
        "PUT",
        {
          reviewers: [{ type: "Team", id: 4242 }],
          prevent_self_review: true,
          deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
        },
      ],
      production: [
        "PUT",
        {
          reviewers: [{ type: "Team", id: 4242 }],
          prevent_self_review: true,
          deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
        },
      ],
    });
    const branches = calls.filter((call) => call.path.endsWith("/deployment-branch-policies"));
    expect(branches.map((call) => [call.path.split("/")[4], call.method, call.body])).toEqual(
      ["links-preview", "links-preview-code", "production"].map((environment) => [environment, "POST", { name: "main", type: "branch" }]),
    );
  });

  it("sets no secret at repository level", () => {
    expect(calls.filter((call) => /secrets/.test(call.path))).toEqual([]);
  });

  it("runs with the CODEOWNERS init wrote: the link files to the campaign owners, the rest to the maintainers", () => {
    const owners = readFileSync(join(dir, ".github", "CODEOWNERS"), "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"))
      .map((line) => line.split(/\s+/));
    expect(owners).toEqual([
      ["*", "@acme/payment-links-maintainers"],
      ["/links/**/*.yaml", "@acme/campaigns"],
      ["/links/**/*.yml", "@acme/campaigns"],
    ]);
  });
});
