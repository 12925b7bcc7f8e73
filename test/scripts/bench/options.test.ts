import { describe, expect, it } from "vitest";
import { parseBenchOptions, runsFor } from "../../../scripts/bench/options.ts";

describe("parseBenchOptions", () => {
  it("defaults to 100, 500 and 1,000 links, 3 runs, 20 ms latency and the provider's concurrency of 8", () => {
    expect(parseBenchOptions([])).toEqual({
      sizes: [100, 500, 1000],
      runs: 3,
      quick: false,
      latencyMs: 20,
      concurrency: 8,
      parallel: undefined,
      everyStepCheckpoints: false,
      memorySandbox: false,
      only: "all",
      upWithPreview: true,
      plugin: true,
      check: true,
      floor: false,
    });
  });

  it("reads the sizes, runs, latency and investigation flags", () => {
    const options = parseBenchOptions([
      "--sizes",
      "100, 500",
      "--runs",
      "1",
      "--latency",
      "0",
      "--parallel",
      "64",
      "--every-step-checkpoints",
      "--memory-sandbox",
      "--only",
      "create",
      "--no-plugin",
      "--floor",
    ]);
    expect(options).toMatchObject({
      floor: true,
      sizes: [100, 500],
      runs: 1,
      latencyMs: 0,
      parallel: 64,
      everyStepCheckpoints: true,
      memorySandbox: true,
      only: "create",
      plugin: false,
    });
  });

  it("names the flag and the value it refuses", () => {
    expect(() => parseBenchOptions(["--sizes", "100,abc"])).toThrowErrorMatchingInlineSnapshot(`[Error: --sizes: expected an integer ≥ 1, got "abc"]`);
    expect(() => parseBenchOptions(["--runs", "0"])).toThrowErrorMatchingInlineSnapshot(`[Error: --runs: expected an integer ≥ 1, got "0"]`);
    expect(() => parseBenchOptions(["--only", "refresh"])).toThrowErrorMatchingInlineSnapshot(`[Error: --only: expected create or all, got "refresh"]`);
  });

  it("refuses an unknown flag", () => {
    expect(() => parseBenchOptions(["--size", "100"])).toThrow(/--size/);
  });
});

describe("runsFor", () => {
  it("gives every size the runs asked for", () => {
    expect(runsFor(1000, { runs: 3, quick: false })).toBe(3);
  });

  it("gives 1,000 links and more a single run with --quick", () => {
    expect([runsFor(500, { runs: 3, quick: true }), runsFor(1000, { runs: 3, quick: true })]).toEqual([3, 1]);
  });
});
