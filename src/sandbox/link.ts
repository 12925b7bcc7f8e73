// The payment link object exactly as the API returns it (contract §4), with the wire names kept.
// A deliberate copy of src/link/link.ts: the sandbox stands for the API, so it keeps its own model
// and rules (link-rules.ts) and never shares the provider's schema — a mistake in one would
// otherwise be hidden by the same mistake in the other.

export const AMOUNT_MODES = ["fixed", "open"] as const;
export type AmountMode = (typeof AMOUNT_MODES)[number];

export const USAGE_MODES = ["one_shot", "limited", "reusable", "capped_amount", "time_window", "whitelist"] as const;
export type UsageMode = (typeof USAGE_MODES)[number];

export const LINK_STATUSES = ["draft", "active", "paused", "exhausted", "expired", "archived"] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** Statuses a link never leaves (contract §5). */
export const TERMINAL_STATUSES: readonly LinkStatus[] = ["exhausted", "expired", "archived"];

export function isTerminal(status: LinkStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** A payment link as `GET /links/{id}` returns it. */
export type Link = {
  id: string;
  payment_instance_id: string;
  form_id: string | null;
  slug: string;
  title: string;
  description: string | null;
  logo: string | null;
  amount_mode: AmountMode;
  amount: string | null;
  min_amount: string | null;
  max_amount: string | null;
  currency: string | null;
  usage_mode: UsageMode;
  max_uses: number | null;
  target_amount: number | null;
  starts_at: string | null;
  ends_at: string | null;
  expires_at: string | null;
  paid_count: number;
  total_collected: string;
  status: LinkStatus;
  allowed_payers: string[];
  metadata: Record<string, string> | null;
  created_at: string;
  updated_at: string;
};

/** A payment link as `GET /links` lists it: `allowed_payers` is only sent "when loaded". */
export type LinkListItem = Omit<Link, "allowed_payers">;

/** The fields a client may send on create/update, in the order validation reports them. */
export const INPUT_FIELDS = [
  "payment_instance_id",
  "form_id",
  "title",
  "description",
  "logo",
  "amount_mode",
  "amount",
  "min_amount",
  "max_amount",
  "currency",
  "usage_mode",
  "max_uses",
  "target_amount",
  "starts_at",
  "ends_at",
  "expires_at",
  "allowed_payers",
  "metadata",
] as const;
export type InputField = (typeof INPUT_FIELDS)[number];

/** The client-settable part of a link, normalised (money as "4500.00", dates as UTC). */
export type LinkInput = Pick<Link, InputField>;

export function toListItem(link: Link): LinkListItem {
  const { allowed_payers: _omitted, ...rest } = link;
  return rest;
}

const FIELD_ORDER: readonly (keyof Link)[] = [
  "id",
  "payment_instance_id",
  "form_id",
  "slug",
  "title",
  "description",
  "logo",
  "amount_mode",
  "amount",
  "min_amount",
  "max_amount",
  "currency",
  "usage_mode",
  "max_uses",
  "target_amount",
  "starts_at",
  "ends_at",
  "expires_at",
  "paid_count",
  "total_collected",
  "status",
  "allowed_payers",
  "metadata",
  "created_at",
  "updated_at",
];

/** Same key order as the contract's table, so state files and responses read like the docs. */
export function orderFields(link: Link): Link {
  const out: Partial<Link> = {};
  for (const key of FIELD_ORDER) Object.assign(out, { [key]: link[key] });
  return out as Link;
}
