// The memory of the processes a Pulumi command starts in a project (the program, the
// dynamic-provider host), sampled from /proc while it runs: every process whose working folder is
// the project's. Linux only; elsewhere nothing is sampled and the bench says so.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** The largest resident set seen of each kind of process, in bytes. */
export interface PeakMemory {
  program: number;
  provider: number;
}

/** What a process's command line says it is, or undefined for one not measured. */
export function processKind(cmdline: readonly string[]): keyof PeakMemory | undefined {
  const text = cmdline.join(" ");
  if (!/(^|\/)node(\s|$)/.test(cmdline[0] ?? "") && !text.includes("node ")) return undefined;
  if (text.includes("dynamic-provider")) return "provider";
  if (text.includes("run-main") || text.includes("cmd/run") || text.includes("index.js")) return "program";
  return undefined;
}

/** Starts sampling every `everyMs`; `stop()` ends it and returns the peaks. */
export function sampleMemory(dir: string, everyMs = 250): { stop(): PeakMemory } {
  const peak: PeakMemory = { program: 0, provider: 0 };
  const sample = () => {
    let pids: string[];
    try {
      pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
    } catch {
      return;
    }
    for (const pid of pids) {
      try {
        if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
        const kind = processKind(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean));
        if (!kind) continue;
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
        if (rss) peak[kind] = Math.max(peak[kind], Number(rss) * 1024);
      } catch {
        // The process ended between the listing and the read.
      }
    }
  };
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { ...peak };
    },
  };
}
