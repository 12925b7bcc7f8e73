// A sandbox layer that holds the k-th API write of a run, so that a kill lands at an exact point
// whatever the machine's speed (not a test file itself): before the sandbox applies that write, or
// after it applied it and before it answered (the answer is never sent). Used by the operations soak
// and the tests that kill a run where they say.
import { jsonResponse, type Layer } from "../../src/sandbox/pipeline.ts";

/** Where a kill is drawn: the k-th write of the run (1-based), held before or after it is applied. */
export interface KillPoint {
  write: number;
  applied: boolean;
}

export function describeKillPoint(point: KillPoint): string {
  return `${point.applied ? "after the sandbox applied" : "before the sandbox applied"} write ${point.write}, before its answer`;
}

export interface WriteHold {
  layer: Layer;
  /** Counts the writes from now on and holds the one `point` names. */
  arm(point: KillPoint): void;
  /** Whether the drawn write arrived (and, when drawn so, was applied): the kill can land there. */
  landed(): boolean;
  /** What the held write was (method and path), once it arrived. */
  held(): string | undefined;
  /** Lets the held request end (it answers 503: the process that sent it is gone). */
  release(): void;
}

export function writeHold(): WriteHold {
  let point: KillPoint | undefined;
  let seen = 0;
  let arrived: string | undefined;
  let release = () => {};
  const layer: Layer = async (req, next) => {
    if (point === undefined || req.method === "GET") return next(req);
    seen++;
    if (seen !== point.write) return next(req);
    const applied = point.applied ? await next(req) : undefined;
    arrived = `${req.method} ${req.path}`;
    point = undefined;
    await new Promise<void>((resolve) => (release = resolve));
    // The process that sent it is killed by now: whatever is answered, nobody reads it.
    return applied ?? jsonResponse(503, { error: "SERVICE_UNAVAILABLE", message: "Cut off." });
  };
  return {
    layer,
    arm(at) {
      point = at;
      seen = 0;
      arrived = undefined;
    },
    landed: () => arrived !== undefined,
    held: () => arrived,
    release() {
      point = undefined;
      release();
    },
  };
}
