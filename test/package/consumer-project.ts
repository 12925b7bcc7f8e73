// A project of a user of the package, in a temp folder outside the repository: it installs the
// packed tarball (test/package/global-setup.ts) with npm from the local cache, and its commands run
// as a user's would — npm, npx, the package's `mytpe-links` bin and the Pulumi CLI on PATH — with
// nothing linked into the repository. Used by the package tests (test/package/).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { inject } from "vitest";
import { killTree } from "../harness/kill-tree.ts";
import { REPO } from "../harness/temp-project.ts";
import { ensurePulumiCli } from "../../src/cli/pulumi-cli.ts";
import { localBackendUrl } from "../../src/cli/pulumi-env.ts";

/** npm's flags for every install: from the local cache when it can, no audit, no funding notice. */
export const NPM_INSTALL_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund"];
export const PASSPHRASE = "package-test-passphrase";

/** The repository's own package.json: the versions a consumer is given are the ones it tests with. */
export const REPO_PACKAGE = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Consumer {
  dir: string;
  tarball: string;
  /** The environment every command runs with (the Pulumi CLI first on PATH, a file backend in .pulumi/). */
  env: NodeJS.ProcessEnv;
  /** Runs a command in the project (asynchronously: an in-process sandbox keeps answering). */
  exec(command: string, args: readonly string[], env?: Record<string, string>): Promise<CommandResult>;
  /** Like exec, but throws with the output when the command fails. */
  run(command: string, args: readonly string[], env?: Record<string, string>): Promise<CommandResult>;
  /** `pulumi <args> --non-interactive`, throwing when it fails. */
  pulumi(args: readonly string[], env?: Record<string, string>): Promise<CommandResult>;
  write(file: string, text: string): void;
  read(file: string): string;
  dispose(): Promise<void>;
}

/**
 * A temp folder for a consumer project (nothing written in it yet). Its environment has the Pulumi
 * CLI first on PATH, a file backend in .pulumi/, its own PULUMI_HOME, and none of the variables
 * npm sets for the script that runs the tests (they would point npm at this repository).
 */
export async function createConsumer(prefix: string): Promise<Consumer> {
  const cli = await ensurePulumiCli();
  const tarball = inject("tarball");
  const dir = mkdtempSync(join(tmpdir(), `mytpe-${prefix}-`));
  mkdirSync(join(dir, ".pulumi"));
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(name) && name !== "INIT_CWD" && !name.startsWith("MYTPE_")) env[name] = value;
  }
  Object.assign(env, {
    PATH: `${cli.binDir}:${process.env["PATH"] ?? ""}`,
    PULUMI_BACKEND_URL: localBackendUrl(join(dir, ".pulumi")),
    PULUMI_HOME: join(dir, ".pulumi-home"),
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    NO_COLOR: "1",
  });

  const exec = (command: string, args: readonly string[], extra: Record<string, string> = {}) =>
    new Promise<CommandResult>((resolvePromise, reject) => {
      const child = spawn(command, [...args], { cwd: dir, env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
    });
  const run = async (command: string, args: readonly string[], extra: Record<string, string> = {}) => {
    const result = await exec(command, args, extra);
    if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.code} in ${dir}\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  return {
    dir,
    tarball,
    env,
    exec,
    run,
    pulumi: (args, extra) => run(cli.pulumi, [...args, "--non-interactive"], extra),
    write(file, text) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    },
    read: (file) => readFileSync(join(dir, file), "utf8"),
    async dispose() {
      stopBackgroundSandboxes(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stops the sandboxes `mytpe-links` started in the background for the project in `dir` (found by their state file). */
export function stopBackgroundSandboxes(dir: string): void {
  const stateFile = join(dir, ".sandbox", "state.json");
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (commandLine.split("\0").includes(stateFile)) killTree(Number(entry));
  }
}

/** A package.json for a project that depends on the tarball and the Pulumi SDK this repository tests with. */
export function consumerPackageJson(name: string, tarball: string, extra: Record<string, unknown> = {}): string {
  return `${JSON.stringify(
    {
      name,
      private: true,
      dependencies: { "@pulumi/pulumi": REPO_PACKAGE.devDependencies["@pulumi/pulumi"], "mytpe-links": `file:${tarball}` },
      ...extra,
    },
    null,
    2,
  )}\n`;
}
