// The environment every project command runs Pulumi with: the project's CLI first on PATH, the
// local file backend inside the project, and — for the `local` stack only — the embedded sandbox
// and the documented dev passphrase.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensurePulumiCli, type PulumiCli } from "./pulumi-cli/ensure.ts";
import { ensureSandbox, sandboxEnv, type SandboxInfo } from "./sandbox-process.ts";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The stack the demo and the sandbox use. */
export const LOCAL_STACK = "local";

/**
 * Protects only the `local` stack's sandbox data, so it is public. Any other stack must bring its
 * own PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE, or another secrets provider).
 */
export const LOCAL_PASSPHRASE = "mytpe-local-sandbox";

export interface PulumiRun {
  cli: PulumiCli;
  env: NodeJS.ProcessEnv;
  sandbox?: SandboxInfo;
}

type Log = (line: string) => void;

export async function pulumiEnv(args: readonly string[], log: Log): Promise<PulumiRun> {
  const cli = await ensurePulumiCli(log);
  if (!process.env["PULUMI_BACKEND_URL"]) mkdirSync(join(PROJECT_ROOT, ".pulumi"), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${cli.binDir}:${process.env["PATH"] ?? ""}`,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_BACKEND_URL: process.env["PULUMI_BACKEND_URL"] ?? localBackendUrl(join(PROJECT_ROOT, ".pulumi")),
    // The state is written once, at the end of a run, instead of after every step: with a file or
    // bucket backend each write is the whole state, so a 500-link up spent most of its time writing
    // it (README "Speed"). What a killed run made is not lost: every link carries its mark, and the
    // next up finds it (npm run crash-test, test/e2e/skipped-checkpoints.test.ts).
    // PULUMI_SKIP_CHECKPOINTS=false brings back a write after every step.
    PULUMI_SKIP_CHECKPOINTS: process.env["PULUMI_SKIP_CHECKPOINTS"] ?? "true",
  };
  const stack = stackOf(args) ?? currentStack(cli, env);
  if (stack !== LOCAL_STACK) return { cli, env };

  if (!env["PULUMI_CONFIG_PASSPHRASE"] && !env["PULUMI_CONFIG_PASSPHRASE_FILE"]) {
    env["PULUMI_CONFIG_PASSPHRASE"] = LOCAL_PASSPHRASE;
  }
  const sandbox = await ensureSandbox(PROJECT_ROOT, log);
  return { cli, env: { ...env, ...sandboxEnv(sandbox) }, sandbox };
}

/**
 * A file backend in `folder`. `metadata=skip`: the blob library otherwise writes a sidecar
 * `.attrs` file next to the state, not atomically, and a `pulumi up` killed at the wrong moment
 * leaves it empty — after which the stack cannot be loaded ("failed to load checkpoint: EOF")
 * until it is deleted. Without sidecars the state file is only ever replaced by a rename.
 */
export function localBackendUrl(folder: string): string {
  return `file://${folder}?metadata=skip`;
}

/** The stack named on the command line (`-s x`, `--stack x`, `--stack=x`), if any. */
export function stackOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "-s" || arg === "--stack") return args[i + 1];
    if (arg.startsWith("--stack=")) return arg.slice("--stack=".length);
  }
  return undefined;
}

function currentStack(cli: PulumiCli, env: NodeJS.ProcessEnv): string | undefined {
  const result = spawnSync(cli.pulumi, ["stack", "--show-name", "--non-interactive"], {
    cwd: PROJECT_ROOT,
    env,
    encoding: "utf8",
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}
