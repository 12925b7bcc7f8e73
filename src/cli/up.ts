// `mytpe-links up [--stack NAME]` (`npm run demo` in this repository, `npm run up` in a campaign
// repository): the main job. Makes the Pulumi CLI available, selects or creates the stack (`local`
// by default: the embedded sandbox, started in the background or reused), runs `pulumi up --yes`
// and prints the links' URLs and, against the sandbox, the API calls the run made. A second run
// changes nothing and makes no write call.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commandStack } from "./command-stack.ts";
import { runWatchingLock } from "./lock-hint.ts";
import { LOCAL_STACK } from "./pulumi-env.ts";
import { projectRoot, type CliIo } from "./project.ts";
import type { SandboxInfo } from "./sandbox-process.ts";
import { FileTail, progressLine, progressOf, type Progress } from "./up-progress.ts";
import { loadLinkFiles } from "../program/link-files.ts";
import { DEFAULT_LINK_SOURCES, resolveLinkSources, stackLinkSources } from "../program/link-sources.ts";

/** How often a long run says how far it is (MYTPE_PROGRESS_SECONDS to change it). */
const PROGRESS_SECONDS = 10;
import { commandArgs, HELP } from "./command-args.ts";
import { payableLinksSummary } from "./links/payable-links.ts";
import { upLinks } from "./links/up-links.ts";

export const USAGE = `usage: mytpe-links up [--stack NAME] [--create-stack]
  Provisions the stack's links (pulumi up --yes) and prints their URLs. The stack defaults to
  "local", wired to the embedded sandbox; it is created when it does not exist. Any other stack
  must exist in the project's backend, or be created on purpose with --create-stack: a new stack
  named like one of another backend or organization (production, on a laptop) is another state,
  and takes none of that stack's links.`;

export async function upCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = commandArgs(args, { options: { stack: { type: "string", short: "s" }, "create-stack": { type: "boolean" }, help: HELP } }, USAGE, io);
  if (typeof parsed === "number") return parsed;
  const stack = parsed.values.stack ?? LOCAL_STACK;
  const root = projectRoot(io.cwd);
  // Selected; created when it does not exist only for `local` or when asked (command-stack.ts).
  const create = parsed.values["create-stack"] === true ? "any" : "local";
  const { cli, env, sandbox } = await commandStack(root, stack, io.env, io.err, { create, select: true });
  const before = sandbox ? await stats(sandbox) : undefined;
  const code = await upWithProgress(cli.pulumi, root, env, stack, io);
  if (code !== 0) return code;
  const after = sandbox ? await stats(sandbox) : undefined;

  // Each link with its live status; only active links are handed out as payment links
  // (links/payable-links.ts). Read after the run's API-call count, which is pulumi up's alone.
  io.out("");
  for (const line of payableLinksSummary(await upLinks({ cli, root, env, stack }, io.err))) io.out(line);
  if (before && after) {
    const writes = after.writes - before.writes;
    // Less the `before` stats request itself, which the `after` count includes.
    const reads = after.reads - before.reads - 1;
    io.out("");
    io.out(`API calls during this run: ${reads} read${reads === 1 ? "" : "s"}, ${writes} write${writes === 1 ? "" : "s"}`);
  }
  io.out("");
  io.out(`Payments, money collected and drift, live: mytpe-links links${stack === LOCAL_STACK ? "" : ` --stack ${stack}`}`);
  return 0;
}

/**
 * `pulumi up --yes`, saying every PROGRESS_SECONDS how many links are done once a run lasts that
 * long (a campaign against a rate-limited API takes minutes; a quick run says nothing more).
 */
async function upWithProgress(pulumi: string, root: string, env: NodeJS.ProcessEnv, stack: string, io: CliIo): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), "mytpe-up-"));
  const events = new FileTail(join(folder, "events.jsonl"));
  const declared = declaredLinks(root, stack);
  // Says what to do when another run holds the stack's lock (lock-hint.ts).
  const run = runWatchingLock(
    pulumi,
    ["up", "--yes", "--non-interactive", "--stack", stack],
    { cwd: root, env, stack, eventLog: join(folder, "events.jsonl") },
    io.err,
  );
  let progress: Progress = { started: 0, done: 0 };
  let said = "";
  const seconds = Number(io.env["MYTPE_PROGRESS_SECONDS"] ?? PROGRESS_SECONDS);
  const timer = setInterval(
    () => {
      progress = progressOf(events.lines(), progress);
      const line = progressLine(progress, declared);
      if (progress.started > 0 && line !== said) {
        said = line;
        io.err(line);
      }
    },
    (Number.isFinite(seconds) && seconds > 0 ? seconds : PROGRESS_SECONDS) * 1000,
  );
  try {
    return await run;
  } finally {
    clearInterval(timer);
    rmSync(folder, { recursive: true, force: true });
  }
}

/** How many links the stack's YAML files declare, when the program reads them (declareLinks). */
function declaredLinks(root: string, stack: string): number | undefined {
  try {
    const { links, problems } = loadLinkFiles(resolveLinkSources(stackLinkSources(root, stack)?.sources ?? DEFAULT_LINK_SOURCES, root), root);
    return problems.length === 0 && links.length > 0 ? links.length : undefined;
  } catch {
    return undefined; // A program of its own: the count of links started stands in.
  }
}

async function stats(sandbox: SandboxInfo): Promise<{ reads: number; writes: number }> {
  const response = await fetch(`${sandbox.url}/sandbox/stats`, {
    headers: { "x-api-key": sandbox.api_key, "x-api-secret": sandbox.api_secret },
  });
  const body = (await response.json()) as { data?: { by_method?: Record<string, number> } };
  const byMethod = body.data?.by_method ?? {};
  const writes = Object.entries(byMethod).reduce((sum, [method, n]) => (method === "GET" ? sum : sum + n), 0);
  return { reads: byMethod["GET"] ?? 0, writes };
}
