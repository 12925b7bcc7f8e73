// The targets the bench holds a size to, checked against what it measured: #30's (`up` of new
// links within 1.4 × the larger of the engine's floor and the direct script; the unchanged preview
// at 10,000 links within 1.15 × the floor's preview), #27's (an unchanged run reads no more than a
// refresh: one listing of the payment instance and its GET, since only the listing shows what a
// killed run left), #7's (no write when nothing changed, a refresh of 1,000 links in 20 calls,
// 3 KB of state per link). #7's "up at half the direct script's rate" gave way to #30's floor:
// the engine's own floor for trivial resources is above twice the direct script at 500 links.
import type { CallCount } from "./calls.ts";

export interface SizeResult {
  size: number;
  /** Median wall times: `up` creating the links, the direct script, and (with --floor) the floor's up and preview. */
  upMs: number;
  directMs: number;
  floorMs?: number;
  previewMs?: number;
  floorPreviewMs?: number;
  unchangedPreview?: CallCount;
  unchangedUp?: CallCount;
  refresh?: CallCount;
  stateBytesPerLink?: number;
}

export interface TargetCheck {
  target: string;
  measured: string;
  ok: boolean;
}

const times = (ratio: number) => `${ratio.toFixed(2)}×`;

/** Each target that applies to this size, with what was measured. */
export function checkTargets(result: SizeResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  if (result.floorMs !== undefined) {
    const ratio = result.upMs / Math.max(result.floorMs, result.directMs);
    checks.push({ target: `up of ${result.size} new links ≤ 1.4 × max(engine floor, direct)`, measured: times(ratio), ok: ratio <= 1.4 });
  }
  if (result.size >= 10_000 && result.previewMs !== undefined && result.floorPreviewMs !== undefined) {
    const ratio = result.previewMs / result.floorPreviewMs;
    checks.push({ target: "unchanged preview ≤ 1.15 × the floor's preview", measured: times(ratio), ok: ratio <= 1.15 });
  }
  const maxReads = Math.ceil(result.size / 100) + 1;
  for (const [what, count] of [
    ["preview", result.unchangedPreview],
    ["up", result.unchangedUp],
  ] as const) {
    if (!count) continue;
    checks.push({
      target: `unchanged ${what}: 0 writes, ≤ ${maxReads} reads (a refresh's: the listing and the instance)`,
      measured: `${count.writes} writes, ${count.reads} reads`,
      ok: count.writes === 0 && count.reads <= maxReads,
    });
  }
  if (result.refresh && result.size === 1000) {
    checks.push({ target: "refresh of 1,000 links ≤ 20 calls", measured: `${result.refresh.total} calls`, ok: result.refresh.total <= 20 });
  }
  if (result.stateBytesPerLink !== undefined) {
    checks.push({
      target: "state ≤ 3 KB per link",
      measured: `${Math.round(result.stateBytesPerLink)} B per link`,
      ok: result.stateBytesPerLink <= 3 * 1024,
    });
  }
  return checks;
}
