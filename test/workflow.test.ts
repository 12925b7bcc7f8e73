// The GitOps workflow passes actionlint (built from the Go module proxy; without Go this fails,
// it does not skip), and the linter is real: a broken workflow is reported. Then the workflow as
// GitHub reads it (parsed, its `if:`s evaluated, its scripts run: team/workflow-player.ts): which
// jobs run for which pull request, with which secrets in which steps, how a pull request is
// classified. The rest is tested in test/workflow/: the plan of link files (link-files-overlay),
// credentials, pinning, approval, the plan's provenance, the apply's reports (issue 28).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintWorkflows, workflowFiles } from "../scripts/actionlint.ts";
import { REPO } from "./harness/temp-project.ts";
import { fakeGh } from "./team/fake-gh.ts";
import { runnerCommands } from "./team/runner-commands.ts";
import { playJobs, readWorkflow, REPO_WORKFLOW, runStep, secretsOf, stepOf, TEMPLATE_WORKFLOW } from "./team/workflow-player.ts";

describe("the GitHub Actions workflows", () => {
  it("have no actionlint finding", () => {
    const files = workflowFiles();
    expect(files).toContain(".github/workflows/links.yml");
    const { code, findings } = lintWorkflows(files);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  }, 300_000);

  it("are linted for real: an unknown context and a bad runner label are reported", () => {
    const dir = mkdtempSync(join(tmpdir(), "actionlint-"));
    try {
      mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
      writeFileSync(
        join(dir, ".github", "workflows", "broken.yml"),
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latst\n    steps:\n      - run: echo ${{ secretz.TOKEN }}\n",
      );
      const { code, findings } = lintWorkflows([".github/workflows/broken.yml"], dir);
      expect(code).not.toBe(0);
      expect(findings.join("\n")).toMatch(/secretz/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

const PULL_REQUEST = {
  event_name: "pull_request_target",
  repository: "acme/links",
  event: { pull_request: { number: 7, head: { repo: { full_name: "acme/links" } } } },
};
const CREDENTIALS = ["MYTPE_API_KEY", "MYTPE_API_SECRET", "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"];
const SKIPPED = {
  classify: "skipped",
  plan: "skipped",
  "plan-code": "skipped",
  attest: "skipped",
  comment: "skipped",
  "find-plan": "skipped",
  apply: "skipped",
  report: "skipped",
  "plan-main": "skipped",
  "apply-main": "skipped",
};

describe("the campaign workflow, read as GitHub reads it", () => {
  const workflow = readWorkflow();
  const { jobs } = workflow;

  it("is the one this repository runs", () => {
    expect(readFileSync(REPO_WORKFLOW, "utf8")).toBe(readFileSync(TEMPLATE_WORKFLOW, "utf8"));
  });

  it("runs from main for pull requests, holds no secret at workflow or job level, and gives the credentials only to the steps of an environment that need them", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request_target", "push", "workflow_dispatch"]);
    expect(workflow.permissions).toEqual({});
    expect(JSON.stringify(workflow.env)).not.toMatch(/secrets\./);
    for (const job of Object.values(jobs)) expect(JSON.stringify(job.env ?? {})).not.toMatch(/secrets\./);
    // Step by step: which steps of which job read a secret, and how.
    const readers = Object.entries(jobs).flatMap(([id, job]) =>
      job.steps.filter((step) => JSON.stringify(step).includes("secrets.")).map((step) => [id, step.name, job.environment ?? null]),
    );
    expect(readers).toEqual([
      ["classify", "Refuse credentials outside the environments", null],
      ["plan", "Plan", "links-preview"],
      ["plan-code", "Plan", "links-preview-code"],
      ["apply", "Apply the reviewed update plan", "production"],
      ["plan-main", "Plan", "links-preview"],
      ["apply-main", "Apply the reviewed update plan", "production"],
    ]);
    // The credentials' values reach only those steps of environments; classify learns only whether each is set.
    const classify = stepOf(jobs["classify"]!, "Refuse credentials outside the environments");
    expect(Object.values(classify.env ?? {})).toEqual(CREDENTIALS.map((name) => `\${{ secrets.${name} != '' }}`));
    for (const id of ["plan", "plan-code", "apply", "plan-main", "apply-main"]) expect(secretsOf(jobs[id]!)).toEqual(CREDENTIALS);
  });

  it.each([
    [["links/spring.yaml"], "declarations"],
    [["links/2026/summer.yml", "links/spring.yaml"], "declarations"],
    [["links/spring.yaml", "index.js"], "code"],
    [["stacks/Pulumi.production.yaml"], "code"],
    [["links/spring.yaml", "policy/index.cjs"], "code"],
    [["package-lock.json"], "code"],
    [[".github/workflows/links.yml"], "code"],
    [["links/README.md"], "code"],
    [["links/x.yaml.sh"], "code"],
  ])("classifies a pull request changing %j as %s", async (files, kind) => {
    const temp = mkdtempSync(join(tmpdir(), "runner-temp-"));
    try {
      writeFileSync(join(temp, "changed-files"), `${files.join("\n")}\n`);
      const step = await runStep(workflow, stepOf(jobs["classify"]!, "kind"), { cwd: temp, env: {}, runnerTemp: temp });
      expect(step.code, step.stderr).toBe(0);
      expect(step.outputs).toEqual({ kind });
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it("classifies a rename into links/ by both its names: code", async () => {
    const temp = mkdtempSync(join(tmpdir(), "runner-temp-"));
    const gh = fakeGh({
      "GET repos/acme/links/pulls/7/files": [
        { filename: "links/x.yaml", status: "renamed", previous_filename: "index.js" },
        { filename: "links/spring.yaml", status: "modified" },
      ],
    });
    try {
      const list = await runStep(workflow, stepOf(jobs["classify"]!, "List the files the pull request changes, a rename by both its names"), {
        cwd: temp,
        env: gh.env,
        runnerTemp: temp,
        contexts: { github: { token: "t", event: PULL_REQUEST.event } },
      });
      expect(list.code, list.stderr).toBe(0);
      expect(readFileSync(join(temp, "changed-files"), "utf8")).toBe("links/x.yaml\nindex.js\nlinks/spring.yaml\n");
      expect((await runStep(workflow, stepOf(jobs["classify"]!, "kind"), { cwd: temp, env: {}, runnerTemp: temp })).outputs).toEqual({ kind: "code" });
    } finally {
      gh.dispose();
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it("prints the changed files so that no workflow command in their names is obeyed", async () => {
    const temp = mkdtempSync(join(tmpdir(), "runner-temp-"));
    try {
      writeFileSync(
        join(temp, "changed-files"),
        "links/a.yaml\n::error file=index.js::approved\nlinks/##[set-output name=kind]declarations.yaml\n  ::add-mask::x\n",
      );
      const step = await runStep(workflow, stepOf(jobs["classify"]!, "kind"), { cwd: temp, env: {}, runnerTemp: temp });
      expect(step.stdout).toContain("::error file=index.js::approved");
      expect(runnerCommands(step.stdout)).toEqual([]);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it("plans a pull request of link files at once, in links-preview, and posts the plan; no job waits for approval", () => {
    const played = playJobs(workflow, PULL_REQUEST, { outputs: { classify: { kind: "declarations" } } });
    expect(played).toEqual({ ...SKIPPED, classify: "success", plan: "success", comment: "success" });
    expect(jobs["plan"]!.environment).toBe("links-preview");
  });

  it("gives a pull request that changes code no secret before a maintainer approves links-preview-code", () => {
    const played = playJobs(workflow, PULL_REQUEST, { outputs: { classify: { kind: "code" } } });
    expect(played).toEqual({ ...SKIPPED, classify: "success", "plan-code": "success", comment: "success" });
    // Before the approval only classify runs, and it reads no secret's value; the plan's secrets are the environment's.
    expect(jobs["classify"]!.environment).toBeUndefined();
    expect(jobs["plan-code"]!.environment).toBe("links-preview-code");
    expect(readFileSync(join(REPO, "docs", "team-setup.md"), "utf8")).toMatch(/`links-preview-code`[^\n]*required reviewers/);
  });

  it("attests the plan in a job of its own, where no code of the branch runs, when the repository asks for attestations", () => {
    const vars = { LINKS_PLAN_ATTESTATION: "required" };
    expect(playJobs(workflow, PULL_REQUEST, { outputs: { classify: { kind: "code" } }, vars })).toMatchObject({ "plan-code": "success", attest: "success" });
    expect(playJobs(workflow, PULL_REQUEST, { outputs: { classify: { kind: "declarations" } }, vars, results: { plan: "failure" } })).toMatchObject({
      attest: "skipped",
      comment: "success",
    });
    expect(playJobs(workflow, PULL_REQUEST, { outputs: { classify: { kind: "declarations" } } })).toMatchObject({ attest: "skipped" });
    expect(jobs["attest"]!.permissions).toEqual({ "id-token": "write", attestations: "write" });
    expect(jobs["attest"]!.steps.map((step) => step.uses?.split("@")[0])).toEqual(["actions/download-artifact", "actions/attest-build-provenance"]);
    for (const [id, job] of Object.entries(jobs)) if (id !== "attest") expect(job.permissions?.["id-token"], id).toBeUndefined();
  });

  it("plans nothing for a fork's pull request", () => {
    const fork = { ...PULL_REQUEST, event: { pull_request: { number: 8, head: { repo: { full_name: "mallory/links" } } } } };
    expect(Object.entries(playJobs(workflow, fork)).filter(([, result]) => result !== "skipped")).toEqual([]);
  });

  it("applies a merge in production after finding its plan, in a concurrency group of its own that never cancels", () => {
    expect(playJobs(workflow, { event_name: "push", ref: "refs/heads/main" }, { outputs: { "find-plan": { "pr-number": "7" } } })).toEqual({
      ...SKIPPED,
      "find-plan": "success",
      apply: "success",
    });
    expect(workflow.concurrency).toBeUndefined();
    const groups = Object.fromEntries(Object.entries(jobs).map(([id, job]) => [id, job.concurrency]));
    expect(groups["apply"]).toEqual({ group: "payment-links-apply", "cancel-in-progress": false });
    expect(groups["apply-main"]).toEqual(groups["apply"]);
    for (const id of ["plan", "plan-code", "plan-main"]) expect(groups[id]!.group).not.toBe("payment-links-apply");
  });

  it("on Run workflow from main, plans main with the preview credentials, then applies it in production when it changes anything", () => {
    const dispatch = { event_name: "workflow_dispatch", ref: "refs/heads/main" };
    expect(playJobs(workflow, dispatch, { outputs: { "plan-main": { "exit-code": "2" } } })).toMatchObject({
      "plan-main": "success",
      "apply-main": "success",
      apply: "skipped",
    });
    expect(playJobs(workflow, dispatch, { outputs: { "plan-main": { "exit-code": "0" } } })).toMatchObject({ "plan-main": "success", "apply-main": "skipped" });
    expect(playJobs(workflow, { ...dispatch, ref: "refs/heads/feature" })).toMatchObject({ "plan-main": "skipped", "apply-main": "skipped" });
  });

  it("installs without install scripts in every job", () => {
    const installs = Object.values(jobs).flatMap((job) =>
      job.steps.filter((step) => /\bnpm (ci|install)\b/.test(step.run ?? "")).map((step) => step.run!.trim()),
    );
    expect(installs.length).toBeGreaterThan(0);
    expect([...new Set(installs)]).toEqual(["npm ci --ignore-scripts"]);
  });
});
