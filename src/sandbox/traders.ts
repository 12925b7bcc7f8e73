// Who is calling: the sandbox's traders, each a key pair and the instances and forms it owns. A
// link belongs to the trader owning its payment instance. Like the real API, a trader sees only
// its own resources: anything else answers 404, exactly as a missing one (contract §1).
import { timingSafeEqual } from "node:crypto";
import type { Link } from "./link.ts";
import type { RuleContext } from "./link-rules.ts";
import {
  API_KEY,
  API_SECRET,
  DRAFT_FORM_ID,
  OTHER_API_KEY,
  OTHER_API_SECRET,
  OTHER_PUBLISHED_FORM_ID,
  OTHER_READY_INSTANCE_ID,
  OTHER_TRADER,
  PENDING_INSTANCE_ID,
  PUBLISHED_FORM_ID,
  READY_INSTANCE_ID,
  TRADER,
  type Trader,
} from "./seed.ts";
import type { Store } from "./store.ts";

/** A trader with its credentials and what it owns. */
export type Account = {
  trader: Trader;
  apiKey: string;
  apiSecret: string;
  instanceIds: readonly string[];
  formIds: readonly string[];
};

export const ACCOUNTS: readonly Account[] = [
  {
    trader: TRADER,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    instanceIds: [READY_INSTANCE_ID, PENDING_INSTANCE_ID],
    formIds: [PUBLISHED_FORM_ID, DRAFT_FORM_ID],
  },
  { trader: OTHER_TRADER, apiKey: OTHER_API_KEY, apiSecret: OTHER_API_SECRET, instanceIds: [OTHER_READY_INSTANCE_ID], formIds: [OTHER_PUBLISHED_FORM_ID] },
];

/** The traders' keys, instances and forms, as the Sandbox handle gives them to tests and the CLI. */
export const SANDBOX_TRADERS = {
  apiKey: API_KEY,
  apiSecret: API_SECRET,
  instances: { ready: READY_INSTANCE_ID, pending: PENDING_INSTANCE_ID },
  forms: { published: PUBLISHED_FORM_ID, draft: DRAFT_FORM_ID },
  otherTrader: {
    apiKey: OTHER_API_KEY,
    apiSecret: OTHER_API_SECRET,
    instances: { ready: OTHER_READY_INSTANCE_ID },
    forms: { published: OTHER_PUBLISHED_FORM_ID },
  },
};

function same(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The account whose key pair the request carries; undefined answers 401. */
export function accountOf(headers: Record<string, string | string[] | undefined>): Account | undefined {
  return ACCOUNTS.find((account) => same(headers["x-api-key"], account.apiKey) && same(headers["x-api-secret"], account.apiSecret));
}

export function ownsLink(account: Account, link: Link): boolean {
  return account.instanceIds.includes(link.payment_instance_id);
}

/** The instances and forms as the account sees them: another trader's are not there. */
export function rulesFor(account: Account, store: Store): RuleContext {
  return {
    instance: (id) => (account.instanceIds.includes(id) ? store.instance(id) : undefined),
    form: (id) => (account.formIds.includes(id) ? store.form(id) : undefined),
  };
}
