// The benchmark's own throwaway project: like tools/temp-project.ts (the real CLI, a file
// backend, the program and provider linked from the repo, an in-process sandbox), with what a
// measurement needs on top: the sandbox's state file optional (to measure what persisting it
// costs), a timing layer that records when each request started and ended, and wall time per
// command.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensurePulumiCli } from "../pulumi-cli/ensure.ts";
import { localBackendUrl } from "../pulumi-env.ts";
import { REPO } from "../temp-project.ts";
import type { Layer } from "../../sandbox/pipeline.ts";
import { startSandbox, type Sandbox } from "../../sandbox/server.ts";
import type { Span } from "./timeline.ts";

export interface BenchProjectOptions {
  /** Where program/ and provider/ come from (see snapshotCode); the repo itself by default. */
  code?: string;
  /** Write the sandbox's state file after each change, as temp-project.ts does (default true). */
  persist?: boolean;
  /** Added to the environment of every pulumi command. */
  env?: Record<string, string>;
}

export interface Timed {
  ms: number;
  /** performance.now() at start and end, to line up with the request spans. */
  start: number;
  end: number;
  stdout: string;
}

export interface BenchProject {
  dir: string;
  sandbox: Sandbox;
  /** Every request since the last `resetRequests`, as the outermost layer saw it (latency included). */
  spans: Span[];
  /** Forgets recorded requests and spans. */
  resetRequests(): void;
  /** Runs a pulumi command; throws with its output when it fails. */
  run(args: string[], env?: Record<string, string>): Promise<Timed>;
  writeLinks(yaml: string): void;
  dispose(): Promise<void>;
}

const PASSPHRASE = "bench-passphrase";

export async function createBenchProject(options: BenchProjectOptions = {}): Promise<BenchProject> {
  const cli = await ensurePulumiCli();
  const dir = mkdtempSync(join(tmpdir(), "mytpe-bench-"));
  const spans: Span[] = [];
  const timing: Layer = async (req, next) => {
    const start = performance.now();
    try {
      return await next(req);
    } finally {
      spans.push({ start, end: performance.now() });
    }
  };
  const sandbox = await startSandbox({
    port: 0,
    ...(options.persist === false ? {} : { statePath: join(dir, "sandbox-state.json") }),
    log: () => {},
    layers: [timing],
  });
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  for (const entry of ["provider", "program"]) symlinkSync(join(options.code ?? REPO, entry), join(dir, entry));
  for (const file of ["package.json", "tsconfig.json"]) cpSync(join(REPO, file), join(dir, file));
  cpSync(join(options.code ?? REPO, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
  for (const folder of ["links", "stacks", ".pulumi"]) mkdirSync(join(dir, folder));

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${cli.binDir}:${process.env["PATH"] ?? ""}`,
    PULUMI_BACKEND_URL: localBackendUrl(join(dir, ".pulumi")),
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_HOME: join(dir, ".pulumi-home"),
    MYTPE_API_URL: sandbox.url,
    MYTPE_PAY_URL: sandbox.payUrl,
    MYTPE_API_KEY: sandbox.apiKey,
    MYTPE_API_SECRET: sandbox.apiSecret,
    NO_COLOR: "1",
    ...options.env,
  };

  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<Timed>((resolvePromise, reject) => {
      const start = performance.now();
      const child = spawn(cli.pulumi, [...args, "--non-interactive"], { cwd: dir, env: { ...baseEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (code) => {
        const end = performance.now();
        if (code === 0) resolvePromise({ ms: end - start, start, end, stdout });
        else reject(new Error(`pulumi ${args.join(" ")} exited ${String(code)}\n${tail(stdout)}\n${tail(stderr)}`));
      });
    });

  await run(["stack", "init", "test"]);

  return {
    dir,
    sandbox,
    spans,
    resetRequests() {
      sandbox.resetRequests();
      spans.length = 0;
    },
    run,
    writeLinks(yaml) {
      rmSync(join(dir, "links"), { recursive: true, force: true });
      mkdirSync(join(dir, "links"));
      writeFileSync(join(dir, "links", "links.yaml"), yaml);
    },
    async dispose() {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A copy of program/ and provider/ as they are now, so every run of one benchmark measures the
 * same code even while the repo is being edited. Remove it with `rmSync(dir, { recursive: true })`.
 */
export function snapshotCode(): string {
  const dir = mkdtempSync(join(tmpdir(), "mytpe-bench-code-"));
  for (const entry of ["program", "provider"]) cpSync(join(REPO, entry), join(dir, entry), { recursive: true });
  // Node resolves the project's symlinks to this folder: packages and module type must be found from here.
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  for (const file of ["package.json", "package-lock.json", "Pulumi.yaml"]) cpSync(join(REPO, file), join(dir, file));
  return dir;
}

/** The end of a long output: enough to see the error, not thousands of resource lines. */
function tail(text: string, lines = 60): string {
  return text.split("\n").slice(-lines).join("\n");
}

/** Size of the file backend's checkpoint(s) of the project's stacks (what each step rewrites). */
export function stateFileBytes(dir: string): number {
  const root = join(dir, ".pulumi", ".pulumi", "stacks");
  let total = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".json")) total += statSync(path).size;
    }
  };
  if (existsSync(root)) walk(root);
  return total;
}
