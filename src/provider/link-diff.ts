// Runs inside the Pulumi provider host: what changed between the state of a link and its
// declaration, and how the change must be carried out. Pure functions, table-tested in
// test/provider/link-diff.decide-change.test.ts; the provider methods only carry the decision out.
import { DATE_FIELDS, DEFAULT_CURRENCY, LINK_FIELDS, LINK_FIELD_RULES, MONEY_FIELDS, type LinkField } from "../link/link-fields.ts";
import { sameInstant } from "../link/instant.ts";
import type { Link, LinkBody, LinkStatus } from "../link/link.ts";
import { LinkSpec } from "../link/link-spec.ts";
import { isTerminal, planStatus, type StatusPlan } from "./status-plan.ts";

/** The value of a field as the API would hold it after the declaration is applied. */
export function declaredValue(spec: LinkSpec, field: LinkField): unknown {
  const value = spec[field];
  if (value === undefined || value === null) return field === "currency" ? DEFAULT_CURRENCY : null;
  return value;
}

/** Whether two values of a field mean the same thing (4500 and "4500.00"; one instant, two offsets). */
export function sameValue(field: LinkField, a: unknown, b: unknown): boolean {
  // The API may answer currency null for its default.
  const left = field === "currency" ? (emptyToNull(a) ?? DEFAULT_CURRENCY) : emptyToNull(a);
  const right = field === "currency" ? (emptyToNull(b) ?? DEFAULT_CURRENCY) : emptyToNull(b);
  if (left === null || right === null) return left === right;
  if (MONEY_FIELDS.has(field) || field === "target_amount") return Number(left) === Number(right);
  if (DATE_FIELDS.has(field)) return sameInstant(String(left), String(right));
  if (field === "metadata" || field === "allowed_payers") return canonicalJson(left) === canonicalJson(right);
  // A UUID is the same id in either case; a payment instance that differs would mean a new link.
  if (field === "payment_instance_id" || field === "form_id") return String(left).toLowerCase() === String(right).toLowerCase();
  return left === right;
}

/** Absent, null, "", [] and {} all mean "not set" (the API answers [] for a link without
 *  payers, and Laravel turns "" into null). */
