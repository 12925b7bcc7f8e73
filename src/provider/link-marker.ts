// Runs inside the Pulumi provider host (and the program, which computes the mark): the mark the
// provider puts on every link it creates. The API has no idempotency keys, so after a create whose
// answer was lost, or after a crash or a lost state file, the provider finds its own links by this
// mark instead of creating a second one. It lives in the link's `metadata` under one reserved key
// (declaring that key is an error), is hidden from diffs, and — since metadata is echoed in
// webhooks — carries only the link's Pulumi identity, nothing secret.
import type { Link } from "../link/link.ts";
import { nameOfUrn, stackOfUrn } from "../link/urn.ts";

/** The metadata key of the mark. Underscore-led, no dots (Laravel reads dots as nesting). */
export const MARKER_KEY = "_pulumi_link";

/** The longest mark the API stores: metadata values are at most 500 characters. */
export const MAX_MARK_LENGTH = 500;

/**
 * Whether a link carrying `mark` belongs to the resource whose mark (its URN) is `own`: exactly
 * its URN, or, for a resource without a parent, the mark versions before 1.0 wrote
 * (`<project>/<stack>/<name>`), which named such a resource unambiguously — and only such a one:
 * two resources of one name under different parents shared it.
 */
export function isOwnMark(mark: string | undefined, own: string): boolean {
  if (mark === undefined) return false;
  return mark === own || (legacyMarkOf(own) !== undefined && mark === legacyMarkOf(own));
}

/** The pre-1.0 mark of a resource without a parent, from its URN; undefined for any other. */
export function legacyMarkOf(urn: string): string | undefined {
  const parts = urn.split("::");
  // urn:pulumi:<stack>::<project>::<type>::<name>: a parent would put `$` in the type part.
  if (parts.length !== 4 || (parts[2] ?? "").includes("$")) return undefined;
  return `${parts[1]}/${stackOfUrn(urn)}/${nameOfUrn(urn)}`;
}

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
