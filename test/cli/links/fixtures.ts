// Links and stack links for the tests of src/cli/links/: a live link as the API returns it, and
// the state a PaymentLink keeps for it (not a test file itself).
import type { Link } from "../../../src/link/link.ts";
import { stateOf } from "../../../src/provider/link-state.ts";
import type { StackLink } from "../../../src/cli/links/stack-links.ts";

export const INSTANCE = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";
export const PAY_URL = "https://pay.mytpe.appp";

/** A live link: an active, fixed, reusable link of the instance, with `fields` over it. */
export function liveLink(fields: Partial<Link> & { id: string }): Link {
  return {
    payment_instance_id: INSTANCE,
    form_id: null,
    slug: `${fields.id}-slug`,
    title: `Link ${fields.id}`,
    description: null,
    logo: null,
    amount_mode: "fixed",
    amount: "1500.00",
    min_amount: null,
    max_amount: null,
    currency: "DZD",
    usage_mode: "reusable",
    max_uses: null,
    target_amount: null,
    starts_at: null,
    ends_at: null,
    expires_at: null,
    paid_count: 0,
    total_collected: "0.00",
    status: "active",
    metadata: null,
    created_at: "2026-05-01T08:00:00.000000Z",
    updated_at: "2026-05-01T08:00:00.000000Z",
    ...fields,
  };
}

/** The stack link the provider would have written for `link` under `name`. */
export function stackLink(name: string, link: Link): StackLink {
  const urn = `urn:pulumi:test::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::${name}`;
  return { name, urn, id: link.id, state: stateOf(link, { status: "active", marker: urn }, PAY_URL) as Record<string, unknown>, protect: false };
}
