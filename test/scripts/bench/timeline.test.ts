import { describe, expect, it } from "vitest";
import { formatTimeline, timelineOf } from "../../../scripts/bench/timeline.ts";

describe("timelineOf", () => {
  it("splits a command into before the first request, the requests, and after the last", () => {
    const timeline = timelineOf(
      [
        { start: 1000, end: 1100 },
        { start: 1050, end: 1300 },
      ],
      0,
      1500,
    );
    expect(timeline).toMatchObject({ beforeMs: 1000, apiMs: 300, afterMs: 200, maxInFlight: 2 });
    expect(timeline?.meanInFlight).toBeCloseTo(350 / 300);
  });

  it("does not count back-to-back requests as overlapping", () => {
    expect(
      timelineOf(
        [
          { start: 0, end: 10 },
          { start: 10, end: 20 },
        ],
        0,
        20,
      )?.maxInFlight,
    ).toBe(1);
  });

  it("finds the peak of requests in flight", () => {
    const spans = [0, 1, 2, 3].map((i) => ({ start: i, end: 10 + i }));
    expect(timelineOf([...spans, { start: 20, end: 30 }], 0, 30)?.maxInFlight).toBe(4);
  });

  it("is undefined for a command that made no request", () => {
    expect(timelineOf([], 0, 100)).toBeUndefined();
    expect(formatTimeline(undefined)).toBe("no API call");
  });
});

describe("formatTimeline", () => {
  it("reads as phases in seconds with the concurrency achieved", () => {
    const timeline = timelineOf(
      [
        { start: 2000, end: 4000 },
        { start: 2000, end: 8000 },
      ],
      0,
      8500,
    );
    expect(formatTimeline(timeline)).toMatchInlineSnapshot(`"start 2.0 s · API 6.0 s at 1.3 (max 2) in flight · end 0.5 s"`);
  });
});
