// SIGKILL a process and every process below it, as a crash of the machine would. Killing the
// CLI's process group is not enough: Pulumi starts each plugin (language host, provider host) in a
// process group of its own, and a provider host that outlives its CLI goes on with the calls it
// has in flight, retries included — which a real crash would not allow.
import { readdirSync, readFileSync } from "node:fs";

/** Kills `pid` and its descendants (Linux: found through /proc), stopping them all first so none can start another. */
export function killTree(pid: number): void {
  const seen = new Set<number>();
  // Stop, list again, until no new descendant appears; then kill them all.
  for (let pending = [pid]; pending.length > 0; ) {
    for (const target of pending) {
      seen.add(target);
      signal(target, "SIGSTOP");
    }
    const children = childrenByParent();
    pending = [...seen].flatMap((parent) => children.get(parent) ?? []).filter((child) => !seen.has(child));
  }
  for (const target of seen) signal(target, "SIGKILL");
}

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ")".
    const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  return children;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
