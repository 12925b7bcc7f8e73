// The environment every project command runs Pulumi with: the project's CLI first on PATH (with the
// YAML language host for a `runtime: yaml` project), a local
// file backend inside the project (unless PULUMI_BACKEND_URL says otherwise), the state written
// once per run, and — for the `local` stack only — the embedded sandbox and the documented dev
// passphrase. What was chosen is said on stderr, once.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensurePulumiCli, type PulumiCli } from "./pulumi-cli.ts";
import { projectRuntime } from "./project.ts";
import { ensureSandbox, sandboxEnv, type SandboxInfo } from "./sandbox-process.ts";

/** The stack wired to the embedded sandbox. */
export const LOCAL_STACK = "local";

/**
 * Protects only the `local` stack's sandbox data, so it is public. Any other stack must bring its
 * own PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE, or another secrets provider).
 */
export const LOCAL_PASSPHRASE = "mytpe-local-sandbox";

/** The variables that say which API the provider talks to, and as whom. */
const API_VARIABLES = ["MYTPE_API_URL", "MYTPE_API_KEY", "MYTPE_API_SECRET", "MYTPE_PAY_URL"] as const;

export interface PulumiRun {
  cli: PulumiCli;
  env: NodeJS.ProcessEnv;
  /** The stack the command runs on, when known. */
  stack?: string;
  sandbox?: SandboxInfo;
}

type Log = (line: string) => void;

/**
 * The CLI and environment for `pulumi <args>` in the project at `root`. `stack` is the stack the
 * command will run on (stackOf(args), else PULUMI_STACK, else the selected one).
 */
export async function pulumiEnv(root: string, args: readonly string[], base: NodeJS.ProcessEnv, log: Log): Promise<PulumiRun> {
  // A Pulumi YAML program needs the YAML language host, which a built CLI lacks until it is built too.
  const cli = await ensurePulumiCli(log, { yaml: projectRuntime(root) === "yaml" });
  if (!base["PULUMI_BACKEND_URL"]) mkdirSync(join(root, ".pulumi"), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...base,
    PATH: `${cli.binDir}:${base["PATH"] ?? ""}`,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_BACKEND_URL: base["PULUMI_BACKEND_URL"] || localBackendUrl(join(root, ".pulumi")),
    // The state is written once, at the end of a run, instead of after every step: with a file or
    // bucket backend each write is the whole state, so a 500-link up spent most of its time writing
    // it (README "Speed"). What a killed run made is not lost: every link carries its mark, and the
    // next up finds it. PULUMI_SKIP_CHECKPOINTS=false brings back a write after every step.
    PULUMI_SKIP_CHECKPOINTS: base["PULUMI_SKIP_CHECKPOINTS"] ?? "true",
  };
  const stack = stackOf(args) ?? (base["PULUMI_STACK"] || undefined) ?? currentStack(cli, root, env);
  if (stack !== LOCAL_STACK) return { cli, env, ...(stack ? { stack } : {}) };

  Object.assign(env, localStackEnv(env));
  if (base["MYTPE_API_URL"]) {
    // The user points the local stack somewhere on purpose: no sandbox, their values alone.
    log(`stack local: API ${base["MYTPE_API_URL"]} (from MYTPE_API_URL)`);
    return { cli, env, stack };
  }
  const sandbox = await ensureSandbox(root, log);
  const fromSandbox = sandboxEnv(sandbox);
  const explicit = API_VARIABLES.filter((name) => base[name]);
  for (const name of API_VARIABLES) if (!base[name]) env[name] = fromSandbox[name];
  log(`stack local: API ${sandbox.url} (the embedded sandbox)${explicit.length > 0 ? `, with ${explicit.join(", ")} from your environment` : ""}`);
  return { cli, env, stack, sandbox };
}

/** The environment with the local stack's public passphrase, unless one is given. */
export function localStackEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env["PULUMI_CONFIG_PASSPHRASE"] || env["PULUMI_CONFIG_PASSPHRASE_FILE"]) return env;
  return { ...env, PULUMI_CONFIG_PASSPHRASE: LOCAL_PASSPHRASE };
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

/**
 * The stack a command line names: `-s x`, `-sx`, `--stack x`, `--stack=x`, or the stack argument
 * of `stack init|select|rm x`.
 */
export function stackOf(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") break;
    if (arg === "-s" || arg === "--stack") return args[i + 1];
    if (arg.startsWith("--stack=")) return arg.slice("--stack=".length);
    if (/^-s[^-]/.test(arg)) return arg.slice(2);
  }
  const positionals = args.filter((arg) => !arg.startsWith("-"));
  if (positionals[0] === "stack" && ["init", "select", "rm", "remove"].includes(positionals[1] ?? "")) return positionals[2];
  return undefined;
}

/** The stack selected in the project, if any. */
export function currentStack(cli: PulumiCli, root: string, env: NodeJS.ProcessEnv): string | undefined {
  const result = spawnSync(cli.pulumi, ["stack", "--show-name", "--non-interactive"], { cwd: root, env, encoding: "utf8" });
  return result.status === 0 && result.stdout.trim() !== "" ? result.stdout.trim() : undefined;
}
