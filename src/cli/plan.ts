// `mytpe-links plan [--stack NAME] [--from preview.json] [--out-md FILE] [--out-json FILE]
//   [--policy-pack DIR] [--policy-pack-config FILE] [--save-plan FILE]`
// Runs `pulumi preview` for the stack (or reads a saved preview: the `--json` document or the
// streamed events) and writes the plan as Markdown for a pull-request comment and as JSON for bots.
// Exit codes, as `terraform plan -detailed-exitcode`: 0 no changes, 2 changes, 1 error (a failed
// preview, a mandatory policy violation, bad usage).
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadLinkFiles } from "../program/link-files.ts";
import { DEFAULT_LINK_SOURCES, resolveLinkSources, stackLinkSources } from "../program/link-sources.ts";
import { fitComment, type FittedComment } from "./plan/comment-limit.ts";
import { planOf, type Plan, type PlanStatus } from "./plan/link-changes.ts";
import { parsePreview } from "./plan/preview-steps.ts";

export const USAGE =
  "usage: mytpe-links plan [--stack NAME] [--from PREVIEW.json] [--out-md FILE] [--out-json FILE]\n" +
  "                        [--policy-pack DIR] [--policy-pack-config FILE] [--save-plan FILE]";

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
}

/** The plan of a preview's output, its comment and where each link is declared. */
export function buildPlan(previewText: string, options: { root: string; stack?: string }): { plan: Plan; comment: FittedComment } {
  const preview = parsePreview(previewText);
  const stack = options.stack ?? planOf(preview).stack;
  const plan = planOf(preview, linkFilesOf(options.root, stack));
  return { plan, comment: fitComment(plan) };
}

/** Link name → the file declaring it, for the stack's sources; empty when they cannot be read. */
export function linkFilesOf(root: string, stack: string | undefined): Map<string, string> {
  try {
    const sources = (stack ? stackLinkSources(root, stack)?.sources : undefined) ?? DEFAULT_LINK_SOURCES;
    const { links } = loadLinkFiles(resolveLinkSources(sources, root), root);
    return new Map(links.map((link) => [link.name, link.file]));
  } catch {
    // Files are a convenience for the reader; the plan stands without them.
    return new Map();
  }
}

/** Runs the command for `args`; returns the exit code. */
export async function runPlan(args: readonly string[], io: PlanIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        stack: { type: "string", short: "s" },
        from: { type: "string" },
        "out-md": { type: "string", default: ".plan/plan.md" },
        "out-json": { type: "string", default: ".plan/plan.json" },
        "policy-pack": { type: "string", multiple: true },
        "policy-pack-config": { type: "string", multiple: true },
        "save-plan": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    (io.out ?? io.err)(USAGE);
    return 0;
  }
  if (values.from !== undefined && (values["policy-pack"] || values["save-plan"])) {
    io.err(`--policy-pack and --save-plan need a preview to run; they cannot go with --from\n${USAGE}`);
    return 1;
  }

  let text: string;
  let previewExit = 0;
  if (values.from !== undefined) {
    try {
      text = readFileSync(resolve(io.cwd, values.from), "utf8");
    } catch (error) {
      io.err(`cannot read the preview ${values.from}: ${(error as Error).message}`);
      return 1;
    }
  } else {
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
    text = result.stdout;
    if (text.trim() === "") {
      io.err(`pulumi preview exited ${result.code} without output: see the messages above`);
      return 1;
    }
    previewExit = result.code;
  }

  let built;
  try {
    built = buildPlan(text, { root: io.cwd, ...(values.stack ? { stack: values.stack } : {}) });
  } catch (error) {
    io.err(`cannot read the preview${values.from ? ` ${values.from}` : ""}: ${(error as Error).message}`);
    return 1;
  }
  const { plan, comment } = built;
  const md = resolve(io.cwd, values["out-md"]);
  const json = resolve(io.cwd, values["out-json"]);
  for (const file of [md, json]) mkdirSync(dirname(file), { recursive: true });
  writeFileSync(md, comment.markdown);
  writeFileSync(json, `${JSON.stringify({ ...plan, comment: { degraded: comment.degraded, length: comment.markdown.length } }, null, 2)}\n`);
  io.err(
    `plan: ${plan.status === "error" ? "the preview FAILED; " : ""}${plan.counts.changed} changed, ${plan.counts.unchanged} unchanged` +
      `${comment.degraded === "none" ? "" : ` (comment ${comment.degraded} to fit)`}; wrote ${values["out-md"]} and ${values["out-json"]}`,
  );
  if (previewExit !== 0 && plan.status !== "error") {
    // The preview itself went through, but Pulumi failed after it (e.g. writing the --save-plan file):
    // a pipeline must not take this for a plan it can apply.
    io.err(`plan: pulumi preview exited ${previewExit} after a complete preview: see its error above`);
    return 1;
  }
  return EXIT[plan.status];
}

/**
 * Runs the project's CLI (tools/pulumi-env.ts) with streamed JSON events: unlike the `--json`
 * document, they carry policy violations. The CLI's own messages go to our stderr.
 */
function previewWithProjectCli(io: PlanIo): (args: string[]) => Promise<{ code: number; stdout: string }> {
  return async (args) => {
    const { pulumiEnv } = await import("./pulumi-env.ts");
    const { cli, env } = await pulumiEnv(io.cwd, args, io.env ?? process.env, io.err);
    return new Promise((resolvePromise, reject) => {
      const child = spawn(cli.pulumi, args, {
        cwd: io.cwd,
        env: { ...env, PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolvePromise({ code: code ?? 1, stdout }));
    });
  };
}
