// `mytpe-links pulumi <args>`: the project's Pulumi CLI with the project's environment
// (pulumi-env.ts), so `mytpe-links pulumi preview --diff` just works against the sandbox. With no
// stack selected, a command that needs one runs on `local` (selected, or created: command-stack.ts).
import { spawn, spawnSync } from "node:child_process";
import { commandStack } from "./command-stack.ts";
import { pulumiEnv, stackOf, type PulumiRun } from "./pulumi-env.ts";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { ensurePulumiCli } from "./pulumi-cli.ts";
import { PAYMENT_LINK_TYPE } from "../provider/protocol.ts";
import { projectRoot, type CliIo } from "./project.ts";

export const USAGE = `usage: mytpe-links pulumi <pulumi command and flags>
  Runs Pulumi for the project: the Pulumi CLI on PATH (or built once, see mytpe-links setup), the
  file backend in .pulumi/ unless PULUMI_BACKEND_URL is set, and for the stack "local" the embedded
  sandbox and its public passphrase. MYTPE_API_URL, MYTPE_API_KEY, MYTPE_API_SECRET, MYTPE_PAY_URL
  set in your environment win over the sandbox's. \`mytpe-links pulumi --help\` shows Pulumi's help.`;

/** `pulumi import` cannot import a dynamic resource (pulumi/pulumi#3550): what to do instead. */
export const IMPORT_REFUSAL =
  "pulumi import does not work for payment links (Pulumi cannot import dynamic resources: pulumi/pulumi#3550). " +
  "Declare the link with `adopt: <its id>` instead: the next preview shows it adopted, and `up` takes it over in place. " +
  "`mytpe-links links --generate-yaml FILE` writes such declarations for every live link the stack does not manage yet.";

/** Pulumi commands that run on a stack: with none selected, they get `local`. */
const STACK_COMMANDS = new Set(["preview", "up", "update", "refresh", "destroy", "config", "cancel", "import", "watch", "state", "console"]);

/** Whether `pulumi <args>` imports a PaymentLink: its type named on the command line or in `--file`. */
export function importsPaymentLink(args: readonly string[], readFile: (file: string) => string): boolean {
  if (args.find((arg) => !arg.startsWith("-")) !== "import") return false;
  if (args.some((arg) => arg.includes(PAYMENT_LINK_TYPE))) return true;
  const at = args.findIndex((arg) => arg === "--file" || arg === "-f" || arg.startsWith("--file="));
  if (at < 0) return false;
  const file = args[at]!.startsWith("--file=") ? args[at]!.slice("--file=".length) : args[at + 1];
  try {
    return file !== undefined && readFile(file).includes(PAYMENT_LINK_TYPE);
  } catch {
    return false; // Pulumi says what is wrong with the file.
  }
}

export async function pulumiCommand(args: readonly string[], io: CliIo): Promise<number> {
  const root = projectRoot(io.cwd);
  if (args.length === 0 || args.some((arg) => arg === "--help" || arg === "-h")) {
    // Help only: no stack, no sandbox.
    const cli = await ensurePulumiCli(io.err);
    return spawnSync(cli.pulumi, args.length === 0 ? ["--help"] : args, { cwd: root, stdio: "inherit" }).status ?? 1;
  }
  if (importsPaymentLink(args, (file) => readFileSync(resolve(io.cwd, file), "utf8"))) {
    io.err(IMPORT_REFUSAL);
    return 2;
  }
  const command = args.find((arg) => !arg.startsWith("-"));
  // A command on a stack gets it as every command does (command-stack.ts): `local` when none is
  // selected, created when it does not exist.
  const run: PulumiRun =
    command && STACK_COMMANDS.has(command)
      ? await commandStack(root, stackOf(args) ?? (io.env["PULUMI_STACK"] || undefined), io.env, io.err)
      : await pulumiEnv(root, args, io.env, io.err);
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
