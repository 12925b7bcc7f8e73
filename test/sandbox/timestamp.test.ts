import { describe, expect, it } from "vitest";
import { normalizeTimestamp } from "../../src/sandbox/timestamp.ts";

describe("timestamps", () => {
  it.each([
    ["2026-11-24T07:40:27Z", "2026-11-24T07:40:27.000000Z"],
    ["2026-11-24T07:40:27.123Z", "2026-11-24T07:40:27.123000Z"],
    ["2026-11-24T07:40:27.123456789+01:00", "2026-11-24T06:40:27.123456Z"],
    ["2026-01-01T00:30:00-02:30", "2026-01-01T03:00:00.000000Z"],
    ["2026-11-24T07:40+0100", "2026-11-24T06:40:00.000000Z"],
  ])("normalises %s to %s", (input, expected) => {
    expect(normalizeTimestamp(input)).toBe(expected);
  });

  it.each(["2026-11-24T07:40:27", "2026-11-24", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "yesterday"])("refuses %s", (input) => {
    expect(normalizeTimestamp(input)).toBeNull();
  });
});
