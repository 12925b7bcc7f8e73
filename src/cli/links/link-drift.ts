// Drift: where a live link differs from what the stack's state recorded at the last `up` or
// `refresh` — a field edited in the dashboard, a status the platform or someone else changed, a
// link that is gone. Payments (paid_count, total_collected) are not drift: they are the point.
// Pure functions; the comparison of values is the provider's own (link-diff.ts `sameValue`).
import { LINK_FIELDS } from "../../link/link-fields.ts";
import type { Link } from "../../link/link.ts";
import { sameValue } from "../../provider/link-diff.ts";
import { withoutMarker } from "../../provider/link-marker.ts";

/** One difference between state and the live link. */
export interface Drift {
  /** `status`, `slug`, or a field of the link (`title`, `metadata`, ...). */
  field: string;
  /** The value state holds (undefined when unset). */
  state: unknown;
  /** The live value; for a link that no longer exists, `status` is "gone". */
  live: unknown;
}

/** The status shown for a link the API no longer returns. */
export const GONE = "gone";

/** Every difference between a link's state and its live self, in the order of the link's fields. */
export function driftOf(state: Record<string, unknown>, live: Link | undefined): Drift[] {
  if (!live) return [{ field: "status", state: state["status"], live: GONE }];
  const drift: Drift[] = [];
  if (state["status"] !== live.status) drift.push({ field: "status", state: state["status"], live: live.status });
  if (state["slug"] !== undefined && state["slug"] !== live.slug) drift.push({ field: "slug", state: state["slug"], live: live.slug });
  for (const field of LINK_FIELDS) {
    // The list endpoint omits allowed_payers: not knowing them is not a difference.
    if (field === "allowed_payers" && live.allowed_payers === undefined) continue;
    const [before, now] = field === "metadata" ? [withoutMarker(state["metadata"]), withoutMarker(live.metadata)] : [state[field], live[field]];
    if (!sameValue(field, before, now)) drift.push({ field, state: before ?? undefined, live: now ?? undefined });
  }
  return drift;
}

/** "status: active → exhausted", "title: "Old" → "New"": a difference, state first. */
export function describeDrift(drift: Drift): string {
  return `${drift.field}: ${shownValue(drift.state)} → ${shownValue(drift.live)}`;
}

function shownValue(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  // Words, amounts, ids and dates bare; text with spaces or quotes quoted.
  if (typeof value === "string") return /^[\w.:+-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
