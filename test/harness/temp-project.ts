// A throwaway Pulumi project in a temp folder that uses the package as a campaign repository does
// (its program imports "mytpe-links"; its node_modules are the repo's, with mytpe-links pointing at
// the repo's build or at a snapshot of it), driven by the real Pulumi CLI against an in-process
// sandbox: used by the end-to-end tests, the soak and crash runs, and the benchmark.
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { killTree } from "./kill-tree.ts";
import { ensurePulumiCli } from "../../src/cli/pulumi-cli.ts";
import { localBackendUrl } from "../../src/cli/pulumi-env.ts";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The program of a project made from YAML files: the campaign template's. */
export const YAML_PROGRAM = 'import { declareLinks } from "mytpe-links";\nexport const linkUrls = declareLinks().urls;\n';
const PASSPHRASE = "e2e-passphrase";

export interface PulumiResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Whether `killAfterMs` struck before the command ended. */
  killed: boolean;
  /** Wall time, and performance.now() at start and end (to line up with request timings). */
  ms: number;
  start: number;
  end: number;
}

export interface PulumiRunOptions {
  env?: Record<string, string>;
  /** Where to run, when not the project's folder (another project sharing its backend and sandbox). */
  cwd?: string;
  /** SIGKILL the CLI and every process it started (language host, program, provider host)... */
  killAfterMs?: number;
  /** ...or as soon as this returns true (polled every 10 ms), e.g. after so many API writes. */
  killWhen?: () => boolean;
}

export interface E2eProject {
  dir: string;
  sandbox: Sandbox;
  /** Runs the CLI in the project (never blocking: the sandbox answers from this process). */
  pulumi(args: string[], options?: PulumiRunOptions): Promise<PulumiResult>;
  /** Like `pulumi`, but throws with the CLI's output when it fails. */
  run(args: string[], options?: PulumiRunOptions): Promise<PulumiResult>;
  /** Replaces the project's links/ with one file of the given YAML. */
  writeLinks(yaml: string, file?: string): void;
  /** Calls the sandbox API directly, as the MyTPE dashboard or a customer would. */
  api<T = { data: Record<string, unknown> }>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The exported stack (the state file's deployment). */
  exportStack(): Promise<{ deployment: { resources: StateResource[] } }>;
  dispose(): Promise<void>;
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/**
 * Creates the project with a `test` stack. Credentials reach the provider through the
 * environment unless `secretsInConfig`, which stores them as secret stack config instead.
 */
export async function createE2eProject(
  options: {
    secretsInConfig?: boolean;
    layers?: readonly Layer[];
    /** A JavaScript program (an ES module importing "mytpe-links") instead of declareLinks() and links/. */
    program?: string;
    /** The package the project uses: the repo (its dist/), or a snapshot of it (benchmarks). */
    code?: string;
    /** Write the sandbox's state file after each change, as the real sandbox does (default true). */
    persist?: boolean;
    /** A sandbox state file to start from (copied into the project). */
    sandboxState?: string;
    /** Added to the environment of every pulumi command. */
    env?: Record<string, string>;
  } = {},
): Promise<E2eProject> {
  const cli = await ensurePulumiCli();
  const dir = mkdtempSync(join(tmpdir(), "mytpe-e2e-"));
  if (options.sandboxState) copyFileSync(options.sandboxState, join(dir, "sandbox-state.json"));
  const sandbox = await startSandbox({
    port: 0,
    ...(options.persist === false ? {} : { statePath: join(dir, "sandbox-state.json") }),
    log: () => {},
    ...(options.layers ? { layers: options.layers } : {}),
  });
  linkPackages(join(dir, "node_modules"), options.code ?? REPO);
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "mytpe-e2e", private: true, type: "module" })}\n`);
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    ["name: mytpe-links", "runtime:", "  name: nodejs", "  options:", "    typescript: false", "main: index.js", "stackConfigDir: stacks", ""].join("\n"),
  );
  writeFileSync(join(dir, "index.js"), options.program ?? YAML_PROGRAM);
  mkdirSync(join(dir, "links"));
  mkdirSync(join(dir, "stacks"));
  mkdirSync(join(dir, ".pulumi"));

  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${cli.binDir}:${process.env["PATH"] ?? ""}`,
    PULUMI_BACKEND_URL: localBackendUrl(join(dir, ".pulumi")),
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_HOME: join(dir, ".pulumi-home"),
    MYTPE_API_URL: sandbox.url,
    MYTPE_PAY_URL: sandbox.payUrl,
    NO_COLOR: "1",
    ...options.env,
  };
  delete baseEnv["MYTPE_API_KEY"];
  delete baseEnv["MYTPE_API_SECRET"];
  if (!options.secretsInConfig) {
    baseEnv["MYTPE_API_KEY"] = sandbox.apiKey;
    baseEnv["MYTPE_API_SECRET"] = sandbox.apiSecret;
  }

  const pulumi = (args: string[], opts: PulumiRunOptions = {}) =>
    new Promise<PulumiResult>((resolvePromise, reject) => {
      const start = performance.now();
      const child = spawn(cli.pulumi, [...args, "--non-interactive"], {
        cwd: opts.cwd ?? dir,
        env: { ...baseEnv, ...opts.env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        killTree(child.pid!);
      };
      const timer = opts.killAfterMs === undefined ? undefined : setTimeout(kill, opts.killAfterMs);
      const poll = opts.killWhen === undefined ? undefined : setInterval(() => opts.killWhen?.() && kill(), 10);
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        clearInterval(poll);
        const end = performance.now();
        resolvePromise({ code: code ?? 1, stdout, stderr, killed, ms: end - start, start, end });
      });
    });
  const run = async (args: string[], opts: PulumiRunOptions = {}) => {
    const result = await pulumi(args, opts);
    if (result.code !== 0) {
      throw new Error(`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  };

  await run(["stack", "init", "test"]);
  if (options.secretsInConfig) {
    await run(["config", "set", "--secret", "mytpe:apiKey", sandbox.apiKey]);
    await run(["config", "set", "--secret", "mytpe:apiSecret", sandbox.apiSecret]);
  }

  return {
    dir,
    sandbox,
    pulumi,
    run,
    writeLinks(yaml, file = "links.yaml") {
      rmSync(join(dir, "links"), { recursive: true, force: true });
      mkdirSync(join(dir, "links"));
      writeFileSync(join(dir, "links", file), yaml);
    },
    async api<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async exportStack() {
      const result = await run(["stack", "export"]);
      return JSON.parse(result.stdout) as { deployment: { resources: StateResource[] } };
    },
    async dispose() {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * node_modules for a temp project: each package of the repo's, linked, and mytpe-links pointing at
 * `code` (the repo, or a snapshot with its own dist/ and package.json).
 */
export function linkPackages(folder: string, code: string): void {
  mkdirSync(folder);
  for (const entry of readdirSync(join(REPO, "node_modules"))) {
    if (entry === "mytpe-links" || entry.startsWith(".")) continue;
    symlinkSync(join(REPO, "node_modules", entry), join(folder, entry));
  }
  symlinkSync(code, join(folder, "mytpe-links"));
}

/** A YAML file of links on the sandbox's ready instance. */
export function linksYaml(instanceId: string, links: Record<string, Record<string, unknown>>): string {
  const lines = ["defaults:", `  payment_instance_id: ${instanceId}`, "links:"];
  for (const [name, fields] of Object.entries(links)) {
    lines.push(`  ${name}:`);
    for (const [key, value] of Object.entries(fields)) lines.push(`    ${key}: ${JSON.stringify(value)}`);
  }
  return `${lines.join("\n")}\n`;
}
