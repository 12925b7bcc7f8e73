// Starts the embedded sandbox in the background for the project's `local` stack (`mytpe-links
// sandbox`, detached), or reuses the one already running, and says how to reach it. Its state lives
// in the project's .sandbox/state.json and its ready line in .sandbox/sandbox.json.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { PACKAGE_ROOT } from "./project.ts";

/** The compiled command line: the sandbox runs as `mytpe-links sandbox`, in plain node. */
const CLI_MAIN = join(PACKAGE_ROOT, "dist", "cli", "main.js");

/** The sandbox's ready line (see sandbox/main.ts). */
export interface SandboxInfo {
  url: string;
  pay_url: string;
  api_key: string;
  api_secret: string;
  instances: { ready: string; pending: string };
  forms: { published: string; draft: string };
  /** The background process, to stop it (`kill <pid>`; it writes its state and exits). */
  pid?: number;
}

export async function ensureSandbox(root: string, log: (line: string) => void): Promise<SandboxInfo> {
  const folder = join(root, ".sandbox");
  const infoFile = join(folder, "sandbox.json");
  const previous = existsSync(infoFile) ? (JSON.parse(readFileSync(infoFile, "utf8")) as SandboxInfo) : undefined;
  if (previous && (await answers(previous))) return previous;

  mkdirSync(folder, { recursive: true });
  // Same port as last time when free, so the URLs already in state stay right.
  const lastPort = previous ? Number(new URL(previous.url).port) : 0;
  const info = (await start(root, folder, lastPort).catch(() => undefined)) ?? (await start(root, folder, 0));
  writeFileSync(infoFile, `${JSON.stringify(info, null, 2)}\n`);
  log(`sandbox started in the background at ${info.url} (state: .sandbox/state.json, log: .sandbox/sandbox.log)`);
  return info;
}

async function answers(info: SandboxInfo): Promise<boolean> {
  try {
    const response = await fetch(`${info.url}/me`, {
      headers: { "x-api-key": info.api_key, "x-api-secret": info.api_secret },
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

function start(root: string, folder: string, port: number): Promise<SandboxInfo> {
  return new Promise((resolvePromise, reject) => {
    const logFd = openSync(join(folder, "sandbox.log"), "a");
    const child = spawn(process.execPath, [CLI_MAIN, "sandbox", "--port", String(port), "--state", join(folder, "state.json")], {
      cwd: root,
      detached: true,
      stdio: ["ignore", "pipe", logFd],
    });
    const stdout = child.stdout!;
    const lines = createInterface({ input: stdout });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("the sandbox did not start within 30 s: see .sandbox/sandbox.log"));
    }, 30_000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      lines.close();
      stdout.destroy();
      child.unref();
      try {
        resolvePromise({ ...(JSON.parse(line) as SandboxInfo), ...(child.pid ? { pid: child.pid } : {}) });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited with code ${code}: see .sandbox/sandbox.log`));
    });
  });
}

/** Environment that points the provider at the sandbox. */
export function sandboxEnv(info: SandboxInfo): Record<string, string> {
  return {
    MYTPE_API_URL: info.url,
    MYTPE_API_KEY: info.api_key,
    MYTPE_API_SECRET: info.api_secret,
    MYTPE_PAY_URL: info.pay_url,
  };
}
