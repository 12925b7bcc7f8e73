// Validation of `POST /links` and `PUT /links/{id}` bodies (contract §4 and §6). Pure: the
// instance/form look-ups come in through RuleContext, and every failure is a Laravel-style 422.

import { INPUT_FIELDS, type InputField, type Link, type LinkInput, type UsageMode } from "./link.ts";
import { centsOf } from "./money.ts";
import { parseFields } from "./field-parsers.ts";
import type { Form, PaymentInstance } from "./seed.ts";
import { attribute, ErrorBag, say } from "./validation.ts";

/** How the rules see the trader's instances and forms. */
export type RuleContext = {
  instance: (id: string) => PaymentInstance | undefined;
  form: (id: string) => Form | undefined;
};

/** What an accepted update produced: the whole new input and which fields really changed. */
export type UpdateOutcome = { input: LinkInput; changed: InputField[] };

/** Fields frozen once a payment went through (contract §6). */
export const PAID_IMMUTABLE_FIELDS = ["amount_mode", "amount", "min_amount", "max_amount", "currency", "usage_mode"] as const satisfies readonly InputField[];

/** Fields that only exist for one usage mode. */
const USAGE_MODE_FIELDS = {
  max_uses: "limited",
  target_amount: "capped_amount",
  starts_at: "time_window",
  ends_at: "time_window",
  allowed_payers: "whitelist",
} as const satisfies Partial<Record<InputField, UsageMode>>;

const REQUIRED_ON_CREATE = ["payment_instance_id", "title", "amount_mode", "usage_mode"] as const;

const OPTIONAL_DEFAULTS: Omit<LinkInput, (typeof REQUIRED_ON_CREATE)[number]> = {
  form_id: null,
  description: null,
  logo: null,
  amount: null,
  min_amount: null,
  max_amount: null,
  currency: "DZD",
  max_uses: null,
  target_amount: null,
  starts_at: null,
  ends_at: null,
  expires_at: null,
  allowed_payers: [],
  metadata: null,
};

export function validateCreate(body: Record<string, unknown>, ctx: RuleContext): LinkInput {
  const bag = new ErrorBag();
  const parsed = parseFields(body, bag);
  for (const field of REQUIRED_ON_CREATE) {
    if (!(field in body)) bag.add(field, say.required(field));
  }
  checkInstanceUsable(parsed.payment_instance_id, ctx, bag);
  checkForm(parsed.form_id, ctx, bag);
  const merged: Partial<LinkInput> = { ...OPTIONAL_DEFAULTS, ...parsed };
  checkModes(merged, bag);
  bag.throwIfAny(INPUT_FIELDS);
  return complete(merged);
}

export function validateUpdate(body: Record<string, unknown>, current: Link, ctx: RuleContext): UpdateOutcome {
  const bag = new ErrorBag();
  const parsed = parseFields(body, bag);

  if (parsed.payment_instance_id !== undefined && parsed.payment_instance_id !== current.payment_instance_id) {
    bag.add("payment_instance_id", "The payment instance id cannot be changed.");
  }
  if (parsed.form_id !== current.form_id) checkForm(parsed.form_id, ctx, bag);
  if (current.paid_count > 0) {
    for (const field of PAID_IMMUTABLE_FIELDS) {
      const sent = parsed[field];
      // Re-sending the current value is not a change, so a client may always PUT its full spec.
      if (sent !== undefined && sent !== current[field] && !bag.has(field)) {
        bag.add(field, `The ${attribute(field)} cannot be changed once the link has been paid.`);
      }
    }
  }

  const merged: Partial<LinkInput> = { ...pickInput(current), ...parsed };
  checkModes(merged, bag);
  checkAgainstPayments(merged, current, bag);
  bag.throwIfAny(INPUT_FIELDS);

  const input = complete(merged);
  const before = pickInput(current);
  const changed = INPUT_FIELDS.filter((f) => JSON.stringify(input[f]) !== JSON.stringify(before[f]));
  return { input, changed };
}

export function pickInput(link: Link): LinkInput {
  const out: Partial<LinkInput> = {};
  for (const field of INPUT_FIELDS) Object.assign(out, { [field]: link[field] });
  return complete(out);
}

