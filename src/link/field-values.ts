// Runs inside the Pulumi provider host as well as in the program: the kinds of value a link field
// holds (money, UUIDs, instants, payers, choices), each a zod schema with the message `check`
// gives and, where zod cannot translate its rule, the JSON Schema form editors get.
import { z } from "zod";
import { closestWord } from "./closest-word.ts";
import { canonicalInstant } from "./instant.ts";
import { jsonForm } from "./json-schema-form.ts";

/** A message maker for zod's `error` option: what was expected, and what was found instead. */
export function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? `required: expected ${what}` : `expected ${what}, got ${shown(issue.input)}`);
}

/** A value as a user would recognise it in a message, kept short. */
export function shown(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** Why a money value is wrong, or undefined when it is a positive amount of at most 12+2 digits. */
function moneyMistake(value: number | string): string | undefined {
  const text = typeof value === "number" ? String(value) : value.trim();
  if (!DECIMAL.test(text) || !Number.isFinite(Number(text))) return `expected an amount such as 4500 or 4500.50, got ${shown(value)}`;
  if (Number(text) <= 0) return `expected an amount greater than 0, got ${shown(value)}`;
  const [whole = "", fraction = ""] = text.replace(/^\+/, "").split(".");
  if (whole.replace(/^0+(?=\d)/, "").length > 12) return `expected at most 12 digits before the decimal point, got ${shown(value)}`;
  if (fraction.length > 2) return `expected at most 2 decimals, got ${shown(value)}`;
  return undefined;
}

/** "4500" -> "4500.00", "12.5" -> "12.50"; strings normalised as text, so no float rounding. */
function normaliseMoney(value: number | string): string {
  if (typeof value === "number") return value.toFixed(2);
  const [whole = "0", fraction = ""] = value.trim().replace(/^\+/, "").split(".");
  return `${whole.replace(/^0+(?=\d)/, "")}.${fraction.padEnd(2, "0")}`;
}

const AN_AMOUNT = "an amount such as 4500 or 4500.50";

/** What moneyMistake accepts in a string: spaces around, `+`, leading zeros, > 0, 12+2 digits. */
const MONEY_TEXT = String.raw`^\s*\+?(?:0*[1-9]\d{0,11}(?:\.\d{1,2})?|0+\.(?:0[1-9]|[1-9]\d?))\s*$`;

/** A positive amount with at most 2 decimals and 12 integer digits, normalised to "4500.00". */
export const Money = z
  .union([z.number(), z.string()], { error: expected(AN_AMOUNT) })
  .superRefine((value, ctx) => {
    const mistake = moneyMistake(value);
    if (mistake) ctx.addIssue({ code: "custom", message: mistake, input: value });
  })
  .meta(
    jsonForm({
      type: ["number", "string"],
      errorMessage: `expected ${AN_AMOUNT}`,
      // A text (the pattern tests texts only):
      pattern: MONEY_TEXT,
      patternErrorMessage: `expected ${AN_AMOUNT}: greater than 0, at most 12 digits before the point and 2 after`,
      // A number (these test numbers only): 0.01 is the least amount of 2 decimals, and below 10^12
      // are those of at most 12 digits. Not `multipleOf: 0.01` for the decimals: ajv,
      // python-jsonschema and IntelliJ divide floats (10.12 / 0.01 = 1011.9999999999999) and would
      // underline 10.12; a third decimal in a number is left to `check`.
      minimum: 0.01,
      exclusiveMaximum: 1e12,
    }),
  )
  .transform(normaliseMoney)
  .meta({ description: 'A positive amount, at most 12 digits before the point and 2 after, such as 4500 or "4500.50".' });

// Lower case, as the API answers: an id written in upper case would otherwise differ from the
// live link's on every diff, and a payment instance that differs means a new link (a new URL).
const A_UUID = "a UUID such as 3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b";
export const Uuid = z
  .guid({ error: expected(A_UUID) })
  .meta({ errorMessage: `expected ${A_UUID}` })
  .transform((id) => id.toLowerCase());

/** True when a date-time, once in UTC, still has a four-digit year (ISO 8601 without expansion). */
function inFourDigitYears(value: string): boolean {
  const time = Date.parse(value);
  // Not a date at all: the format check above reports it.
  if (Number.isNaN(time)) return true;
  const year = new Date(time).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/**
 * An instant, normalised to UTC (2027-03-01T08:00:00.000Z). Its year must stay within 0001–9999
 * in UTC: 9999-12-31T23:30:00-05:00 would become "+010000-01-01T04:30:00.000Z", which is no
 * longer ISO 8601 without expansion, nor comparable as text with other instants.
 */
const AN_INSTANT = "an ISO 8601 date-time with an offset, such as 2027-03-01T09:00:00+01:00";
export const Instant = z.iso
  .datetime({ offset: true, error: expected(AN_INSTANT) })
  // The year in UTC is left to `check`: JSON Schema cannot add an offset to a date.
  .meta({ errorMessage: `expected ${AN_INSTANT}` })
  .refine(inFourDigitYears, { error: expected("a date-time between the years 0001 and 9999 in UTC") })
  // Canonical: UTC, to the microsecond (instant.ts), as state and the diff compare it.
  .transform((value) => canonicalInstant(value) ?? new Date(value).toISOString());

const A_PAYER = "an e-mail address or an E.164 phone number such as +213555123456";
const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = z.regexes.email;
const Email = z.email({ pattern: EMAIL });
export const Payer = z
  .string({ error: expected(A_PAYER) })
  .refine((value) => E164.test(value) || Email.safeParse(value).success, { error: expected(A_PAYER) })
  .meta(jsonForm({ type: "string", pattern: eitherPattern(E164, EMAIL), errorMessage: `expected ${A_PAYER}` }));

/** One pattern matching what either anchored regex (`^...$`) matches. */
function eitherPattern(...regexes: RegExp[]): string {
  return `^(?:${regexes.map((regex) => `(?:${regex.source.replace(/^\^/, "").replace(/\$$/, "")})`).join("|")})$`;
}

/** An enum whose message lists the choices and suggests the closest one. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  const list = values.length === 2 ? `${values[0]} or ${values[1]}` : `one of ${values.join(", ")}`;
  return z.enum(values, {
    error: (issue) => {
      const hint = typeof issue.input === "string" ? closestWord(issue.input, values) : undefined;
      return expected(list)(issue) + (hint ? ` (did you mean ${hint}?)` : "");
    },
  });
}

export const DesiredStatus = choice(["draft", "active", "paused", "archived"]);
export const OnPricingChange = choice(["replace", "fail"]);
export type OnPricingChange = z.infer<typeof OnPricingChange>;
export const OnTerminal = choice(["accept", "recreate"]);
export type OnTerminal = z.infer<typeof OnTerminal>;
