// `mytpe-links plan [--stack NAME] [--from preview.json] [--out-md FILE] [--out-json FILE]
//   [--policy-pack DIR] [--policy-pack-config FILE] [--save-plan FILE]`
// Runs `pulumi preview` for the stack (or reads a saved preview: the `--json` document or the
// streamed events) and writes the plan as Markdown for a pull-request comment and as JSON for bots.
// Exit codes, as `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error (a failed
// preview, a mandatory policy violation, bad usage).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { loadLinkFiles } from "../program/link-files.ts";
import { commandArgs, HELP, type CommandArgs } from "./command-args.ts";
import { DEFAULT_LINK_SOURCES, resolveLinkSources, stackLinkSources } from "../program/link-sources.ts";
import { fitComment, type FittedComment } from "./plan/comment-limit.ts";
import { createdInstances, projectInstanceNames, withInstanceNames } from "./plan/instance-names.ts";
import { planOf, type InstanceNames, type Plan, type PlanSource, type PlanStatus } from "./plan/link-changes.ts";
import { parsePreview } from "./plan/preview-steps.ts";
import { updatePlanDigest } from "./update-plan-digest.ts";

export const USAGE =
  "usage: mytpe-links plan [--stack NAME] [--from PREVIEW.json] [--out-md FILE] [--out-json FILE]\n" +
  "                        [--policy-pack DIR] [--policy-pack-config FILE] [--save-plan FILE]\n" +
  "                        [--head-commit SHA] [--base-commit SHA] [--run-url URL]\n" +
  "  --head-commit, --base-commit, --run-url: the commit whose declarations are planned, the commit\n" +
  "  whose code makes the plan, the CI run; shown in the comment with the update plan's SHA-256.";

export const EXIT: Record<PlanStatus, number> = { "no-changes": 0, changes: 2, error: 1 };

export interface PlanIo {
  /** The project: link files are found from it, outputs written relative to it. */
  cwd: string;
  /** The environment Pulumi runs with (the process's by default). */
  env?: NodeJS.ProcessEnv;
  err: (line: string) => void;
  /** Where --help writes (stdout); err when not given. */
  out?: (line: string) => void;
  /** Runs `pulumi <args>` for the project; resolves with its stdout and exit code. */
  preview?: (args: string[]) => Promise<{ code: number; stdout: string }>;
  /** The names of payment instances by id (instance-names.ts reads them from the API by default). */
  instanceNames?: (ids: readonly string[]) => Promise<InstanceNames>;
}

/** The plan of a preview's output, its comment and where each link is declared. */
export function buildPlan(previewText: string, options: { root: string; stack?: string }): { plan: Plan; comment: FittedComment } {
  const plan = planOfPreview(previewText, options);
  return { plan, comment: fitComment(plan) };
}

/** The plan of a preview's output, with the file declaring each link. */
function planOfPreview(previewText: string, options: { root: string; stack?: string }): Plan {
  const preview = parsePreview(previewText);
  const stack = options.stack ?? planOf(preview).stack;
  return planOf(preview, linkFilesOf(options.root, stack));
}

/**
 * Link name → the file declaring it, for the stack's sources; empty when they cannot be read. A name
 * declared in several of those files has no one file (e.g. a folder per stack that a program's own
 * `declareLinks(sources)` picks, which the plan cannot see): it is left out rather than guessed.
 */
export function linkFilesOf(root: string, stack: string | undefined): Map<string, string> {
  try {
    const sources = (stack ? stackLinkSources(root, stack)?.sources : undefined) ?? DEFAULT_LINK_SOURCES;
    const files = new Map<string, string | undefined>();
    for (const file of resolveLinkSources(sources, root)) {
      for (const link of loadLinkFiles([file], root).links) files.set(link.name, files.has(link.name) ? undefined : link.file);
    }
    return new Map([...files].filter((entry): entry is [string, string] => entry[1] !== undefined));
  } catch {
    // Files are a convenience for the reader; the plan stands without them.
    return new Map();
  }
}

