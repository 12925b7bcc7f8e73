// Credentials only in environments (issue 28): the secretless `classify` job, which every pull
// request's plan needs, fails and says what to do while one of the four credentials is a
// repository or organisation secret (a job without an environment sees exactly those); and what
// the package ships never tells a team to store them anywhere else. GitHub's secret store is not
// here: the step is run with the `secrets` context GitHub would give it (team/workflow-player.ts).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../harness/temp-project.ts";
import { playJobs, readWorkflow, runStep, stepOf } from "../team/workflow-player.ts";

const workflow = readWorkflow();
const refuse = stepOf(workflow.jobs["classify"]!, "Refuse credentials outside the environments");

async function classifyWith(secrets: Record<string, string>) {
  const temp = mkdtempSync(join(tmpdir(), "runner-temp-"));
  try {
    return await runStep(workflow, refuse, { cwd: temp, env: {}, runnerTemp: temp, contexts: { secrets } });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

describe("credentials outside the environments", () => {
  it("pass when none of the four is a repository or organisation secret", async () => {
    const result = await classifyWith({ GITHUB_TOKEN: "t", SLACK_WEBHOOK: "x" });
    expect(result.code, result.stdout + result.stderr).toBe(0);
  });

  it("fail classify when the API key is a repository secret, naming it and saying where it belongs, without printing it", async () => {
    const result = await classifyWith({ MYTPE_API_KEY: "mtk_live_0123456789abcdef0123456789abcdef" });
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/^::error::MYTPE_API_KEY is a repository or organisation secret: every workflow of every branch can read them/);
    expect(result.stdout).toContain("links-preview, links-preview-code and production");
    expect(result.stdout + result.stderr).not.toContain("mtk_live_");
  });

  it("name every one of them that is visible", async () => {
    const result = await classifyWith({ PULUMI_BACKEND_URL: "postgres://x", PULUMI_CONFIG_PASSPHRASE: "p", MYTPE_API_SECRET: "s" });
    expect(result.stdout).toMatch(/^::error::MYTPE_API_SECRET PULUMI_BACKEND_URL PULUMI_CONFIG_PASSPHRASE are repository or organisation secrets: /);
  });

  it("stop every plan of the pull request: nothing is planned while classify fails", () => {
    const played = playJobs(
      workflow,
      { event_name: "pull_request_target", repository: "acme/links", event: { pull_request: { number: 7, head: { repo: { full_name: "acme/links" } } } } },
      { results: { classify: "failure" } },
    );
    expect(played).toMatchObject({ classify: "failure", plan: "skipped", "plan-code": "skipped", comment: "skipped" });
  });

  it("can be a read-only broker's in the preview environments: their plan step reads MYTPE_API_URL from the environment's variables, the apply never does", () => {
    for (const id of ["plan", "plan-code", "plan-main"]) expect(stepOf(workflow.jobs[id]!, "plan").env?.["MYTPE_API_URL"]).toBe("${{ vars.MYTPE_API_URL }}");
    for (const id of ["apply", "apply-main"]) expect(JSON.stringify(workflow.jobs[id])).not.toContain("MYTPE_API_URL");
    // The stack file leaves the API to the environment (the same API by default): stack config would win over it.
    expect(readFileSync(join(REPO, "templates", "campaign", "stacks", "Pulumi.production.yaml"), "utf8")).not.toMatch(/^\s+mytpe:apiUrl:/m);
  });

  it("are never what the package's READMEs and stack files ask for", () => {
    const readme = readFileSync(join(REPO, "templates", "campaign", "README.md"), "utf8");
    expect(readme).not.toMatch(/^- Repository secrets/m);
    expect(readme).toMatch(/\*\*environment secrets\s+only\*\*/);
    for (const template of ["campaign", "campaign-yaml"]) {
      expect(readFileSync(join(REPO, "templates", template, "stacks", "Pulumi.production.yaml"), "utf8")).toContain("in CI, environment secrets only");
    }
  });
});
