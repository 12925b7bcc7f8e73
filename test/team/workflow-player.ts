// The campaign workflow (templates/campaign/.github/workflows/links.yml) read as GitHub reads it,
// for tests that play its jobs on this machine: parsed with `yaml` (anchors resolved), each job's
// `if:` evaluated by the subset of GitHub's expression language the file uses (== != && || ! (),
// always(), success(), failure(), paths into the contexts), and a `run:` step executed with
// bash as a runner does, its `$GITHUB_OUTPUT` read back. `uses:` steps are the test's to play.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO } from "../harness/temp-project.ts";
import { runProcess, type ProcessResult } from "../harness/run-process.ts";

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
  steps: Step[];
}
export interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  concurrency?: unknown;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

export function readWorkflow(path = TEMPLATE_WORKFLOW): Workflow {
  return parse(readFileSync(path, "utf8")) as Workflow;
}

/** Contexts an expression reads: `github`, `needs`, `steps`; `status` is what success()/failure() see. */
export interface Contexts {
  github?: Record<string, unknown>;
  needs?: Record<string, { result?: string; outputs?: Record<string, string> }>;
  steps?: Record<string, { outputs: Record<string, string> }>;
  status?: "success" | "failure";
}

/** Evaluates a job's or step's `if:` (`${{ }}` optional, as GitHub allows there); absent means success(). */
export function evaluateIf(expression: string | undefined, contexts: Contexts): boolean {
  if (expression === undefined) return (contexts.status ?? "success") === "success";
  const source = expression.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  const tokens = source.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[!()]|[A-Za-z_][\w.-]*(?:\(\))?/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = () => tokens[at++]!;
  const or = (): unknown => {
    let left = and();
    while (peek() === "||") {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): unknown => {
    let left = equality();
    while (peek() === "&&") {
      take();
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): unknown => {
    let left = unary();
    while (peek() === "==" || peek() === "!=") {
      const op = take();
      const right = unary();
      left = op === "==" ? loose(left) === loose(right) : loose(left) !== loose(right);
    }
    return left;
  };
  const unary = (): unknown => {
    if (peek() === "!") {
      take();
      return !truthy(unary());
    }
    if (peek() === "(") {
      take();
      const value = or();
      if (take() !== ")") throw new Error(`unbalanced parentheses in ${expression}`);
      return value;
    }
    return primary(take());
  };
  const primary = (token: string): unknown => {
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (token === "always()") return true;
    if (token === "success()") return (contexts.status ?? "success") === "success";
    if (token === "failure()") return contexts.status === "failure";
    if (token === "true" || token === "false") return token === "true";
    return token.split(".").reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], contexts);
  };
  const value = or();
  if (at !== tokens.length) throw new Error(`cannot read ${expression} past ${tokens[at]}`);
  // Without a status function GitHub adds success(): the job or step runs only if all before succeeded.
  const implicitSuccess = !/\b(always|success|failure|cancelled)\(\)/.test(source);
  return truthy(value) && (!implicitSuccess || (contexts.status ?? "success") === "success");
}

function truthy(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== "" && value !== 0;
}

/** GitHub compares strings case-insensitively, and null/undefined as ''. */
function loose(value: unknown): unknown {
  return typeof value === "string" ? value.toLowerCase() : value ?? "";
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
 * Runs a `run:` step as a runner does (bash, -e, pipefail), in `cwd`, with the workflow's env, then `env`
 * (the values the step's `${{ }}` would give), RUNNER_TEMP and GITHUB_OUTPUT. The step's script
 * must not embed `${{ }}`: ours pass everything through env, which is also what keeps them safe.
 */
export async function runStep(
  workflow: Workflow,
  step: Step,
  options: { cwd: string; env: Record<string, string>; runnerTemp: string; rewrite?: (script: string) => string },
): Promise<ProcessResult & { outputs: Record<string, string> }> {
  if (step.run === undefined) throw new Error(`step ${step.name ?? step.uses} is not a run step`);
  if (step.run.includes("${{")) throw new Error(`step ${step.name} embeds an expression in its script`);
  const outputDir = mkdtempSync(join(tmpdir(), "gh-output-"));
  const outputFile = join(outputDir, "output");
  writeFileSync(outputFile, "");
  try {
    const script = options.rewrite ? options.rewrite(step.run) : step.run;
    const env = { ...process.env, ...workflow.env, ...options.env, RUNNER_TEMP: options.runnerTemp, GITHUB_OUTPUT: outputFile };
    // As GitHub runs `shell: bash`: bash --noprofile --norc -eo pipefail {0}.
    const result = await runProcess("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd: options.cwd, env });
    const outputs = Object.fromEntries(
      readFileSync(outputFile, "utf8")
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    return { ...result, outputs };
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
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
  options: { results?: Record<string, "success" | "failure">; outputs?: Record<string, Record<string, string>> } = {},
): Record<string, string> {
  const needs: NonNullable<Contexts["needs"]> = {};
  const played: Record<string, string> = {};
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const required = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    const status = required.every((need) => needs[need]?.result === "success") ? "success" : "failure";
    const context = { github, needs: Object.fromEntries(required.map((need) => [need, needs[need]!])), status } as const;
    const result = evaluateIf(job.if, context) ? (options.results?.[id] ?? "success") : "skipped";
    needs[id] = { result, outputs: options.outputs?.[id] ?? {} };
    played[id] = result;
  }
  return played;
}
