// When two runs of one stack meet, the second stops on the backend's lock. The DIY backends (file,
// bucket, PostgreSQL: pkg/backend/diy/lock.go) say "the stack is currently locked by 1 lock(s).
// Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`",
// Pulumi Cloud says "Another update is currently in progress". Neither names the project's
// commands, says that the stopped run changed nothing, that `cancel` also removes a live run's lock,
// or that a run which died may have changed links it never recorded (hence `up --refresh`):
// `mytpe-links up` and `apply` add that (issue #15; docs/team-setup.md).
import { spawn } from "node:child_process";

const LOCKED = [/the stack is currently locked by \d+ lock\(s\)/, /Another update is currently in progress/];

/** What to do about a locked stack, when `output` is the engine's lock error; undefined otherwise. */
export function lockHint(output: string, stack: string | undefined): string[] | undefined {
  if (!LOCKED.some((pattern) => pattern.test(output))) return undefined;
  const flag = stack ? ` --stack ${stack}` : "";
  return [
    `mytpe-links: the stack${stack ? ` ${stack}` : ""} is locked by another run, so this run stopped before changing anything.`,
    "  If that run is still going (another pipeline, a colleague), wait for it to end, then run again.",
    "  If it died (runner killed, machine lost), release the lock, then let one run record what the dead run did:",
    `    npx mytpe-links pulumi cancel${flag} --yes`,
    `    npx mytpe-links pulumi up --refresh${flag} --yes`,
    "  `cancel` removes every lock of the stack, a live run's too: check who holds it first (user@host, pid and time above).",
  ];
}

/**
 * Runs the Pulumi CLI with its stdout passed through and its stderr both shown and kept, then,
 * when it failed on a locked stack, prints the hint. Resolves with the exit code.
 */
export function runWatchingLock(
  pulumi: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; stack: string | undefined },
  err: (line: string) => void,
): Promise<number> {
  const child = spawn(pulumi, [...args], { cwd: options.cwd, env: options.env, stdio: ["inherit", "inherit", "pipe"] });
  let tail = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    process.stderr.write(chunk);
    // The lock error is the run's first and only output: a short tail is enough to find it.
    tail = (tail + chunk).slice(-16_384);
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const exit = code ?? (signal ? 1 : 0);
      const hint = exit === 0 ? undefined : lockHint(tail, options.stack);
      for (const line of hint ?? []) err(line);
      resolve(exit);
    });
  });
}
