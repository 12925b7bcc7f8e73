import { describe, expect, it } from "vitest";
import { watchEvery } from "../../../src/cli/links/watch-loop.ts";

describe("watching the links", () => {
  it("refreshes, waits the interval, refreshes again until stopped, and answers the last refresh's code", async () => {
    const controller = new AbortController();
    const waits: number[] = [];
    const codes = [0, 3, 1];
    let refreshes = 0;
    const code = await watchEvery(
      7,
      async () => {
        const answer = codes[refreshes++] ?? 0;
        if (refreshes === codes.length) controller.abort();
        return answer;
      },
      { signal: controller.signal, sleep: async (ms) => void waits.push(ms) },
    );
    expect(refreshes).toBe(3);
    expect(waits).toEqual([7000, 7000]);
    expect(code).toBe(1);
  });

  it("stops during a wait without another refresh", async () => {
    const controller = new AbortController();
    let refreshes = 0;
    const code = await watchEvery(
      1,
      async () => {
        refreshes++;
        return 3;
      },
      { signal: controller.signal, sleep: async () => controller.abort() },
    );
    expect(refreshes).toBe(1);
    expect(code).toBe(3);
  });

  it("ends a real wait as soon as it is stopped", async () => {
    const controller = new AbortController();
    const watching = watchEvery(3600, async () => 0, { signal: controller.signal });
    controller.abort();
    await expect(watching).resolves.toBe(0);
  });
});
