// Runs inside the Pulumi provider host: the mark the provider puts on every link it creates.
// The API has no idempotency keys, so after a create whose answer was lost, or after a crash or a
// lost state file, the provider finds its own links by this mark instead of creating a second one.
// It lives in the link's `metadata` under one namespaced key, is hidden from diffs, and — since
// metadata is echoed in webhooks — carries only the link's Pulumi identity, nothing secret.
import type { Link } from "../link/link.ts";

/** The metadata key of the mark. Underscore-led, no dots (Laravel reads dots as nesting). */
export const MARKER_KEY = "_pulumi_link";

/** The identity a mark carries: `<project>/<stack>/<resource name>`. */
export function markerRef(project: string, stack: string, name: string): string {
  return `${project}/${stack}/${name}`;
}

/** Metadata with the mark added (the declared metadata itself never holds it). */
export function withMarker(metadata: Record<string, string> | null | undefined, ref: string | undefined): Record<string, string> | null {
  if (!ref) return metadata ?? null;
  return { ...(metadata ?? {}), [MARKER_KEY]: ref };
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
