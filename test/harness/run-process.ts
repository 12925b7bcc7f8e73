// Runs a command to its end without blocking the event loop (the tests' sandbox, proxies and
// PostgreSQL client answer from this process meanwhile), capturing its output, and kills it with
// its whole process tree on demand — as a runner's machine dying would.
import { spawn } from "node:child_process";
import { killTree } from "./kill-tree.ts";

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Whether the kill struck before the command ended. */
  killed: boolean;
  /** Wall time in ms. */
  ms: number;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** SIGKILL the command and every process below it as soon as this returns true (polled every 10 ms). */
  killWhen?: () => boolean;
}

export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let killed = false;
    const poll =
      options.killWhen === undefined
        ? undefined
        : setInterval(() => {
            if (killed || !options.killWhen?.()) return;
            killed = true;
            killTree(child.pid!);
          }, 10);
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(poll);
      resolve({ code: code ?? 1, stdout, stderr, killed, ms: performance.now() - start });
    });
  });
}
