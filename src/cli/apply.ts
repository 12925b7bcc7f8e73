// `mytpe-links apply --plan FILE [--stack NAME] [--policy-pack DIR] [--policy-pack-config FILE]`:
// applies exactly a reviewed update plan (saved by `mytpe-links plan --save-plan FILE`) with
// `pulumi up --plan`. Pulumi refuses any operation the plan does not contain, so if the
// declarations or the live links moved since the review, the update stops before that write; the
// writes before it are done, and a failed apply says which (apply-outcome.ts). It prints the plan
// file's SHA-256 first, as `plan --save-plan` did.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { applyOutcome, touchedLinks } from "./apply-outcome.ts";
import { commandArgs, HELP } from "./command-args.ts";
import { runWatchingLock } from "./lock-hint.ts";
import { commandStack } from "./command-stack.ts";
import { projectRoot, type CliIo } from "./project.ts";
import { updatePlanDigest } from "./update-plan-digest.ts";

export const USAGE = `usage: mytpe-links apply --plan FILE [--stack NAME] [--policy-pack DIR] [--policy-pack-config FILE]
  Applies the update plan saved by \`mytpe-links plan --save-plan FILE\` (pulumi up --plan) and
  nothing else; exits 1 when the live links or the declarations no longer match the plan.`;

export async function applyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = commandArgs(
    args,
    {
      options: {
        plan: { type: "string" },
        stack: { type: "string", short: "s" },
        "policy-pack": { type: "string", multiple: true },
        "policy-pack-config": { type: "string", multiple: true },
        help: HELP,
      },
    },
    USAGE,
    io,
  );
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  if (!values.plan) {
    io.err(`--plan FILE is required: the update plan a reviewer saw\n${USAGE}`);
    return 2;
  }
  const root = projectRoot(io.cwd);
  const planFile = resolve(io.cwd, values.plan);
  if (!existsSync(planFile)) {
    io.err(`--plan ${values.plan}: no such file: nothing was applied. Give the update plan \`mytpe-links plan --save-plan\` wrote`);
    return 1;
  }
  // The digest the plan printed and its comment shows: whoever reads this log can match them.
  io.err(`apply: update plan ${values.plan} ${updatePlanDigest(planFile)}`);
  const { cli, env, stack } = await commandStack(root, values.stack ?? (io.env["PULUMI_STACK"] || undefined), io.env, io.err);
  const upArgs = ["up", "--yes", "--non-interactive", "--plan", planFile, "--stack", stack];
  for (const pack of values["policy-pack"] ?? []) upArgs.push("--policy-pack", pack);
  for (const config of values["policy-pack-config"] ?? []) upArgs.push("--policy-pack-config", config);
  const folder = mkdtempSync(join(tmpdir(), "mytpe-apply-"));
  const eventLog = join(folder, "events.jsonl");
  try {
    // Says what to do when another run holds the stack's lock (lock-hint.ts), then what was applied.
    const code = await runWatchingLock(cli.pulumi, upArgs, { cwd: root, env, stack, eventLog }, io.err);
    if (code !== 0) {
      const lines = existsSync(eventLog)
        ? readFileSync(eventLog, "utf8")
            .split("\n")
            .filter((line) => line.trim() !== "")
        : [];
      for (const line of applyOutcome(lines.length > 0, touchedLinks(lines), stack)) io.err(line);
    }
    return code;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
