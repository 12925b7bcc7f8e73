#!/usr/bin/env node
// `mytpe-links <command>`: the package's command line (package.json `bin`). Each command is a
// function of its arguments and io returning an exit code; this file only picks one.
import { realpathSync } from "node:fs";
import module from "node:module";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { processIo, projectRoot, type CliIo } from "./project.ts";

export const USAGE = `usage: mytpe-links <command> [options]

Commands:
  init [DIR]     scaffold a campaign repository (Pulumi project, links/, stacks/, workflow)
  check          check link declarations offline, every problem of every file at once
  up             provision the stack's links (pulumi up --yes; stack "local" = the sandbox)
  links          the stack's links from the live API: status, URL, payments, drift; CSV, QR codes
  plan           preview a stack and write the pull-request comment (.plan/plan.md, plan.json)
  apply          apply exactly a reviewed update plan (plan --save-plan FILE, then apply --plan FILE)
  release NAME   hand a link over to another stack without archiving it (unmark, forget from state)
  pulumi ARGS    run Pulumi with the project's environment (sandbox for the stack "local")
  sandbox        run the embedded MyTPE sandbox in the foreground
  broker         serve a read-only broker for previews: it holds the keys and forwards only GETs
  setup          make a Pulumi CLI available (the one on PATH, else built from Go modules once)

\`mytpe-links <command> --help\` describes each one.`;

type Command = (args: readonly string[], io: CliIo) => Promise<number> | number;

const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import("./init.ts")).initCommand,
  check: async () => (await import("./check.ts")).runCheck,
  up: async () => (await import("./up.ts")).upCommand,
  links: async () => (await import("./links/links-command.ts")).linksCommand,
  apply: async () => (await import("./apply.ts")).applyCommand,
  release: async () => (await import("./release.ts")).releaseCommand,
  plan: async () => {
    const { runPlan } = await import("./plan.ts");
    return (args, io) => runPlan(args, { ...io, cwd: projectRoot(io.cwd) });
  },
  pulumi: async () => (await import("./pulumi.ts")).pulumiCommand,
  broker: async () => (await import("./broker.ts")).brokerCommand,
  sandbox: async () => {
    const { sandboxCommand } = await import("./sandbox.ts");
    // Runs until a signal stops the process.
    return async (args) => {
      await sandboxCommand([...args]);
      return new Promise<number>(() => {});
    };
  },
  setup: async () => {
    const { ensurePulumiCli } = await import("./pulumi-cli.ts");
    const usage =
      "usage: mytpe-links setup\n  Uses `pulumi` 3.x from PATH, else builds Pulumi (and its YAML language host) from its Go modules once into ~/.cache/mytpe-links.";
    return async (args, io) => {
      try {
        if (parseArgs({ args: [...args], options: { help: { type: "boolean", short: "h" } }, strict: true }).values.help) {
          io.out(usage);
          return 0;
        }
      } catch (error) {
        io.err(`${(error as Error).message}\n${usage}`);
        return 2;
      }
      const cli = await ensurePulumiCli(io.err, { yaml: true });
      io.out(`${cli.pulumi} (Pulumi ${cli.version}, ${cli.source})`);
      return 0;
    };
  },
};

/** Runs the command line `argv` (without node and the script); returns the exit code. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(USAGE);
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`mytpe-links: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return 2;
  }
  try {
    return await (await load())(args, io);
  } catch (error) {
    // Commands report what they expect; anything else is said once, without a stack trace.
    io.err(`mytpe-links ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Node's own compile cache (Node 22.1 and later; in the OS's temp folder): a command that runs
  // once and exits need not compile zod and yaml again every time.
  (module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  process.exitCode = await main(process.argv.slice(2), processIo());
}
