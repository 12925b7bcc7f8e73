// Runs inside the Pulumi provider host (and the program, which computes the mark): the mark the
// provider puts on every link it creates. The API has no idempotency keys, so after a create whose
// answer was lost, or after a crash or a lost state file, the provider finds its own links by this
// mark instead of creating a second one. It lives in the link's `metadata` under one reserved key
// (declaring that key is an error), is hidden from diffs, and — since metadata is echoed in
// webhooks — carries only the link's Pulumi identity, nothing secret. What a mark says, and whose
// link it makes it, is ownership.ts's answer.
import type { Link } from "../link/link.ts";

/** The metadata key of the mark. Underscore-led, no dots (Laravel reads dots as nesting). */
export const MARKER_KEY = "_pulumi_link";

/** The longest mark the API stores: metadata values are at most 500 characters. */
export const MAX_MARK_LENGTH = 500;

/** Metadata with the mark added (the declared metadata itself never holds it). */
export function withMarker(metadata: Record<string, string> | null | undefined, mark: string | undefined): Record<string, string> | null {
  if (!mark) return metadata ?? null;
  return { ...(metadata ?? {}), [MARKER_KEY]: mark };
}

/** Metadata as declared: the mark removed, and null when nothing else is left. */
export function withoutMarker(metadata: unknown): Record<string, string> | null {
  if (typeof metadata !== "object" || metadata === null) return null;
  const { [MARKER_KEY]: _mark, ...rest } = metadata as Record<string, string>;
  return Object.keys(rest).length > 0 ? rest : null;
}

export function markOf(link: Pick<Link, "metadata">): string | undefined {
  const mark = link.metadata?.[MARKER_KEY];
  return typeof mark === "string" ? mark : undefined;
}
