// The example link of the diff tests (link-diff.test.ts, link-diff.decide-change.test.ts): a
// voucher as declared (LinkSpec) and as the API answers it (LinkFacts), with variants.
import type { LinkFacts } from "../../src/provider/link-diff.ts";
import { LinkSpec, type LinkSpecInput } from "../../src/link/link-spec.ts";

export const INSTANCE = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";
export const OTHER_INSTANCE = "3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b";
export const FORM = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";

/** The valid example declaration: a fixed 10000 DZD voucher payable 500 times. */
export const VOUCHER: LinkSpecInput = {
  payment_instance_id: INSTANCE,
  title: "Voucher",
  amount_mode: "fixed",
  amount: 10000,
  usage_mode: "limited",
  max_uses: 500,
};

export function spec(overrides: Partial<LinkSpecInput> = {}): LinkSpec {
  return LinkSpec.parse({ ...VOUCHER, ...overrides });
}

/** The live link that matches VOUCHER, as the API represents it. */
export function facts(overrides: Partial<LinkFacts> = {}): LinkFacts {
  return {
    payment_instance_id: INSTANCE,
    form_id: null,
    title: "Voucher",
    description: null,
    logo: null,
    amount_mode: "fixed",
    amount: "10000.00",
    min_amount: null,
    max_amount: null,
    currency: "DZD",
    usage_mode: "limited",
    max_uses: 500,
    target_amount: null,
    starts_at: null,
    ends_at: null,
    expires_at: null,
    allowed_payers: [],
    metadata: null,
    status: "active",
    paid_count: 0,
    ...overrides,
  };
}

/** An open-amount link (no amount, bounds instead), declared and live. */
export const OPEN_SPEC: Partial<LinkSpecInput> = { amount_mode: "open", amount: null, min_amount: 100, max_amount: 5000 };
export const OPEN_FACTS: Partial<LinkFacts> = { amount_mode: "open", amount: null, min_amount: "100.00", max_amount: "5000.00" };

/** A time-window link, declared and live (the API answers in UTC with 6 fraction digits). */
export const WINDOW_SPEC: Partial<LinkSpecInput> = {
  usage_mode: "time_window",
  max_uses: null,
  starts_at: "2027-03-01T09:00:00+01:00",
  ends_at: "2027-03-31T23:59:59+01:00",
};
export const WINDOW_FACTS: Partial<LinkFacts> = {
  usage_mode: "time_window",
  max_uses: null,
  starts_at: "2027-03-01T08:00:00.000000Z",
  ends_at: "2027-03-31T22:59:59.000000Z",
};
