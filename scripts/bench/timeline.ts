// Where a CLI command's time goes, seen from the API: how long before the first request
// (CLI, language host, program, provider host starting), how long the requests span, how many
// were in flight on average, and how long after the last one (final checkpoint, shutdown).

/** One request as the sandbox's outermost layer saw it, in performance.now() milliseconds. */
export interface Span {
  start: number;
  end: number;
}

export interface Timeline {
  /** From the command's start to the first request. */
  beforeMs: number;
  /** From the first request's start to the last one's end. */
  apiMs: number;
  /** From the last request's end to the command's exit. */
  afterMs: number;
  /** Sum of request durations ÷ apiMs: the concurrency actually achieved. */
  meanInFlight: number;
  maxInFlight: number;
}

/** The timeline of a command that ran from `startMs` to `endMs`; undefined when it made no request. */
export function timelineOf(spans: readonly Span[], startMs: number, endMs: number): Timeline | undefined {
  if (spans.length === 0) return undefined;
  const first = Math.min(...spans.map((span) => span.start));
  const last = Math.max(...spans.map((span) => span.end));
  const busy = spans.reduce((sum, span) => sum + (span.end - span.start), 0);
  const apiMs = last - first;
  return {
    beforeMs: first - startMs,
    apiMs,
    afterMs: endMs - last,
    meanInFlight: apiMs > 0 ? busy / apiMs : spans.length,
    maxInFlight: maxInFlight(spans),
  };
}

function maxInFlight(spans: readonly Span[]): number {
  // Ends sort before starts at the same instant: back-to-back requests do not overlap.
  const events = spans.flatMap((span) => [
    { at: span.start, delta: 1 },
    { at: span.end, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.delta;
    max = Math.max(max, current);
  }
  return max;
}

/** e.g. `start 2.1 s · API 6.3 s at 3.9/8 in flight · end 0.4 s` */
export function formatTimeline(timeline: Timeline | undefined): string {
  if (!timeline) return "no API call";
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `start ${s(timeline.beforeMs)} · API ${s(timeline.apiMs)} at ${timeline.meanInFlight.toFixed(1)} (max ${timeline.maxInFlight}) in flight · end ${s(timeline.afterMs)}`;
}
