// Runs inside the Pulumi provider host as well as in the program: the shapes of a payment link,
// with the API's wire names (see shared/mytpe-api.md §4).

/** Lifecycle status of a live link. */
export type LinkStatus = "draft" | "active" | "paused" | "exhausted" | "expired" | "archived";

/** The status a declaration may ask for. The other three are reached by the platform only. */
export type DesiredStatus = "draft" | "active" | "paused" | "archived";

export type AmountMode = "fixed" | "open";
export type UsageMode = "one_shot" | "limited" | "reusable" | "capped_amount" | "time_window" | "whitelist";

/** A payment link as the API returns it. */
export interface Link {
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
  /** Only present on GET /links/{id}; the list omits it. */
  allowed_payers?: string[] | null;
  metadata: Record<string, string> | null;
  created_at: string;
  updated_at: string;
}

/** The user-settable fields of a link, as sent to POST /links and PUT /links/{id}. */
export interface LinkBody {
  payment_instance_id?: string;
  form_id?: string | null;
  title?: string;
  description?: string | null;
  logo?: string | null;
  amount_mode?: AmountMode;
  amount?: string | null;
  min_amount?: string | null;
  max_amount?: string | null;
  currency?: string | null;
  usage_mode?: UsageMode;
  max_uses?: number | null;
  target_amount?: number | null;
  starts_at?: string | null;
  ends_at?: string | null;
  expires_at?: string | null;
  allowed_payers?: string[] | null;
  metadata?: Record<string, string> | null;
}
