// The per-field parsers of a link body (contract §4): each reads one field's raw JSON value, says
// what is wrong in the Laravel-style error bag, and returns the value as stored (undefined when
// invalid). link-rules.ts applies them field by field, then checks the link as a whole.

import { parseMoney } from "./money.ts";
import { normalizeTimestamp } from "./timestamp.ts";
import { attribute, charLength, type ErrorBag, isPlainObject, isUuid, say } from "./validation.ts";

export const LIMITS = {
  title: 255,
  description: 1000,
  logo: 2048,
  metadataKeys: 50,
  metadataKeyLength: 40,
  metadataValueLength: 500,
  allowedPayers: 1000,
  maxUses: 2_147_483_647, // an unsigned MySQL INT column would allow more, a signed one this much
} as const;

export const ACCEPTED_CURRENCIES: readonly string[] = ["DZD"];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{1,14}$/;

/** True for an e-mail address or an E.164 phone number, the two payer identities §4 allows. */
export function isPayerIdentity(text: string): boolean {
  return (text.length <= 254 && EMAIL.test(text)) || E164.test(text);
}

export function parseId(field: string, value: unknown, bag: ErrorBag): string | undefined {
  if (value === null || value === "") return void bag.add(field, say.required(field));
  if (typeof value !== "string") return void bag.add(field, say.string(field));
  if (!isUuid(value)) return void bag.add(field, say.invalidChoice(field));
  return value.toLowerCase();
}

export function parseText(field: string, value: unknown, bag: ErrorBag, rule: { required: boolean; max: number }): string | null | undefined {
  // Laravel turns "" into null before validating (ConvertEmptyStringsToNull).
  if (value === null || value === "") {
    if (rule.required) return void bag.add(field, say.required(field));
    return null;
  }
  if (typeof value !== "string") return void bag.add(field, say.string(field));
  if (charLength(value) > rule.max) return void bag.add(field, say.maxChars(field, rule.max));
  return value;
}

export function parseLogo(value: unknown, bag: ErrorBag): string | null | undefined {
  const text = parseText("logo", value, bag, { required: false, max: LIMITS.logo });
  if (typeof text !== "string") return text;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return void bag.add("logo", say.url("logo"));
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return void bag.add("logo", say.url("logo"));
  return text;
}

export function parseChoice<T extends string>(field: string, value: unknown, choices: readonly T[], bag: ErrorBag): T | undefined {
  if (value === null || value === "") return void bag.add(field, say.required(field));
  const found = choices.find((c) => c === value);
  if (found === undefined) return void bag.add(field, say.invalidChoice(field));
  return found;
}

/** Centimes, null (cleared) or undefined (error recorded). */
export function parseAmount(field: string, value: unknown, bag: ErrorBag): number | null | undefined {
  if (value === null || value === "") return null;
  const money = parseMoney(value);
  if (!money.ok) {
    const message =
      money.problem === "not_numeric" ? say.numeric(field) : money.problem === "too_many_decimals" ? say.decimals(field) : say.integerDigits(field);
    return void bag.add(field, message);
  }
  if (money.cents <= 0) return void bag.add(field, say.greaterThanZero(field));
  return money.cents;
}

export function parseCurrency(value: unknown, bag: ErrorBag): string | undefined {
  // Clearing the currency falls back to the default, DZD.
  if (value === null || value === "") return "DZD";
  if (typeof value !== "string") return void bag.add("currency", say.string("currency"));
  if (!ACCEPTED_CURRENCIES.includes(value)) return void bag.add("currency", say.invalidChoice("currency"));
  return value;
}

export function parseMaxUses(value: unknown, bag: ErrorBag): number | null | undefined {
  if (value === null || value === "") return null;
  let n: number;
  if (typeof value === "number" && Number.isInteger(value)) n = value;
  else if (typeof value === "string" && /^[+-]?\d+$/.test(value)) n = Number(value);
  else return void bag.add("max_uses", say.integer("max_uses"));
  if (n < 1) return void bag.add("max_uses", say.atLeast("max_uses", 1));
  if (n > LIMITS.maxUses) return void bag.add("max_uses", say.atMost("max_uses", LIMITS.maxUses));
  return n;
}

export function parseDate(field: string, value: unknown, bag: ErrorBag): string | null | undefined {
  if (value === null || value === "") return null;
  const normalized = typeof value === "string" ? normalizeTimestamp(value) : null;
  if (normalized === null) return void bag.add(field, say.date(field));
  return normalized;
}

export function parseAllowedPayers(value: unknown, bag: ErrorBag): string[] | undefined {
  if (value === null) return [];
  if (!Array.isArray(value)) return void bag.add("allowed_payers", say.array("allowed_payers"));
  if (value.length > LIMITS.allowedPayers) {
    return void bag.add("allowed_payers", say.maxItems("allowed_payers", LIMITS.allowedPayers));
  }
  const payers: string[] = [];
  value.forEach((entry: unknown, i) => {
    const key = `allowed_payers.${i}`;
    if (typeof entry !== "string") bag.add(key, say.string(key));
    else if (!isPayerIdentity(entry)) {
      bag.add(key, `The ${attribute(key)} must be a valid e-mail address or E.164 phone number.`);
    } else payers.push(entry);
  });
  return payers.length === value.length ? payers : undefined;
}

export function parseMetadata(value: unknown, bag: ErrorBag): Record<string, string> | null | undefined {
  if (value === null) return null;
  if (!isPlainObject(value)) return void bag.add("metadata", say.object("metadata"));
  const entries = Object.entries(value);
  if (entries.length > LIMITS.metadataKeys) {
    return void bag.add("metadata", say.maxItems("metadata", LIMITS.metadataKeys));
  }
  const out: Record<string, string> = {};
  let ok = true;
  for (const [key, entry] of entries) {
    const path = `metadata.${key}`;
    if (charLength(key) > LIMITS.metadataKeyLength) {
      bag.add("metadata", `The metadata key "${key}" may not be greater than ${LIMITS.metadataKeyLength} characters.`);
      ok = false;
    } else if (typeof entry !== "string") {
      bag.add(path, say.string(path));
      ok = false;
    } else if (charLength(entry) > LIMITS.metadataValueLength) {
      bag.add(path, say.maxChars(path, LIMITS.metadataValueLength));
      ok = false;
    } else out[key] = entry;
  }
  return ok ? out : undefined;
}
