// Runs inside the Pulumi provider host (in `check`) as well as in the program: the one schema of
// a declared payment link. YAML files and `new PaymentLink(...)` are both checked against it, and
// both report through `checkLink` (link-check.ts), so a mistake gets the same message wherever it
// is made. Wire names as in shared/mytpe-api.md §4.
import { z } from "zod";
import { closestWord } from "./closest-word.ts";
import { choice, DesiredStatus, expected, Instant, Money, OnPricingChange, OnTerminal, Payer, shown, Uuid } from "./field-values.ts";
import { jsonForm, lengthPattern } from "./json-schema-form.ts";
import { DEFAULT_CURRENCY } from "./link-fields.ts";
import { modeRules } from "./field-rules.ts";
import { AMOUNT_MODES, USAGE_MODES } from "./mode-rules.ts";
import type { LinkSpec as PlainLinkSpec, LinkSpecInput as PlainLinkSpecInput } from "./link-spec-types.ts";
import type { SameType } from "./same-type.ts";
import { MARKER_KEY } from "../provider/link-marker.ts";

export { closestWord, DesiredStatus, OnPricingChange, OnTerminal, shown };

const WHOLE = "a whole number of 1 or more";

const CURRENCY_CODE = /^[A-Z]{3}$/;
/** The currencies the API accepts (shared/mytpe-api.md §4). */
const ACCEPTED_CURRENCIES: readonly string[] = [DEFAULT_CURRENCY];

/**
 * The API's limits on metadata (shared/mytpe-api.md §4): it answers 422 beyond them. One of the
 * 50 keys is mytpe-links' own mark (provider/link-marker.ts), so a declaration has 49.
 */
const METADATA = { keys: 50 - 1, keyLength: 40, valueLength: 500 } as const;

const RESERVED_KEY = `${MARKER_KEY} is reserved: mytpe-links keeps the link's mark there (how it finds its own links); use another key`;

const A_METADATA_VALUE = "a text value (metadata is a flat map of strings)";

/** Length in characters (code points), as zod's max counts and as the API counts; not UTF-16 units. */
function characters(text: string): number {
  return [...text].length;
}

/**
 * The fields of a link, each checked on its own: types, formats, enums. Strict: a key that is not
 * a field is an error. The rules between fields (which mode needs or forbids which field) are in
 * `LinkSpec`. Every field documents itself in the generated JSON Schema (schema/links.schema.json).
 */
