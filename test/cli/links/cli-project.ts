// A throwaway project (test/harness/temp-project.ts: stack `test`, an in-process sandbox) plus the
// package's real command line, `node dist/cli/main.js`, run in it with the project's environment,
// for the tests of `links` and `up` through the CLI (not a test file itself).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { localBackendUrl } from "../../../src/cli/pulumi-env.ts";
import { createE2eProject, REPO, type E2eProject } from "../../harness/temp-project.ts";

/** The passphrase temp-project.ts gives its stacks. */
export const PASSPHRASE = "e2e-passphrase";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliProject extends E2eProject {
  /**
   * Runs `mytpe-links <args>` in the project. `stopWhen` sends SIGINT once the output so far
   * satisfies it (for --watch).
   */
  cli(args: string[], options?: { env?: Record<string, string | undefined>; stopWhen?: (stdout: string) => boolean; cwd?: string }): Promise<CliResult>;
}

export async function createCliProject(options: Parameters<typeof createE2eProject>[0] = {}): Promise<CliProject> {
  const project = await createE2eProject(options);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_BACKEND_URL: localBackendUrl(join(project.dir, ".pulumi")),
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_HOME: join(project.dir, ".pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    MYTPE_API_URL: project.sandbox.url,
    MYTPE_PAY_URL: project.sandbox.payUrl,
    MYTPE_API_KEY: project.sandbox.apiKey,
    MYTPE_API_SECRET: project.sandbox.apiSecret,
    NO_COLOR: "1",
    ...options.env,
  };
  delete env["PULUMI_STACK"];
  if (options.secretsInConfig) {
    delete env["MYTPE_API_KEY"];
    delete env["MYTPE_API_SECRET"];
  }
  const cli: CliProject["cli"] = (args, runOptions = {}) =>
    new Promise((resolve, reject) => {
      const childEnv = { ...env, ...runOptions.env };
      for (const [name, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[name];
      const child = spawn(process.execPath, [join(REPO, "dist", "cli", "main.js"), ...args], {
        cwd: runOptions.cwd ?? project.dir,
        env: childEnv,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      let stopped = false;
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        if (!stopped && runOptions.stopWhen?.(stdout)) {
          stopped = true;
          child.kill("SIGINT");
        }
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });
  return Object.assign(project, { cli });
}
