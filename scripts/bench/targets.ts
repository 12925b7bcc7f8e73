// The targets of issue #7, checked against what a size measured. The floor is the API itself:
// 2 calls to bring a new link live, 0 for a link that did not change.
import type { CallCount } from "./calls.ts";

export interface SizeResult {
  size: number;
  /** pulumi up creating the links: links per second (median run). */
  upRate: number;
  /** The direct script: links per second (median run). */
  directRate: number;
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

/** Each target that applies to this size, with what was measured. */
export function checkTargets(result: SizeResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ratio = result.directRate > 0 ? result.upRate / result.directRate : 0;
  if (result.size === 500) {
    checks.push({ target: "up of 500 new links ≥ 50% of the direct rate", measured: `${(ratio * 100).toFixed(0)}%`, ok: ratio >= 0.5 });
  }
  const maxReads = Math.ceil(result.size / 100);
  for (const [what, count] of [
    ["preview", result.unchangedPreview],
    ["up", result.unchangedUp],
  ] as const) {
    if (!count) continue;
    checks.push({
      target: `unchanged ${what}: 0 writes, ≤ ${maxReads} reads`,
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
