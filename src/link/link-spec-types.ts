// Runs inside the Pulumi provider host as well as in the program (types only): a declared payment
// link as plain TypeScript types (object types, not interfaces, so they index as records), the ones the package's public declarations name. Written by hand
// so a user's `tsc` never reads zod's declaration files (issue #23, no `skipLibCheck` needed);
// link-spec.ts asserts at compile time that they are exactly what its schema parses and accepts.
import type { AmountMode, DesiredStatus, UsageMode } from "./link.ts";

/** When a paid link's pricing changes: replace it with a new link, or fail. */
export type OnPricingChange = "replace" | "fail";

/** When a link has ended (exhausted, expired): accept it, or recreate it. */
export type OnTerminal = "accept" | "recreate";

/** A validated, normalised declaration (money as "4500.00", instants in UTC, currency defaulted). */
export type LinkSpec = {
  /** The payment instance (UUID, lower case) the link collects for. */
  payment_instance_id: string;
  /** A published form (UUID) the payer fills in, or null. */
  form_id?: string | null | undefined;
  /** Shown on the payment page; 1 to 255 characters. */
  title: string;
  /** Shown on the payment page; at most 1000 characters. */
  description?: string | null | undefined;
  /** Public http(s) URL of a logo shown on the payment page. */
  logo?: string | null | undefined;
  amount_mode: AmountMode;
  /** The price when amount_mode is fixed, e.g. "4500.00". */
  amount?: string | null | undefined;
  /** The lowest amount a payer may choose when amount_mode is open. */
  min_amount?: string | null | undefined;
  /** The highest amount a payer may choose when amount_mode is open. */
  max_amount?: string | null | undefined;
  /** 3-letter ISO currency code; "DZD". */
  currency: string;
  usage_mode: UsageMode;
  /** How many payments the link accepts when usage_mode is limited. */
  max_uses?: number | null | undefined;
  /** The total to collect when usage_mode is capped_amount. */
  target_amount?: number | null | undefined;
  /** Start of the window when usage_mode is time_window (ISO 8601, UTC). */
  starts_at?: string | null | undefined;
  /** End of the window when usage_mode is time_window (ISO 8601, UTC). */
  ends_at?: string | null | undefined;
  /** When the link stops accepting payments (ISO 8601, UTC). */
  expires_at?: string | null | undefined;
  /** Who may pay when usage_mode is whitelist: e-mail addresses or E.164 phone numbers. */
  allowed_payers?: string[] | null | undefined;
  /** Your own key/value data, echoed in webhooks. */
  metadata?: Record<string, string> | null | undefined;
  /** The status to keep the link in. */
  status: DesiredStatus;
  on_pricing_change?: OnPricingChange | undefined;
  on_terminal?: OnTerminal | undefined;
  /** Take over an existing link (its UUID) instead of creating one. */
  adopt?: string | undefined;
};

/** What a user may write: numbers or strings for money, any offset for dates, defaults left out. */
export type LinkSpecInput = {
  /** The payment instance (UUID) the link collects for; it must be ready. */
  payment_instance_id: string;
  /** A published form (UUID) the payer fills in, or null. */
  form_id?: string | null | undefined;
  /** Shown on the payment page; 1 to 255 characters. */
  title: string;
  /** Shown on the payment page; at most 1000 characters. */
  description?: string | null | undefined;
  /** Public http(s) URL of a logo shown on the payment page. */
  logo?: string | null | undefined;
  /** fixed: the payer pays `amount`; open: the payer chooses, within min_amount/max_amount. */
  amount_mode: AmountMode;
  /** The price when amount_mode is fixed (required then, rejected otherwise), e.g. 4500. */
  amount?: string | number | null | undefined;
  /** The lowest amount a payer may choose when amount_mode is open. */
  min_amount?: string | number | null | undefined;
  /** The highest amount a payer may choose when amount_mode is open. */
  max_amount?: string | number | null | undefined;
  /** 3-letter ISO currency code; DZD, the only one MyTPE accepts, when not set. */
  currency?: string | undefined;
  /** How often the link may be paid; some modes need their own field. */
  usage_mode: UsageMode;
  /** How many payments the link accepts when usage_mode is limited. */
  max_uses?: number | null | undefined;
  /** The total to collect when usage_mode is capped_amount. */
  target_amount?: string | number | null | undefined;
  /** Start of the window when usage_mode is time_window (ISO 8601 with an offset). */
  starts_at?: string | null | undefined;
  /** End of the window when usage_mode is time_window; later than starts_at. */
  ends_at?: string | null | undefined;
  /** When the link stops accepting payments (ISO 8601 with an offset). */
  expires_at?: string | null | undefined;
  /** Who may pay when usage_mode is whitelist: e-mail addresses or E.164 phone numbers. */
  allowed_payers?: string[] | null | undefined;
  /** Your own key/value data (strings), echoed in webhooks. */
  metadata?: Record<string, string> | null | undefined;
  /** The status to keep the link in; active when not set. */
  status?: DesiredStatus | undefined;
  /** Provider setting: when a paid link's pricing changes, replace it with a new link or fail. */
  on_pricing_change?: OnPricingChange | undefined;
  /** Provider setting: when the link has ended (exhausted, expired), accept it or recreate it. */
  on_terminal?: OnTerminal | undefined;
  /** Provider setting: take over an existing link (its UUID) instead of creating one. */
  adopt?: string | undefined;
};
