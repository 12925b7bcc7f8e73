// `mytpe-links pulumi <args>`: the project's Pulumi CLI with the project's environment
// (pulumi-env.ts), so `mytpe-links pulumi preview --diff` just works against the sandbox. With no
// stack selected, a command that needs one runs on `local` (selected, or created), as `up` does.
import { spawn, spawnSync } from "node:child_process";
import { LOCAL_STACK, localStackEnv, pulumiEnv } from "./pulumi-env.ts";
import { ensurePulumiCli } from "./pulumi-cli.ts";
import { projectRoot, type CliIo } from "./project.ts";

export const USAGE = `usage: mytpe-links pulumi <pulumi command and flags>
  Runs Pulumi for the project: the Pulumi CLI on PATH (or built once, see mytpe-links setup), the
  file backend in .pulumi/ unless PULUMI_BACKEND_URL is set, and for the stack "local" the embedded
  sandbox and its public passphrase. MYTPE_API_URL, MYTPE_API_KEY, MYTPE_API_SECRET, MYTPE_PAY_URL
  set in your environment win over the sandbox's. \`mytpe-links pulumi --help\` shows Pulumi's help.`;

/** Pulumi commands that run on a stack: with none selected, they get `local`. */
const STACK_COMMANDS = new Set(["preview", "up", "update", "refresh", "destroy", "config", "cancel", "import", "watch", "state", "console"]);

export async function pulumiCommand(args: readonly string[], io: CliIo): Promise<number> {
  const root = projectRoot(io.cwd);
  if (args.length === 0 || args.some((arg) => arg === "--help" || arg === "-h")) {
    // Help only: no stack, no sandbox.
    const cli = await ensurePulumiCli(io.err);
    return spawnSync(cli.pulumi, args.length === 0 ? ["--help"] : args, { cwd: root, stdio: "inherit" }).status ?? 1;
  }
  let run = await pulumiEnv(root, args, io.env, io.err);
  const command = args.find((arg) => !arg.startsWith("-"));
  if (!run.stack && command && STACK_COMMANDS.has(command)) {
    const select = spawnSync(run.cli.pulumi, ["stack", "select", LOCAL_STACK, "--create", "--non-interactive"], {
      cwd: root,
      env: localStackEnv(run.env),
      encoding: "utf8",
    });
    if (select.status !== 0) {
      io.err(select.stderr.trim());
      return select.status ?? 1;
    }
    io.err(`no stack was selected: selected stack ${LOCAL_STACK} (the embedded sandbox); \`mytpe-links pulumi stack select NAME\` to change`);
    run = await pulumiEnv(root, ["--stack", LOCAL_STACK], io.env, io.err);
  }
  const child = spawn(run.cli.pulumi, [...args], { cwd: root, env: run.env, stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward).on("SIGTERM", forward);
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward).off("SIGTERM", forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
