// When two runs of one stack meet, the second stops on the backend's lock, with Pulumi's own error.
// It does not name the project's commands, say that the stopped run changed nothing, that `cancel`
// also removes a live run's lock, or that a run which died may have changed links it never
// recorded (hence `up --refresh`): `mytpe-links up` and `apply` add that (issue #15;
// docs/team-setup.md). Decided from facts, never from the wording of Pulumi's messages (issue #23):
// the engine's event log (`--event-log`: none when the run stopped before the engine started) and
// the backend's locks — the lock files of a file backend (pkg/backend/diy/lock.go:
// .pulumi/locks/<org>/<project>/<stack>/<id>.json), `updateInProgress` of `pulumi stack ls --json`
// on Pulumi Cloud; other backends' locks (PostgreSQL rows, buckets) cannot be read from here.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectName } from "./project.ts";

/** What is known after a failed run: whether the engine started, and who holds the stack's lock. */
export interface LockFacts {
  engineStarted: boolean;
  /** The lock holders (user@host (pid), or "an update in progress"); "unknown" where they cannot be read. */
  holders: readonly string[] | "unknown";
}

/** What to do about a run that stopped on the stack's lock; undefined when it did not. */
export function lockHint(facts: LockFacts, stack: string | undefined): string[] | undefined {
  if (facts.engineStarted || (facts.holders !== "unknown" && facts.holders.length === 0)) return undefined;
  const flag = stack ? ` --stack ${stack}` : "";
  const named = stack ? ` ${stack}` : "";
  return [
    facts.holders === "unknown"
      ? `mytpe-links: this run stopped before Pulumi started the update, so it changed nothing. If Pulumi says above that the stack${named} is locked by another run:`
      : `mytpe-links: the stack${named} is locked by another run (${facts.holders.join(", ")}), so this run stopped before changing anything.`,
    "  If that run is still going (another pipeline, a colleague), wait for it to end, then run again.",
    "  If it died (runner killed, machine lost), release the lock, then let one run record what the dead run did:",
    `    npx mytpe-links pulumi cancel${flag} --yes`,
    `    npx mytpe-links pulumi up --refresh${flag} --yes`,
    "  `cancel` removes every lock of the stack, a live run's too: check who holds it first (user@host, pid and time above).",
  ];
}

/** The holders of the stack's lock in a file backend's folder (`file://` URL), from its lock files. */
export function fileBackendLocks(backendFolder: string, project: string, stack: string): string[] {
  const locks = join(backendFolder, ".pulumi", "locks");
  if (!existsSync(locks)) return [];
  const holders: string[] = [];
  for (const org of readdirSync(locks)) {
    const folder = join(locks, org, project, stack);
    if (!existsSync(folder)) continue;
    for (const file of readdirSync(folder).filter((name) => name.endsWith(".json"))) {
      try {
        const lock = JSON.parse(readFileSync(join(folder, file), "utf8")) as { username?: string; hostname?: string; pid?: number };
        holders.push(`${lock.username ?? "?"}@${lock.hostname ?? "?"} (pid ${String(lock.pid ?? "?")})`);
      } catch {
        holders.push(file); // Being written or removed right now: a lock all the same.
      }
    }
  }
  return holders;
}

/** Who holds the stack's lock, as the backend says; "unknown" for backends whose locks are not readable here. */
function lockHolders(pulumi: string, options: { cwd: string; env: NodeJS.ProcessEnv; stack: string | undefined }): readonly string[] | "unknown" {
  const backend = options.env["PULUMI_BACKEND_URL"] ?? "";
  const stack = options.stack;
  if (stack === undefined) return "unknown";
  if (backend.startsWith("file://")) {
    const project = projectName(options.cwd);
    return project !== undefined ? fileBackendLocks(fileURLToPath(backend.split("?")[0]!), project, stack) : "unknown";
  }
  if (backend === "" || backend.startsWith("https://")) {
    const listed = spawnSync(pulumi, ["stack", "ls", "--json", "--non-interactive"], { cwd: options.cwd, env: options.env, encoding: "utf8" });
    try {
      const stacks = JSON.parse(listed.stdout) as { name?: string; updateInProgress?: boolean }[];
      return stacks.some((entry) => entry.name === stack && entry.updateInProgress === true) ? ["an update in progress"] : [];
    } catch {
      return "unknown";
    }
  }
  return "unknown";
}

/**
 * Runs a Pulumi update command with an engine event log, then, when it failed on the stack's
 * lock, prints the hint. `eventLog` is where the caller wants the log (it reads it while the run
 * goes on); a temporary file otherwise. Resolves with the exit code.
 */
export function runWatchingLock(
  pulumi: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stack: string | undefined; eventLog?: string },
  err: (line: string) => void,
): Promise<number> {
  const folder = options.eventLog === undefined ? mkdtempSync(join(tmpdir(), "mytpe-run-")) : undefined;
  const eventLog = options.eventLog ?? join(folder!, "events.jsonl");
  // --event-log is a debug flag of the CLI: PULUMI_DEBUG_COMMANDS makes it available.
  const child = spawn(pulumi, [...args, "--event-log", eventLog], {
    cwd: options.cwd,
    env: { ...options.env, PULUMI_DEBUG_COMMANDS: "true" },
    stdio: "inherit",
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const exit = code ?? (signal ? 1 : 0);
      try {
        if (exit !== 0) {
          const engineStarted = existsSync(eventLog) && readFileSync(eventLog, "utf8").trim() !== "";
          const hint = engineStarted ? undefined : lockHint({ engineStarted, holders: lockHolders(pulumi, options) }, options.stack);
          for (const line of hint ?? []) err(line);
        }
      } finally {
        if (folder) rmSync(folder, { recursive: true, force: true });
      }
      resolve(exit);
    });
  });
}