export const LinkFields = z.strictObject(
  {
    payment_instance_id: Uuid.meta({
      description: "The payment instance (UUID) the link collects for; it must be ready.",
      examples: ["9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69"],
    }),
    form_id: Uuid.nullish().meta({ description: "A published form (UUID) the payer fills in, or null." }),
    title: z
      .string({ error: expected("a text of 1 to 255 characters") })
      .min(1, { error: "must not be empty: expected a text of 1 to 255 characters" })
      .max(255, { error: (issue) => `must be at most 255 characters, got ${String(characters(issue.input as string))}` })
      .meta(jsonForm({ type: "string", pattern: lengthPattern(1, 255), errorMessage: "expected a text of 1 to 255 characters" }))
      .meta({ description: "Shown on the payment page; 1 to 255 characters.", examples: ["Spring voucher"] }),
    description: z
      .string({ error: expected("a text of at most 1000 characters") })
      .max(1000, { error: (issue) => `must be at most 1000 characters, got ${String(characters(issue.input as string))}` })
      .meta(jsonForm({ type: "string", pattern: lengthPattern(0, 1000), errorMessage: "expected a text of at most 1000 characters" }))
      .nullish()
      .meta({ description: "Shown on the payment page; at most 1000 characters." }),
    logo: z
      .url({ protocol: /^https?$/, error: expected("an http(s) URL such as https://example.com/logo.png") })
      // zod trims, then reads the URL; its scheme is http or https in any case.
      .meta(
        jsonForm({
          type: "string",
          pattern: String.raw`^\s*[hH][tT][tT][pP][sS]?:`,
          errorMessage: "expected an http(s) URL such as https://example.com/logo.png",
        }),
      )
      .nullish()
      .meta({ description: "Public URL of a logo shown on the payment page." }),
    amount_mode: choice(AMOUNT_MODES).meta({ description: "fixed: the payer pays `amount`; open: the payer chooses, within min_amount/max_amount." }),
    amount: Money.nullish().meta({ description: "The price when amount_mode is fixed (required then, rejected otherwise).", examples: [4500] }),
    min_amount: Money.nullish().meta({ description: "The lowest amount a payer may choose when amount_mode is open." }),
    max_amount: Money.nullish().meta({ description: "The highest amount a payer may choose when amount_mode is open." }),
    currency: z
      .string({ error: expected("a 3-letter ISO currency code such as DZD") })
      .regex(CURRENCY_CODE, { error: expected("a 3-letter ISO currency code such as DZD") })
      // The API answers 422 for any other (shared/mytpe-api.md §4): say so before a write.
      .refine((code) => !CURRENCY_CODE.test(code) || ACCEPTED_CURRENCIES.includes(code), {
        error: (issue) => `${shown(issue.input)} is not accepted by MyTPE: expected ${ACCEPTED_CURRENCIES.join(" or ")}`,
      })
      .meta(jsonForm({ type: "string", enum: ACCEPTED_CURRENCIES, errorMessage: `expected ${ACCEPTED_CURRENCIES.join(" or ")}, the currency MyTPE accepts` }))
      .default(DEFAULT_CURRENCY)
      .meta({ description: "3-letter ISO currency code; DZD, the only one MyTPE accepts, when not set." }),
    usage_mode: choice(USAGE_MODES).meta({
      description: "How often the link may be paid; some modes need their own field (max_uses, target_amount, starts_at/ends_at, allowed_payers).",
    }),
    max_uses: z
      .number({ error: expected(WHOLE) })
      // Not `.int()`: its issue aborts the object's parse, and the mode rules would not run.
      .refine(Number.isInteger, { error: expected(WHOLE) })
      .min(1, { error: expected(WHOLE) })
      // Beyond 2^53 a number is no longer the one written (9007199254740993 reads as ...992).
      .refine((count) => !Number.isInteger(count) || count < 1 || Number.isSafeInteger(count), {
        error: expected(`a whole number of at most ${String(Number.MAX_SAFE_INTEGER)}`),
      })
      .meta(jsonForm({ type: "integer", minimum: 1, maximum: Number.MAX_SAFE_INTEGER, errorMessage: `expected ${WHOLE}` }))
      .nullish()
      .meta({ description: "How many payments the link accepts when usage_mode is limited.", examples: [500] }),
    target_amount: Money.transform(Number)
      .nullish()
      .meta({ description: "The total to collect when usage_mode is capped_amount.", examples: [250000] }),
    starts_at: Instant.nullish().meta({
      description: "Start of the window when usage_mode is time_window (ISO 8601 with an offset).",
      examples: ["2027-03-01T09:00:00+01:00"],
    }),
    ends_at: Instant.nullish().meta({
      description: "End of the window when usage_mode is time_window; later than starts_at.",
      examples: ["2027-03-31T23:59:59+01:00"],
    }),
    expires_at: Instant.nullish().meta({ description: "When the link stops accepting payments (ISO 8601 with an offset)." }),
    allowed_payers: z
      .array(Payer, { error: expected("a list of e-mail addresses or E.164 phone numbers") })
      .min(1, { error: "expected at least one payer (an e-mail address or an E.164 phone number)" })
      .max(1000, { error: (issue) => `expected at most 1000 payers, got ${String((issue.input as unknown[]).length)}` })
      .meta({ errorMessage: "expected a list of e-mail addresses or E.164 phone numbers" })
      .nullish()
      .meta({
        description: "Who may pay when usage_mode is whitelist: e-mail addresses or E.164 phone numbers.",
        examples: [["amina@example.com", "+213555123456"]],
      }),
    metadata: z
      .record(
        z.string().max(METADATA.keyLength),
        z.string({ error: expected(A_METADATA_VALUE) }).max(METADATA.valueLength, {
          error: (issue) => `must be at most ${String(METADATA.valueLength)} characters, got ${String(characters(issue.input as string))}`,
        }),
        {
          // A key that fails its own check is reported by the record, as "invalid_key".
          error: (issue) =>
            issue.code === "invalid_key"
              ? `the key must be at most ${String(METADATA.keyLength)} characters, got ${String(characters(String(issue.input)))}`
              : expected("a flat map of text values")(issue),
        },
      )
      .superRefine((map, ctx) => {
        if (Object.hasOwn(map, MARKER_KEY)) {
          ctx.addIssue({
            code: "custom",
            path: [MARKER_KEY],
            message: RESERVED_KEY,
            params: { onKey: true },
          });
        }
        const count = Object.keys(map).length;
        if (count > METADATA.keys) {
          ctx.addIssue({
            code: "custom",
            message: `expected at most ${String(METADATA.keys)} keys (MyTPE allows 50 and mytpe-links keeps one for its mark), got ${String(count)}`,
          });
        }
      })
      .meta(
        jsonForm({
          type: "object",
          errorMessage: "expected a flat map of text values",
          maxProperties: METADATA.keys,
          propertyNames: {
            allOf: [
              { pattern: lengthPattern(0, METADATA.keyLength), errorMessage: `expected a key of at most ${String(METADATA.keyLength)} characters` },
              // Not `not: {const}`: yaml-language-server shows no errorMessage for `not`.
              { pattern: `^(?!${MARKER_KEY}$)`, errorMessage: RESERVED_KEY },
            ],
          },
          additionalProperties: {
            type: "string",
            pattern: lengthPattern(0, METADATA.valueLength),
            errorMessage: `expected ${A_METADATA_VALUE}, of at most ${String(METADATA.valueLength)} characters`,
          },
        }),
      )
      .nullish()
      .meta({ description: "Your own key/value data (strings), echoed in webhooks." }),
    status: DesiredStatus.default("active").meta({ description: "The status to keep the link in; active when not set." }),
    on_pricing_change: OnPricingChange.optional().meta({
      description: "Provider setting: when a paid link's pricing changes, replace it with a new link or fail.",
    }),
    on_terminal: OnTerminal.optional().meta({
      description: "Provider setting: when the link has ended (exhausted, expired), accept it or recreate it.",
    }),
    adopt: Uuid.optional().meta({ description: "Provider setting: take over an existing link (its UUID) instead of creating one." }),
  },
  {
    // checkLink reports unknown keys one by one; this message is for a bare `LinkSpec.safeParse`.
    error: (issue) =>
      issue.code === "unrecognized_keys" ? issue.keys.map((key) => `${key}: ${unknownFieldMessage(key)}`).join("; ") : expected("a map of link fields")(issue),
  },
);

