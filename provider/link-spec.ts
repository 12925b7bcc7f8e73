// Runs inside the Pulumi provider host (in `check`) as well as in the program: the one schema of
// a declared payment link. YAML files and `new PaymentLink(...)` are both checked against it, so
// a mistake gets the same message wherever it is made. Wire names as in shared/mytpe-api.md §4.
import { z } from "zod";
import { DEFAULT_CURRENCY } from "./link-fields.ts";

const MONEY = /^\d{1,12}(\.\d{1,2})?$/;

/** A positive amount with at most 2 decimals and 12 integer digits, normalised to "4500.00". */
const Money = z
  .union([z.number(), z.string()], { error: "expected an amount such as 4500 or 4500.50" })
  .superRefine((value, ctx) => {
    const text = typeof value === "number" ? String(value) : value.trim();
    if (!MONEY.test(text)) {
      ctx.addIssue({
        code: "custom",
        message: `expected a positive amount with at most 12 digits before the point and 2 after, got ${JSON.stringify(value)}`,
      });
    } else if (Number(text) <= 0) {
      ctx.addIssue({ code: "custom", message: `expected an amount greater than 0, got ${JSON.stringify(value)}` });
    }
  })
  .transform((value) => Number(value).toFixed(2));

const Uuid = z.guid({ error: "expected a UUID such as 3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b" });

const Instant = z.iso
  .datetime({ offset: true, error: "expected an ISO 8601 date-time with an offset, such as 2027-03-01T09:00:00+01:00" })
  .transform((value) => new Date(value).toISOString());

const E164 = /^\+[1-9]\d{6,14}$/;
const Payer = z.string().refine((value) => E164.test(value) || z.email().safeParse(value).success, {
  error: "expected an e-mail address or an E.164 phone number such as +213555123456",
});

export const DesiredStatus = z.enum(["draft", "active", "paused", "archived"], {
  error: "expected one of draft, active, paused, archived",
});

export const OnPricingChange = z.enum(["replace", "fail"], { error: "expected replace or fail" });
export const OnTerminal = z.enum(["accept", "recreate"], { error: "expected accept or recreate" });

const AMOUNT_MODES = ["fixed", "open"] as const;
const USAGE_MODES = ["one_shot", "limited", "reusable", "capped_amount", "time_window", "whitelist"] as const;

/** A payment link as declared in YAML or TypeScript: the fields of the API plus the desired status. */
export const LinkSpec = z
  .strictObject({
    payment_instance_id: Uuid,
    form_id: Uuid.nullish(),
    title: z
      .string({ error: "expected a text of 1 to 255 characters" })
      .min(1, { error: "must not be empty" })
      .max(255, { error: "must be at most 255 characters" }),
    description: z.string().max(1000, { error: "must be at most 1000 characters" }).nullish(),
    logo: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).nullish(),
    amount_mode: z.enum(AMOUNT_MODES, { error: "expected fixed or open" }),
    amount: Money.nullish(),
    min_amount: Money.nullish(),
    max_amount: Money.nullish(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { error: "expected a 3-letter ISO currency code such as DZD" })
      .default(DEFAULT_CURRENCY),
    usage_mode: z.enum(USAGE_MODES, { error: `expected one of ${USAGE_MODES.join(", ")}` }),
    max_uses: z
      .number({ error: "expected a whole number of 1 or more" })
      .int({ error: "expected a whole number of 1 or more" })
      .min(1, { error: "expected a whole number of 1 or more" })
      .nullish(),
    target_amount: Money.transform(Number).nullish(),
    starts_at: Instant.nullish(),
    ends_at: Instant.nullish(),
    expires_at: Instant.nullish(),
    allowed_payers: z
      .array(Payer, { error: "expected a list of e-mail addresses or E.164 phone numbers" })
      .min(1, { error: "expected at least one payer" })
      .max(1000, { error: "expected at most 1000 payers" })
      .nullish(),
    metadata: z.record(z.string(), z.string({ error: "expected a text value (metadata is a flat map of strings)" })).nullish(),
    status: DesiredStatus.default("active"),
    on_pricing_change: OnPricingChange.optional(),
    on_terminal: OnTerminal.optional(),
    adopt: Uuid.optional(),
  })
  .superRefine((link, ctx) => {
    const forbid = (field: keyof typeof link, because: string) => {
      if (link[field] !== undefined && link[field] !== null) {
        ctx.addIssue({ code: "custom", path: [field], message: `not allowed ${because}` });
      }
    };
    const require = (field: keyof typeof link, because: string) => {
      if (link[field] === undefined || link[field] === null) {
        ctx.addIssue({ code: "custom", path: [field], message: `required ${because}` });
      }
    };

    if (link.amount_mode === "fixed") {
      require("amount", "when amount_mode is fixed");
      forbid("min_amount", "when amount_mode is fixed (it belongs to amount_mode open)");
      forbid("max_amount", "when amount_mode is fixed (it belongs to amount_mode open)");
    } else {
      forbid("amount", "when amount_mode is open (use min_amount / max_amount)");
      if (link.min_amount && link.max_amount && Number(link.min_amount) > Number(link.max_amount)) {
        ctx.addIssue({
          code: "custom",
          path: ["min_amount"],
          message: `must not exceed max_amount (${link.min_amount} > ${link.max_amount})`,
        });
      }
    }

    const mode = `when usage_mode is ${link.usage_mode}`;
    if (link.usage_mode === "limited") require("max_uses", mode);
    else forbid("max_uses", `${mode} (it belongs to usage_mode limited)`);
    if (link.usage_mode === "capped_amount") require("target_amount", mode);
    else forbid("target_amount", `${mode} (it belongs to usage_mode capped_amount)`);
    if (link.usage_mode === "time_window") {
      require("starts_at", mode);
      require("ends_at", mode);
      if (link.starts_at && link.ends_at && link.starts_at >= link.ends_at) {
        ctx.addIssue({ code: "custom", path: ["ends_at"], message: "must be later than starts_at" });
      }
    } else {
      forbid("starts_at", `${mode} (it belongs to usage_mode time_window)`);
      forbid("ends_at", `${mode} (it belongs to usage_mode time_window)`);
    }
    if (link.usage_mode === "whitelist") require("allowed_payers", mode);
    else forbid("allowed_payers", `${mode} (it belongs to usage_mode whitelist)`);
  });

/** A validated, normalised declaration (money as "4500.00", instants in UTC, currency defaulted). */
export type LinkSpec = z.infer<typeof LinkSpec>;

/** What a user may write: numbers or strings for money, any offset for dates. */
export type LinkSpecInput = z.input<typeof LinkSpec>;
