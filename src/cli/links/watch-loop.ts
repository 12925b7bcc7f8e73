// `mytpe-links links --watch N`: refresh, wait N seconds, again, until stopped (Ctrl-C). The
// exit code is the last refresh's. The wait is injectable so tests need no clock.
import { setTimeout as sleepFor } from "node:timers/promises";

export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

const sleep: Sleep = async (ms, signal) => {
  try {
    await sleepFor(ms, undefined, { signal });
  } catch {
    // Aborted: the loop sees the signal and stops.
  }
};

export async function watchEvery(seconds: number, refresh: () => Promise<number>, options: { signal: AbortSignal; sleep?: Sleep }): Promise<number> {
  let code = 0;
  while (!options.signal.aborted) {
    code = await refresh();
    if (options.signal.aborted) break;
    await (options.sleep ?? sleep)(seconds * 1000, options.signal);
  }
  return code;
}