function emptyToNull(value: unknown): unknown {
  if (value === undefined || value === null || value === "") return null;
  if (Array.isArray(value) && value.length === 0) return null;
  if (typeof value === "object" && Object.keys(value).length === 0) return null;
  return value;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return JSON.stringify([...value].map(String).sort());
  if (typeof value === "object" && value !== null) {
    return JSON.stringify(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return JSON.stringify(value);
}

/** Fields whose declared value differs from the one the link holds. */
export function changedFields(current: Partial<Record<LinkField, unknown>>, spec: LinkSpec): LinkField[] {
  return LINK_FIELDS.filter((field) => !sameValue(field, current[field], declaredValue(spec, field)));
}

/** The body of a create: every declared field, nothing else. */
export function createBody(spec: LinkSpec): LinkBody {
  const body: Record<string, unknown> = {};
  for (const field of LINK_FIELDS) {
    const value = spec[field];
    if (value !== undefined && value !== null) body[field] = value;
  }
  return body as LinkBody;
}

/** The body of a partial update: the changed fields, `null` clearing what is no longer declared. */
export function updateBody(spec: LinkSpec, fields: readonly LinkField[]): LinkBody {
  const body: Record<string, unknown> = {};
  for (const field of fields) body[field] = declaredValue(spec, field);
  return body as LinkBody;
}

/** What a link in state looks like to the decision: its fields and what the API said last. */
export interface LinkFacts extends Partial<Record<LinkField, unknown>> {
  status: LinkStatus;
  paid_count: number;
  /** The sum collected so far, as the API writes it ("1500.00"); absent in old state. */
  total_collected?: unknown;
}

export type ChangeDecision =
  | { action: "none"; note?: string }
  | { action: "update"; fields: LinkField[]; status: StatusPlan & { kind: "calls" } }
  | { action: "replace"; fields: LinkField[]; reason: string }
  | { action: "refuse"; reason: string };

/**
 * Decides how to bring a link to its declaration. `facts` must come from the live link when the
 * answer depends on whether it was paid or has ended — the caller reads it first.
 */
export function decideChange(facts: LinkFacts, spec: LinkSpec): ChangeDecision {
  const fields = changedFields(facts, spec);
  if (isTerminal(facts.status)) return decideEnded(facts.status, fields, spec);

  const fixed = fields.filter((field) => LINK_FIELD_RULES[field] === "fixed");
  if (fixed.length > 0) {
    return { action: "replace", fields, reason: `${fixed.join(", ")} cannot change on an existing link` };
  }
  const status = planStatus(facts.status, spec.status);
  if (status.kind !== "calls") return { action: "refuse", reason: status.kind === "refused" ? status.reason : "the link has ended" };

  const pricing = fields.filter((field) => LINK_FIELD_RULES[field] === "pricing");
  if (pricing.length > 0 && facts.paid_count > 0) {
    const reason = `${pricing.join(", ")} cannot change once the link has been paid ` + `(paid ${facts.paid_count} time${facts.paid_count === 1 ? "" : "s"})`;
    if (spec.on_pricing_change === "fail") {
      return {
        action: "refuse",
        reason: `${reason}, and on_pricing_change is fail: revert the change, or allow replacement (a new link with a new URL)`,
      };
    }
    return { action: "replace", fields, reason: `${reason}: a new link replaces it and the URL changes` };
  }

  const belowUse = limitBelowUse(facts, spec, fields);
  if (belowUse) return { action: "refuse", reason: belowUse };
  if (fields.length === 0 && status.actions.length === 0) return { action: "none" };
  return { action: "update", fields, status };
}

/**
 * Whether a refreshed link differs from its last declaration (the state's inputs), as the engine's
 * refresh shows it: any change the next `up` would make, refuse or finish (replacement_owed). Never
 * throws: a declaration an older version wrote that no longer parses counts as a difference.
 */
export function refreshDrift(refreshed: LinkFacts, replacementOwed: boolean, lastDeclared: Record<string, unknown>): boolean {
  if (replacementOwed) return true;
  const spec = LinkSpec.safeParse(lastDeclared);
  return !spec.success || decideChange(refreshed, spec.data).action !== "none";
}

/**
 * A link that has ended (exhausted, expired, archived) can no longer be edited nor brought back:
 * it is left alone, replaced only when the declaration opts in (on_terminal: recreate) — never
 * because a field changed — and a declaration that wants an archived link live is refused.
 */
function decideEnded(live: "exhausted" | "expired" | "archived", fields: LinkField[], spec: LinkSpec): ChangeDecision {
  if (spec.status === "archived") return { action: "none" };
  if (spec.on_terminal === "recreate") return { action: "replace", fields, reason: `the link is ${live} and on_terminal is recreate` };
  if (live === "archived") {
    return {
      action: "refuse",
      reason:
        `the link is archived and an archived link never accepts payments again, yet it is declared ${spec.status}: ` +
        "declare status: archived to keep it ended, declare a link under a new name for a new one, " +
        "or set on_terminal: recreate to replace it with a new link (a new URL)",
    };
  }
  const unapplied = fields.length > 0 ? `; its changes to ${fields.join(", ")} are not applied, since an ended link cannot be edited` : "";
  return { action: "none", note: `the link is ${live}; accepted (set on_terminal: recreate to replace it)${unapplied}` };
}

/** Why a limit the declaration lowers is below what the live link has already used, if it is. */
function limitBelowUse(facts: LinkFacts, spec: LinkSpec, fields: readonly LinkField[]): string | undefined {
  if (fields.includes("max_uses") && typeof spec.max_uses === "number" && spec.max_uses < facts.paid_count) {
    return (
      `max_uses cannot go below the ${facts.paid_count} payment${facts.paid_count === 1 ? "" : "s"} the link has already taken: ` +
      `declare max_uses: ${facts.paid_count} or more, or status: archived to stop it`
    );
  }
  const collected = Number(facts.total_collected ?? 0);
  if (fields.includes("target_amount") && typeof spec.target_amount === "number" && spec.target_amount < collected) {
    const amount = collected.toFixed(2);
    return `target_amount cannot go below the ${amount} already collected: declare target_amount: ${amount} or more, or status: archived to stop it`;
  }
  return undefined;
}

/** The fields of a live link that a declaration holds, for `read` to report drift. */
export function declaredFieldsOf(link: Link): Partial<Record<LinkField, unknown>> {
  const out: Partial<Record<LinkField, unknown>> = {};
  for (const field of LINK_FIELDS) {
    const value = emptyToNull(link[field]);
    if (value !== null) out[field] = value;
  }
  return out;
}
