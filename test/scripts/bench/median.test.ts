import { describe, expect, it } from "vitest";
import { median, medianRun } from "../../../scripts/bench/median.ts";

describe("median", () => {
  it("is the middle value of an odd count, whatever the order", () => {
    expect(median([30, 10, 20])).toBe(20);
  });

  it("is the mean of the two middle values of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("ignores a single slow outlier", () => {
    expect(median([10.1, 60, 10.3])).toBe(10.3);
  });

  it("refuses no values rather than answering NaN", () => {
    expect(() => median([])).toThrowErrorMatchingInlineSnapshot(`[Error: median of no values]`);
  });
});

describe("medianRun", () => {
  it("returns the run whose key is the median, to report its details", () => {
    const runs = [
      { ms: 30, id: "a" },
      { ms: 10, id: "b" },
      { ms: 20, id: "c" },
    ];
    expect(medianRun(runs, (run) => run.ms).id).toBe("c");
  });

  it("takes the lower middle run of an even count", () => {
    expect(medianRun([4, 1, 3, 2], (n) => n)).toBe(2);
  });
});
