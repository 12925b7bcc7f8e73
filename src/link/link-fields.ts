// Runs inside the Pulumi provider host as well as in the program: the fields a user declares on a
// payment link, with the API's wire names, and the one rule of each field when it changes.
// This table is the single place that says what can change in place and what cannot.

/** How a change to a field can be applied to a live link. */
export type ChangeRule =
  /** PUT in place, any time the link is not terminal. */
  | "editable"
  /** PUT in place while the link has never been paid; once paid, the API refuses it and the
   *  link must be archived and replaced by a new one (a new URL). */
  | "pricing"
  /** Never changes on an existing link: a change always means a new link. */
  | "fixed";

export const LINK_FIELD_RULES = {
  payment_instance_id: "fixed",
  form_id: "editable",
  title: "editable",
  description: "editable",
  logo: "editable",
  amount_mode: "pricing",
  amount: "pricing",
  min_amount: "pricing",
  max_amount: "pricing",
  currency: "pricing",
  usage_mode: "pricing",
  max_uses: "editable",
  target_amount: "editable",
  starts_at: "editable",
  ends_at: "editable",
  expires_at: "editable",
  allowed_payers: "editable",
  metadata: "editable",
} as const satisfies Record<string, ChangeRule>;

/** A field of the link object that a user sets. */
export type LinkField = keyof typeof LINK_FIELD_RULES;

export const LINK_FIELDS = Object.keys(LINK_FIELD_RULES) as LinkField[];

/** Fields whose values are money: decimal strings on the wire ("4500.00"), numbers in YAML. */
export const MONEY_FIELDS: ReadonlySet<LinkField> = new Set(["amount", "min_amount", "max_amount"]);

/** Fields holding an instant: compared as instants, whatever the offset or fraction digits. */
export const DATE_FIELDS: ReadonlySet<LinkField> = new Set(["starts_at", "ends_at", "expires_at"]);

/** The currency the API assumes when none is sent. */
export const DEFAULT_CURRENCY = "DZD";