function complete(merged: Partial<LinkInput>): LinkInput {
  const { payment_instance_id, title, amount_mode, usage_mode } = merged;
  if (payment_instance_id === undefined || title === undefined || amount_mode === undefined || usage_mode === undefined) {
    // Unreachable after validation; a plain Error turns into a 500 if it ever happens.
    throw new Error("link input is incomplete after validation");
  }
  return { ...OPTIONAL_DEFAULTS, ...merged, payment_instance_id, title, amount_mode, usage_mode };
}

function checkInstanceUsable(id: string | undefined, ctx: RuleContext, bag: ErrorBag): void {
  if (id === undefined) return;
  const instance = ctx.instance(id);
  if (instance === undefined) {
    bag.add("payment_instance_id", say.invalidChoice("payment_instance_id"));
    return;
  }
  if (instance.acceptance_status !== "ready" || instance.status !== "active") {
    bag.add(
      "payment_instance_id",
      `The payment instance must be ready and active (acceptance status: ${instance.acceptance_status}, status: ${instance.status}).`,
    );
  }
}

function checkForm(id: string | null | undefined, ctx: RuleContext, bag: ErrorBag): void {
  if (id === undefined || id === null) return;
  const form = ctx.form(id);
  if (form === undefined) {
    bag.add("form_id", say.invalidChoice("form_id"));
    return;
  }
  if (form.status !== "published") {
    bag.add("form_id", `The selected form must be published (its status is ${form.status}).`);
  }
}

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}

/** §4 "required by mode": the merged link must be consistent with its amount and usage modes. */
function checkModes(link: Partial<LinkInput>, bag: ErrorBag): void {
  const mode = link.amount_mode;
  if (mode === "fixed") {
    if (isBlank(link.amount) && !bag.has("amount")) bag.add("amount", say.requiredIf("amount", "amount_mode", "fixed"));
    for (const field of ["min_amount", "max_amount"] as const) {
      if (!isBlank(link[field]) && !bag.has(field)) bag.add(field, say.prohibitedIf(field, "amount_mode", "fixed"));
    }
  } else if (mode === "open") {
    if (!isBlank(link.amount) && !bag.has("amount")) bag.add("amount", say.prohibitedIf("amount", "amount_mode", "open"));
    const { min_amount: min, max_amount: max } = link;
    if (typeof min === "string" && typeof max === "string" && centsOf(min) > centsOf(max) && !bag.has("min_amount")) {
      bag.add("min_amount", say.lte("min_amount", "max_amount"));
    }
  }

  const usage = link.usage_mode;
  if (usage === undefined) return;
  for (const [field, owner] of Object.entries(USAGE_MODE_FIELDS) as [keyof typeof USAGE_MODE_FIELDS, UsageMode][]) {
    if (bag.has(field)) continue;
    const blank = isBlank(link[field]);
    if (usage === owner && blank) bag.add(field, say.requiredIf(field, "usage_mode", owner));
    if (usage !== owner && !blank) bag.add(field, say.prohibitedIf(field, "usage_mode", usage));
  }
  if (usage === "time_window" && !bag.has("starts_at") && !bag.has("ends_at")) {
    const { starts_at: start, ends_at: end } = link;
    if (typeof start === "string" && typeof end === "string" && !(start < end)) {
      bag.add("ends_at", say.after("ends_at", "starts_at"));
    }
  }
}

/** Limits may be raised or kept, never set below what payments already used up (§6). */
function checkAgainstPayments(link: Partial<LinkInput>, current: Link, bag: ErrorBag): void {
  const maxUses = link.max_uses;
  if (typeof maxUses === "number" && maxUses < current.paid_count && !bag.has("max_uses")) {
    bag.add("max_uses", `The max uses may not be less than the number of payments already made (${current.paid_count}).`);
  }
  const target = link.target_amount;
  const collected = centsOf(current.total_collected);
  if (typeof target === "number" && Math.round(target * 100) < collected && !bag.has("target_amount")) {
    bag.add("target_amount", `The target amount may not be less than the amount already collected (${current.total_collected}).`);
  }
}
