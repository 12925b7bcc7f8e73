import { describe, expect, it } from "vitest";
import { countCalls } from "../../../scripts/bench/calls.ts";
import { checkTargets } from "../../../scripts/bench/targets.ts";

const calls = (routes: string[]) => countCalls(routes.map((route) => ({ method: route.split(" ")[0] as string, route, status: 200 })));
const timed = { upMs: 1, directMs: 1 };

describe("checkTargets", () => {
  it("holds up of new links to 1.4 times the larger of the engine's floor and the direct script", () => {
    expect(checkTargets({ size: 500, upMs: 14_000, directMs: 4_000, floorMs: 10_000 })).toEqual([
      { target: "up of 500 new links ≤ 1.4 × max(engine floor, direct)", measured: "1.40×", ok: true },
    ]);
    expect(checkTargets({ size: 500, upMs: 14_100, directMs: 10_000, floorMs: 4_000 })[0]?.ok).toBe(false);
  });

  it("holds nothing to the floor when the bench ran without --floor", () => {
    expect(checkTargets({ size: 500, upMs: 100_000, directMs: 1 })).toEqual([]);
  });

  it("holds the unchanged preview of 10,000 links to 1.15 times the floor's preview", () => {
    const [, preview] = checkTargets({ size: 10_000, ...timed, floorMs: 1, previewMs: 116, floorPreviewMs: 100 });
    expect(preview).toEqual({ target: "unchanged preview ≤ 1.15 × the floor's preview", measured: "1.16×", ok: false });
    expect(checkTargets({ size: 2_000, ...timed, previewMs: 200, floorPreviewMs: 100 })).toEqual([]);
  });

  it("allows an unchanged run no write and a refresh's reads: one listing per 100 links and the instance", () => {
    const [preview, up] = checkTargets({
      size: 150,
      ...timed,
      unchangedPreview: calls(["GET /links", "GET /links", "GET /instances/{id}"]),
      unchangedUp: calls(["GET /links", "POST /links/{id}/publish"]),
    });
    expect(preview).toEqual({
      target: "unchanged preview: 0 writes, ≤ 3 reads (a refresh's: the listing and the instance)",
      measured: "0 writes, 3 reads",
      ok: true,
    });
    expect(up?.ok).toBe(false);
    const [over] = checkTargets({ size: 150, ...timed, unchangedPreview: calls(Array.from({ length: 4 }, () => "GET /links")) });
    expect(over?.ok).toBe(false);
  });

  it("holds a refresh of 1,000 links to 20 calls", () => {
    const [check] = checkTargets({ size: 1000, ...timed, refresh: calls(Array.from({ length: 21 }, () => "GET /links")) });
    expect(check).toEqual({ target: "refresh of 1,000 links ≤ 20 calls", measured: "21 calls", ok: false });
  });

  it("holds state to 3 KB (3,072 bytes) per link", () => {
    expect(checkTargets({ size: 100, ...timed, stateBytesPerLink: 3072 })[0]?.ok).toBe(true);
    expect(checkTargets({ size: 100, ...timed, stateBytesPerLink: 3073 })[0]?.ok).toBe(false);
  });
});
