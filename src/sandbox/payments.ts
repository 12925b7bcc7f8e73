// The sandbox-only "a customer pays" simulation (contract §8): `POST /sandbox/links/{id}/pay`.
// Pure: given the link, the body and the clock, it returns the transaction and the paid link,
// or throws 409 (the link's state refuses payments) or 422 (this payment is not acceptable).

import { invalidState } from "./api-error.ts";
import type { Link } from "./link.ts";
import { limitReached } from "./lifecycle.ts";
import { centsOf, formatCents, parseMoney } from "./money.ts";
import { charLength, ErrorBag, say } from "./validation.ts";

/** A successful simulated payment. */
export type Transaction = {
  id: string;
  payment_link_id: string;
  amount: string;
  currency: string;
  payer: string | null;
  status: "paid";
  paid_at: string;
  created_at: string;
};

export type Payment = { transaction: Transaction; link: Link };

const PAY_FIELDS = ["amount", "payer"] as const;

/** Applies one payment to a link already settled at `now` (see settledStatus). */
export function pay(link: Link, body: Record<string, unknown>, now: string, newId: () => string): Payment {
  if (link.status !== "active") {
    throw invalidState(`Payment link ${link.id} does not accept payments: its status is ${link.status}; only active links can be paid.`);
  }
  if (link.usage_mode === "time_window" && link.starts_at !== null && now < link.starts_at) {
    throw invalidState(`Payment link ${link.id} does not accept payments before its window starts at ${link.starts_at}.`);
  }

  const bag = new ErrorBag();
  for (const field of Object.keys(body)) {
    if (!(PAY_FIELDS as readonly string[]).includes(field)) bag.add(field, say.prohibited(field));
  }
  const cents = payableAmount(link, body.amount, bag);
  const payer = readPayer(link, body.payer, bag);
  bag.throwIfAny(PAY_FIELDS);
  if (cents === undefined || payer === undefined) throw new Error("payment input incomplete after validation");

  const transaction: Transaction = {
    id: newId(),
    payment_link_id: link.id,
    amount: formatCents(cents),
    currency: link.currency ?? "DZD",
    payer,
    status: "paid",
    paid_at: now,
    created_at: now,
  };
  const paid: Link = {
    ...link,
    paid_count: link.paid_count + 1,
    total_collected: formatCents(centsOf(link.total_collected) + cents),
    updated_at: now,
  };
  if (limitReached(paid)) paid.status = "exhausted";
  return { transaction, link: paid };
}

function payableAmount(link: Link, value: unknown, bag: ErrorBag): number | undefined {
  const given = value === undefined || value === null || value === "" ? null : parseMoney(value);
  if (given !== null && !given.ok) {
    return void bag.add(
      "amount",
      given.problem === "not_numeric" ? say.numeric("amount") : given.problem === "too_many_decimals" ? say.decimals("amount") : say.integerDigits("amount"),
    );
  }
  if (given !== null && given.cents <= 0) return void bag.add("amount", say.greaterThanZero("amount"));

  if (link.amount_mode === "fixed") {
    const fixed = link.amount === null ? 0 : centsOf(link.amount);
    if (given !== null && given.cents !== fixed) {
      return void bag.add("amount", `The amount must be ${formatCents(fixed)}, the fixed amount of this link.`);
    }
    return fixed;
  }
  if (given === null) return void bag.add("amount", say.requiredIf("amount", "amount_mode", "open"));
  if (link.min_amount !== null && given.cents < centsOf(link.min_amount)) {
    return void bag.add("amount", `The amount must be at least ${link.min_amount}.`);
  }
  if (link.max_amount !== null && given.cents > centsOf(link.max_amount)) {
    return void bag.add("amount", `The amount may not be greater than ${link.max_amount}.`);
  }
  return given.cents;
}

function readPayer(link: Link, value: unknown, bag: ErrorBag): string | null | undefined {
  if (value !== undefined && value !== null && typeof value !== "string") return void bag.add("payer", say.string("payer"));
  const payer = typeof value === "string" && value !== "" ? value : null;
  if (payer !== null && charLength(payer) > 255) return void bag.add("payer", say.maxChars("payer", 255));
  if (link.usage_mode !== "whitelist") return payer;
  if (payer === null) return void bag.add("payer", say.requiredIf("payer", "usage_mode", "whitelist"));
  if (!link.allowed_payers.some((allowed) => samePayer(allowed, payer))) {
    return void bag.add("payer", `The payer ${payer} is not in the allowed payers of this link.`);
  }
  return payer;
}

/** E-mail addresses compare case-insensitively; phone numbers exactly. */
function samePayer(a: string, b: string): boolean {
  return a.includes("@") ? a.toLowerCase() === b.toLowerCase() : a === b;
}
