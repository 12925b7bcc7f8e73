// `mytpe-links apply --plan FILE [--stack NAME] [--policy-pack DIR] [--policy-pack-config FILE]`:
// applies exactly a reviewed update plan (saved by `mytpe-links plan --save-plan FILE`) with
// `pulumi up --plan`. Pulumi refuses any operation the plan does not contain, so if the
// declarations or the live links moved since the review, the update stops before that write.
import { commandArgs, HELP } from "./command-args.ts";
import { runWatchingLock } from "./lock-hint.ts";
import { commandStack } from "./command-stack.ts";
import { projectRoot, type CliIo } from "./project.ts";

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
  const { cli, env, stack } = await commandStack(root, values.stack ?? (io.env["PULUMI_STACK"] || undefined), io.env, io.err);
  const upArgs = ["up", "--yes", "--non-interactive", "--plan", values.plan, "--stack", stack];
  for (const pack of values["policy-pack"] ?? []) upArgs.push("--policy-pack", pack);
  for (const config of values["policy-pack-config"] ?? []) upArgs.push("--policy-pack-config", config);
  // Says what to do when another run holds the stack's lock (lock-hint.ts).
  return runWatchingLock(cli.pulumi, upArgs, { cwd: root, env, stack }, io.err);
}