const OPTIONS = {
  stack: { type: "string", short: "s" },
  from: { type: "string" },
  "out-md": { type: "string", default: ".plan/plan.md" },
  "out-json": { type: "string", default: ".plan/plan.json" },
  "policy-pack": { type: "string", multiple: true },
  "policy-pack-config": { type: "string", multiple: true },
  "save-plan": { type: "string" },
  "head-commit": { type: "string" },
  "base-commit": { type: "string" },
  "run-url": { type: "string" },
  help: HELP,
} as const;

/** A commit as Git names it in full or in short. */
const COMMIT = /^[0-9a-f]{7,64}$/;

type PlanOptions = CommandArgs<{ options: typeof OPTIONS }>["values"];

/** Runs the command for `args`; returns the exit code. */
export async function runPlan(args: readonly string[], io: PlanIo): Promise<number> {
  // A mistake in the arguments exits 1 here, as every failure of plan does (the workflow reads it).
  const parsed = commandArgs(args, { options: OPTIONS }, USAGE, { out: io.out ?? io.err, err: io.err }, 1);
  if (typeof parsed === "number") return parsed;
  const values: PlanOptions = parsed.values;
  if (values.from !== undefined && (values["policy-pack"] || values["save-plan"])) {
    io.err(`--policy-pack and --save-plan need a preview to run; they cannot go with --from\n${USAGE}`);
    return 1;
  }
  for (const option of ["head-commit", "base-commit"] as const) {
    const value = values[option];
    if (value !== undefined && !COMMIT.test(value)) {
      io.err(`--${option}: expected a commit's SHA (hexadecimal), got ${JSON.stringify(value)}\n${USAGE}`);
      return 1;
    }
  }
  const preview = values.from !== undefined ? savedPreview(values.from, io) : await runPreview(values, io);
  if (preview === undefined) return 1;

  let plan: Plan;
  try {
    plan = planOfPreview(preview.text, { root: io.cwd, ...(values.stack ? { stack: values.stack } : {}) });
  } catch (error) {
    io.err(`cannot read the preview${values.from ? ` ${values.from}` : ""}: ${(error as Error).message}`);
    return 1;
  }
  const instances = createdInstances(plan);
  if (values.from === undefined && instances.length > 0) {
    const base = io.env ?? process.env;
    const lookup = io.instanceNames ?? projectInstanceNames(io.cwd, values.stack ?? (base["PULUMI_STACK"] || undefined), base, io.err);
    plan = withInstanceNames(plan, await lookup(instances));
  }
  const source = planSource(values, io.cwd);
  if (source) plan = { ...plan, source };
  writePlan({ plan, comment: fitComment(plan) }, values, io);
  if (source?.updatePlan) io.err(`plan: update plan ${values["save-plan"]} ${source.updatePlan}`);
  if (preview.exit !== 0 && plan.status !== "error") {
    // The preview itself went through, but Pulumi failed after it (e.g. writing the --save-plan file):
    // a pipeline must not take this for a plan it can apply.
    io.err(`plan: pulumi preview exited ${preview.exit} after a complete preview: see its error above`);
    return 1;
  }
  return EXIT[plan.status];
}

/** Where the plan comes from: the saved update plan's digest, the commits and the run given. */
function planSource(values: PlanOptions, cwd: string): PlanSource | undefined {
  const saved = values["save-plan"] ? resolve(cwd, values["save-plan"]) : undefined;
  const source: PlanSource = {
    ...(saved && existsSync(saved) ? { updatePlan: updatePlanDigest(saved) } : {}),
    ...(values["head-commit"] ? { headCommit: values["head-commit"] } : {}),
    ...(values["base-commit"] ? { baseCommit: values["base-commit"] } : {}),
    ...(values["run-url"] ? { runUrl: values["run-url"] } : {}),
  };
  return Object.keys(source).length > 0 ? source : undefined;
}

