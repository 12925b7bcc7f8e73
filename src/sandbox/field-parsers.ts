// The per-field parsers of a link body (contract §4): each reads one field's raw JSON value, says
// what is wrong in the Laravel-style error bag, and returns the value as stored (undefined when
// invalid), and parseFields, which applies them to each field a body sends. link-rules.ts then
// checks the link as a whole.

import { AMOUNT_MODES, type AmountMode, type InputField, type LinkInput, USAGE_MODES, type UsageMode } from "./link.ts";
import { formatCents, parseMoney } from "./money.ts";
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

/** Type and format rules for each field sent; unknown fields are refused. `null` clears. */
export function parseFields(body: Record<string, unknown>, bag: ErrorBag): Partial<LinkInput> {
  const out: Partial<LinkInput> = {};
  const set = <K extends InputField>(field: K, value: LinkInput[K] | undefined): void => {
    if (value !== undefined) out[field] = value;
  };
  for (const [field, value] of Object.entries(body)) {
    switch (field) {
      case "payment_instance_id":
        set(field, parseId(field, value, bag));
        break;
      case "form_id":
        set(field, value === null ? null : parseId(field, value, bag));
        break;
      case "title":
        // A required text never comes back null (it records an error instead).
        set(field, parseText(field, value, bag, { required: true, max: LIMITS.title }) ?? undefined);
        break;
      case "description":
        set(field, parseText(field, value, bag, { required: false, max: LIMITS.description }));
        break;
      case "logo":
        set(field, parseLogo(value, bag));
        break;
      case "amount_mode":
        set(field, parseChoice<AmountMode>(field, value, AMOUNT_MODES, bag));
        break;
      case "usage_mode":
        set(field, parseChoice<UsageMode>(field, value, USAGE_MODES, bag));
        break;
      case "amount":
      case "min_amount":
      case "max_amount": {
        const cents = parseAmount(field, value, bag);
        set(field, cents === undefined || cents === null ? cents : formatCents(cents));
        break;
      }
      case "target_amount": {
        const cents = parseAmount(field, value, bag);
        set(field, cents === undefined || cents === null ? cents : cents / 100);
        break;
      }
      case "currency":
        set(field, parseCurrency(value, bag));
        break;
      case "max_uses":
        set(field, parseMaxUses(value, bag));
        break;
      case "starts_at":
      case "ends_at":
      case "expires_at":
        set(field, parseDate(field, value, bag));
        break;
      case "allowed_payers":
        set(field, parseAllowedPayers(value, bag));
        break;
      case "metadata":
        set(field, parseMetadata(value, bag));
        break;
      default:
        bag.add(field, say.prohibited(field));
    }
  }
  return out;
}