/** The names a link may set: the API's wire names plus the provider settings. */
export const LINK_SPEC_KEYS: readonly string[] = Object.keys(LinkFields.shape);

/** A payment link as declared in YAML or TypeScript: the fields of the API plus the desired status. */
export const LinkSpec = LinkFields.superRefine(
  (link: Record<string, unknown>, ctx) =>
    modeRules(link, (field, rule, message) => ctx.addIssue({ code: "custom", path: [field], message, params: { rule }, input: link[field] })),
  {
    // zod skips refinements once a field has failed; these must run anyway (issue #3), on any map.
    when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value),
  },
);

/** A validated, normalised declaration (money as "4500.00", instants in UTC, currency defaulted). */
export type LinkSpec = PlainLinkSpec;

/** What a user may write: numbers or strings for money, any offset for dates. */
export type LinkSpecInput = PlainLinkSpecInput;

// The plain types users compile against (link-spec-types.ts) are exactly what the schema parses
// to and accepts, both ways: a field changed here and not there stops the build.
true satisfies SameType<PlainLinkSpec, z.output<typeof LinkSpec>>;
true satisfies SameType<PlainLinkSpecInput, z.input<typeof LinkSpec>>;

/** "unknown field: did you mean amount?": the message of a key that is not a field. */
export function unknownFieldMessage(key: string): string {
  const hint = closestWord(key, LINK_SPEC_KEYS);
  return hint ? `unknown field: did you mean ${hint}?` : `unknown field: expected one of ${LINK_SPEC_KEYS.join(", ")}`;
}
