import { describe, expect, it } from "vitest";
import { countCalls } from "../../../scripts/bench/calls.ts";
import { checkTargets } from "../../../scripts/bench/targets.ts";

const calls = (routes: string[]) => countCalls(routes.map((route) => ({ method: route.split(" ")[0] as string, route, status: 200 })));

describe("checkTargets", () => {
  it("holds up of 500 links to half the direct script's rate", () => {
    expect(checkTargets({ size: 500, upRate: 50, directRate: 100 })).toEqual([
      { target: "up of 500 new links ≥ 50% of the direct rate", measured: "50%", ok: true },
    ]);
    expect(checkTargets({ size: 500, upRate: 20, directRate: 100 })[0]?.ok).toBe(false);
  });

  it("allows an unchanged run no write and one listing per 100 links", () => {
    const [preview, up] = checkTargets({
      size: 150,
      upRate: 1,
      directRate: 1,
      unchangedPreview: calls(["GET /links", "GET /links"]),
      unchangedUp: calls(["GET /links", "POST /links/{id}/publish"]),
    });
    expect(preview).toEqual({ target: "unchanged preview: 0 writes, ≤ 2 reads", measured: "0 writes, 2 reads", ok: true });
    expect(up?.ok).toBe(false);
  });

  it("holds a refresh of 1,000 links to 20 calls", () => {
    const [check] = checkTargets({ size: 1000, upRate: 1, directRate: 1, refresh: calls(Array.from({ length: 21 }, () => "GET /links")) });
    expect(check).toEqual({ target: "refresh of 1,000 links ≤ 20 calls", measured: "21 calls", ok: false });
  });

  it("holds state to 3 KB (3,072 bytes) per link", () => {
    expect(checkTargets({ size: 100, upRate: 1, directRate: 1, stateBytesPerLink: 3072 })[0]?.ok).toBe(true);
    expect(checkTargets({ size: 100, upRate: 1, directRate: 1, stateBytesPerLink: 3073 })[0]?.ok).toBe(false);
  });
});