/** The text of a preview saved with `--from`, or undefined (said) when it cannot be read. */
function savedPreview(file: string, io: PlanIo): { text: string; exit: number } | undefined {
  try {
    return { text: readFileSync(resolve(io.cwd, file), "utf8"), exit: 0 };
  } catch (error) {
    io.err(`cannot read the preview ${file}: ${(error as Error).message}`);
    return undefined;
  }
}

/** Runs `pulumi preview --json` as the options say; undefined (said) when it printed nothing. */
async function runPreview(values: PlanOptions, io: PlanIo): Promise<{ text: string; exit: number } | undefined> {
  const previewArgs = ["preview", "--json", "--non-interactive"];
  if (values.stack) previewArgs.push("--stack", values.stack);
  for (const pack of values["policy-pack"] ?? []) previewArgs.push("--policy-pack", pack);
  for (const config of values["policy-pack-config"] ?? []) previewArgs.push("--policy-pack-config", config);
  if (values["save-plan"]) {
    // Pulumi does not create the plan's folder: in a fresh checkout (CI) `.plan/` does not exist yet.
    mkdirSync(dirname(resolve(io.cwd, values["save-plan"])), { recursive: true });
    previewArgs.push("--save-plan", values["save-plan"]);
  }
  const result = await (io.preview ?? previewWithProjectCli(io))(previewArgs);
  if (result.stdout.trim() === "") {
    io.err(`pulumi preview exited ${result.code} without output: see the messages above`);
    return undefined;
  }
  return { text: result.stdout, exit: result.code };
}

/** Writes the Markdown comment and the JSON, and says what the plan is. */
function writePlan({ plan, comment }: { plan: Plan; comment: FittedComment }, values: PlanOptions, io: PlanIo): void {
  const md = resolve(io.cwd, values["out-md"]);
  const json = resolve(io.cwd, values["out-json"]);
  for (const file of [md, json]) mkdirSync(dirname(file), { recursive: true });
  writeFileSync(md, comment.markdown);
  writeFileSync(json, `${JSON.stringify({ ...plan, comment: { degraded: comment.degraded, length: comment.markdown.length } }, null, 2)}\n`);
  io.err(
    `plan: ${plan.status === "error" ? "the preview FAILED; " : ""}${plan.counts.changed} changed, ${plan.counts.unchanged} unchanged` +
      `${comment.degraded === "none" ? "" : ` (comment ${comment.degraded} to fit)`}; wrote ${values["out-md"]} and ${values["out-json"]}`,
  );
}

/**
 * Runs the project's CLI (tools/pulumi-env.ts) with streamed JSON events: unlike the `--json`
 * document, they carry policy violations. The CLI's own messages go to `io.err`.
 */
function previewWithProjectCli(io: PlanIo): (args: string[]) => Promise<{ code: number; stdout: string }> {
  return async (args) => {
    // The stack as every command gets it (command-stack.ts): `local` when none is selected, created
    // when it does not exist.
    const { commandStack } = await import("./command-stack.ts");
    const { stackOf } = await import("./pulumi-env.ts");
    const base = io.env ?? process.env;
    const named = stackOf(args) ?? (base["PULUMI_STACK"] || undefined);
    const { cli, env, stack } = await commandStack(io.cwd, named, base, io.err);
    if (named === undefined) args = [...args, "--stack", stack];
    return new Promise((resolvePromise, reject) => {
      const child = spawn(cli.pulumi, args, {
        cwd: io.cwd,
        env: { ...env, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      // Pulumi's messages quote the declarations (names, titles, the program's errors): through our
      // own stderr, line by line, so they are neutralised as everything the command prints is.
      createInterface({ input: child.stderr, crlfDelay: Infinity }).on("line", io.err);
      child.on("error", reject);
      child.on("close", (code) => resolvePromise({ code: code ?? 1, stdout }));
    });
  };
}
