// Runs inside the Pulumi provider host: what a PaymentLink keeps in state, built from the live
// link, and the facts the decisions read from it. Pure functions.
import { declaredFieldsOf, type LinkFacts } from "./link-diff.ts";
import { canonicalInstant } from "../link/instant.ts";
import { DATE_FIELDS, LINK_FIELDS, type LinkField } from "../link/link-fields.ts";
import { withoutMarker } from "./link-marker.ts";
import { currentStateVersion, type StateVersionFields } from "./state-version.ts";
import type { DesiredStatus, Link, LinkStatus } from "../link/link.ts";

/** What a PaymentLink holds in state: the live link's declared fields plus what the API adds. */
export type PaymentLinkState = Partial<Record<LinkField, unknown>> & {
  status: LinkStatus;
  /** The status declared when state was last written: a link the platform ended keeps it. */
  declared_status?: DesiredStatus | undefined;
  slug: string;
  url: string;
  paid_count: number;
  total_collected: string;
  on_pricing_change?: string | undefined;
  on_terminal?: string | undefined;
  /** The link's Pulumi identity, also carried by its mark in metadata (link-marker.ts). */
  marker?: string | undefined;
  /** The id of the state that owns the link, also carried by its mark (ownership.ts); state version 3. */
  owner?: string | undefined;
  /** The link the declaration adopted (`adopt:`), echoed so a later change of it shows (ownership.ts). */
  adopt?: string | undefined;
  /** Set by `read` when an earlier run began replacing this link and was killed: `diff` finishes it. */
  replacement_owed?: true | undefined;
} & Partial<StateVersionFields>;

/** The parts of a declaration that state echoes back. */
export interface DeclaredEcho {
  status?: DesiredStatus | undefined;
  on_pricing_change?: unknown;
  on_terminal?: unknown;
  marker?: unknown;
  owner?: unknown;
  allowed_payers?: unknown;
  adopt?: unknown;
}

/** What state echoes of a declaration, read back from state (for `read`, which has no declaration). */
export function echoOfState(props: Record<string, unknown>): DeclaredEcho {
  return {
    status: props["declared_status"] as DeclaredEcho["status"],
    on_pricing_change: props["on_pricing_change"],
    on_terminal: props["on_terminal"],
    marker: props["marker"],
    owner: props["owner"],
    allowed_payers: props["allowed_payers"],
    adopt: props["adopt"],
  };
}

/** Statuses a declaration may ask for. */
const DESIRED: ReadonlySet<string> = new Set(["draft", "active", "paused", "archived"]);

/** The live link's declared fields, its mark hidden: what a declaration would say. */
export function liveFields(link: Link): Partial<Record<LinkField, unknown>> {
  const fields = declaredFieldsOf({ ...link, metadata: withoutMarker(link.metadata) });
  // Instants in the declaration's notation (instant.ts): a refresh records no notation as drift.
  for (const field of DATE_FIELDS) {
    const value = fields[field];
    if (typeof value === "string") fields[field] = canonicalInstant(value) ?? value;
  }
  return fields;
}

/** The state of a link: its live fields, what the API adds, and the declared settings. */
export function stateOf(link: Link, declared: DeclaredEcho, payUrl: string): PaymentLinkState {
  // Unset fields are left out rather than stored as null: the diff reads both the same, and
  // state stays small (it is rewritten after every step of an update).
  const fields = liveFields(link);
  // The list endpoint omits allowed_payers; keep the declared ones rather than forget them.
  if (link.allowed_payers === undefined && declared.allowed_payers) fields.allowed_payers = declared.allowed_payers;
  return stripUndefined({
    ...fields,
    status: link.status,
    declared_status: declared.status,
    slug: link.slug,
    // The docs: show the URL exactly as built from the returned slug.
    url: `${payUrl}/${link.slug}`,
    paid_count: link.paid_count,
    total_collected: link.total_collected,
    on_pricing_change: declared.on_pricing_change as string | undefined,
    on_terminal: declared.on_terminal as string | undefined,
    marker: declared.marker as string | undefined,
    owner: declared.owner as string | undefined,
    adopt: declared.adopt as string | undefined,
    ...currentStateVersion(),
  }) as PaymentLinkState;
}

/**
 * Inputs as the live link would be declared, for `read` (refresh): the next preview then shows
 * drift as an ordinary diff. A link the platform ended keeps its declared status: that is not
 * drift to undo.
 */
export function inputsOf(link: Link, declared: DeclaredEcho): Record<string, unknown> {
  return stripUndefined({
    ...liveFields(link),
    status: DESIRED.has(link.status) ? link.status : (declared.status ?? "active"),
    on_pricing_change: declared.on_pricing_change,
    on_terminal: declared.on_terminal,
    marker: declared.marker,
    owner: declared.owner,
    adopt: declared.adopt,
    ...currentStateVersion(),
  });
}

/** The facts a decision reads, from state or from a live link (its mark hidden). */
export function factsOf(source: Record<string, unknown> | Link): LinkFacts {
  const record = source as Record<string, unknown>;
  const facts: LinkFacts = {
    status: (record["status"] as LinkStatus | undefined) ?? "draft",
    paid_count: Number(record["paid_count"] ?? 0),
    total_collected: record["total_collected"],
  };
  for (const field of LINK_FIELDS) facts[field] = record[field];
  facts.metadata = withoutMarker(record["metadata"]);
  return facts;
}

export function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
