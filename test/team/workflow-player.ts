// The campaign workflow (templates/campaign/.github/workflows/links.yml) read as GitHub reads it,
// for tests that play its jobs on this machine: parsed with `yaml` (anchors resolved), each job's
// `if:` evaluated by the expression language the file uses (workflow-expressions.ts), a `run:`
// step executed with bash as a runner does (its `env:` evaluated, the runner's variables set, its
// `$GITHUB_OUTPUT` and `$GITHUB_STEP_SUMMARY` read back), and an actions/github-script step's
// script run with the `github`, `context` and `core` a test gives it. Other `uses:` steps are the
// test's to play.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO } from "../harness/temp-project.ts";
import { runProcess, type ProcessResult } from "../harness/run-process.ts";
import { evaluateIf, interpolate, type Contexts } from "./workflow-expressions.ts";

export { evaluate, evaluateIf, interpolate, type Contexts } from "./workflow-expressions.ts";

export const TEMPLATE_WORKFLOW = join(REPO, "templates", "campaign", ".github", "workflows", "links.yml");
export const REPO_WORKFLOW = join(REPO, ".github", "workflows", "links.yml");

export interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
export interface Job {
  name?: string;
  if?: string;
  needs?: string | string[];
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  outputs?: Record<string, string>;
  "timeout-minutes"?: number;
  steps: Step[];
}
export interface Workflow {
  name?: string;
  "run-name"?: string;
  on: Record<string, unknown>;
  env?: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  concurrency?: unknown;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

/** The variables every runner sets, as a test's runner of `acme/links` has them (options.env wins). */
const RUNNER_VARIABLES = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/links", GITHUB_RUN_ID: "1001", GITHUB_RUN_ATTEMPT: "1" };

export function readWorkflow(path = TEMPLATE_WORKFLOW): Workflow {
  return parse(readFileSync(path, "utf8")) as Workflow;
}

/** The names of the secrets a job's text reads (env, steps, with). */
export function secretsOf(job: Job): string[] {
  return [...new Set([...JSON.stringify(job).matchAll(/secrets\.([A-Z0-9_]+)/g)].map((match) => match[1]!))].sort();
}

/** The step of `job` named `name` (or with id `name`). */
export function stepOf(job: Job, name: string): Step {
  const step = job.steps.find((candidate) => candidate.name === name || candidate.id === name);
  if (!step) throw new Error(`no step ${name} in job ${job.name}`);
  return step;
}

/**
 * Runs a `run:` step as a runner does (bash, -e, pipefail), in `cwd`, with the workflow's env, the
 * runner's variables, the step's `env:` evaluated with `contexts`, then `env`, RUNNER_TEMP,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. The step's script must not embed `${{ }}`: ours pass
 * everything through env, which is also what keeps them safe.
 */
export async function runStep(
  workflow: Workflow,
  step: Step,
  options: { cwd: string; env: Record<string, string>; runnerTemp: string; contexts?: Contexts; rewrite?: (script: string) => string },
): Promise<ProcessResult & { outputs: Record<string, string>; summary: string }> {
  if (step.run === undefined) throw new Error(`step ${step.name ?? step.uses} is not a run step`);
  if (step.run.includes("${{")) throw new Error(`step ${step.name} embeds an expression in its script`);
  if (workflow.defaults?.run?.shell !== "bash") throw new Error("the workflow's steps do not run with bash -eo pipefail (defaults.run.shell)");
  const outputDir = mkdtempSync(join(tmpdir(), "gh-output-"));
  const outputFile = join(outputDir, "output");
  const summaryFile = join(outputDir, "summary");
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  try {
    const script = options.rewrite ? options.rewrite(step.run) : step.run;
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, interpolate(String(value), options.contexts ?? {})]));
    const env = {
      ...process.env,
      ...workflow.env,
      ...RUNNER_VARIABLES,
      ...stepEnv,
      ...options.env,
      RUNNER_TEMP: options.runnerTemp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    };
    // As GitHub runs `shell: bash`: bash --noprofile --norc -eo pipefail {0}.
    const result = await runProcess("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd: options.cwd, env });
    const outputs = Object.fromEntries(
      readFileSync(outputFile, "utf8")
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    return { ...result, outputs, summary: readFileSync(summaryFile, "utf8") };
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

/** What an actions/github-script step's script is given, as the test fakes it. */
export interface ScriptGlobals {
  github: unknown;
  context: unknown;
  core: unknown;
  /** The step's environment: its `env:` as evaluated, and the runner's variables. */
  env: Record<string, string>;
  /** Where `require("node:fs")` and relative reads resolve (the job's working directory). */
  cwd?: string;
}

/** Runs an actions/github-script step's `script` as the action does: an async function body. */
export async function runGithubScript(step: Step, globals: ScriptGlobals): Promise<unknown> {
  if (!step.uses?.startsWith("actions/github-script@")) throw new Error(`step ${step.name ?? step.uses} is not an actions/github-script step`);
  const script = String(step.with?.["script"] ?? "");
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;
  const run = new AsyncFunction("require", "github", "context", "core", "process", script);
  const base = globals.cwd ?? process.cwd();
  const require = createRequire(join(base, "noop.js"));
  const env = { ...RUNNER_VARIABLES, ...globals.env };
  const previous = process.cwd();
  process.chdir(base);
  try {
    return await run(require, globals.github, globals.context, globals.core, { env });
  } finally {
    process.chdir(previous);
  }
}

/**
 * The jobs GitHub starts for an event, in the file's order (each job after those it needs):
 * job id → "success" or "skipped". A job that runs ends as `results` says (default success),
 * with the outputs `outputs` gives it.
 */
export function playJobs(
  workflow: Workflow,
  github: Record<string, unknown>,
  options: {
    results?: Record<string, "success" | "failure" | "cancelled">;
    outputs?: Record<string, Record<string, string>>;
    vars?: Record<string, string>;
  } = {},
): Record<string, string> {
  const needs: NonNullable<Contexts["needs"]> = {};
  const played: Record<string, string> = {};
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const required = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    const status = required.every((need) => needs[need]?.result === "success") ? "success" : "failure";
    const context = { github, vars: options.vars ?? {}, needs: Object.fromEntries(required.map((need) => [need, needs[need]!])), status } as const;
    const result = evaluateIf(job.if, context) ? (options.results?.[id] ?? "success") : "skipped";
    needs[id] = { result, outputs: options.outputs?.[id] ?? {} };
    played[id] = result;
  }
  return played;
}
