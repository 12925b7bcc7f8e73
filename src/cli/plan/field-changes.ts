// The fields of a link that a plan shows changing, from the live value (the step's old outputs) to
// the declared one (its new inputs): money compared as amounts and shown with its currency, instants
// compared as instants, text quoted, "(none)" for what is unset. Pure functions.
import { DATE_FIELDS, DEFAULT_CURRENCY, LINK_FIELD_RULES, LINK_FIELDS } from "../../link/link-fields.ts";
import { sameInstant } from "../../link/instant.ts";
import { formatMoney, MONEY_VALUE_FIELDS, sameAmount } from "../../link/money.ts";

/** Fields whose change changes what a customer pays or how much may be collected. */
export const MONEY_RULE_FIELDS: ReadonlySet<string> = new Set([
  // "pricing" in LINK_FIELD_RULES: amount, bounds, currency, modes.
  ...LINK_FIELDS.filter((field) => LINK_FIELD_RULES[field] === "pricing"),
  // The limits: how many payments, how much in total.
  "max_uses",
  "target_amount",
]);

/** Provider settings a declaration carries next to the link's fields. */
const SETTINGS = ["on_pricing_change", "on_terminal"] as const;

/** Free text, shown quoted. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(["title", "description", "logo"]);

export interface FieldChange {
  field: string;
  /** Raw values: the live one (old outputs) and the declared one (new inputs); absent when unset. */
  from?: unknown;
  to?: unknown;
  /** Shown as: money with its currency, text quoted, "(none)" when unset. */
  shown: { from: string; to: string };
  /** Amount, bounds, currency, modes or limits change. */
  moneyRule: boolean;
}

/** The fields that differ between the live link and the declaration, in LINK_FIELDS order. */
export function fieldChanges(live: Record<string, unknown>, declared: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  const liveCurrency = String(live["currency"] ?? declared["currency"] ?? DEFAULT_CURRENCY);
  const declaredCurrency = String(declared["currency"] ?? DEFAULT_CURRENCY);
  for (const field of [...LINK_FIELDS, ...SETTINGS]) {
    const from = live[field];
    const to = declared[field];
    if (same(field, from, to)) continue;
    changes.push({
      field,
      ...(isUnset(from) ? {} : { from }),
      ...(isUnset(to) ? {} : { to }),
      shown: { from: shown(field, from, liveCurrency), to: shown(field, to, declaredCurrency) },
      moneyRule: MONEY_RULE_FIELDS.has(field),
    });
  }
  return changes;
}

function same(field: string, a: unknown, b: unknown): boolean {
  if (isUnset(a) && isUnset(b)) return true;
  if (MONEY_VALUE_FIELDS.has(field)) return sameAmount(a, b);
  if ((DATE_FIELDS as ReadonlySet<string>).has(field) && typeof a === "string" && typeof b === "string") {
    return sameInstant(a, b);
  }
  if (field === "metadata" && isEmptyObject(a) && isEmptyObject(b)) return true;
  return canonical(a) === canonical(b);
}

function shown(field: string, value: unknown, currency: string): string {
  if (isUnset(value)) return "(none)";
  if (MONEY_VALUE_FIELDS.has(field)) return formatMoney(value, currency);
  if (TEXT_FIELDS.has(field)) return JSON.stringify(String(value));
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (typeof value === "object") return canonical(value);
  return String(value);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

function isUnset(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function isEmptyObject(value: unknown): boolean {
  return isUnset(value) || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
}
