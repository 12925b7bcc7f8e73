// The sandbox's rules for a new link: what it accepts and stores, and each refusal as the API
// words it (422 on the field).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PENDING_INSTANCE_ID, PUBLISHED_FORM_ID, DRAFT_FORM_ID, READY_INSTANCE_ID } from "../../src/sandbox/seed.ts";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

const BASE = {
  payment_instance_id: READY_INSTANCE_ID,
  title: "Spring voucher",
  amount_mode: "fixed",
  amount: 4500,
  usage_mode: "reusable",
};

type Case = { name: string; body: Record<string, unknown>; omit?: string[]; field: string; message: string };

const many = (n: number, make: (i: number) => unknown): Record<string, unknown> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, make(i)]));

const INVALID_CREATES: Case[] = [
  { name: "a missing title", body: {}, omit: ["title"], field: "title", message: "The title field is required." },
  { name: "an empty title", body: { title: "" }, field: "title", message: "The title field is required." },
  { name: "a title of 256 characters", body: { title: "x".repeat(256) }, field: "title", message: "The title may not be greater than 255 characters." },
  { name: "a numeric title", body: { title: 42 }, field: "title", message: "The title must be a string." },
  {
    name: "a description of 1001 characters",
    body: { description: "d".repeat(1001) },
    field: "description",
    message: "The description may not be greater than 1000 characters.",
  },
  { name: "a logo that is not a URL", body: { logo: "not a url" }, field: "logo", message: "The logo format is invalid." },
  {
    name: "a missing payment instance",
    body: {},
    omit: ["payment_instance_id"],
    field: "payment_instance_id",
    message: "The payment instance id field is required.",
  },
  {
    name: "an unknown payment instance",
    body: { payment_instance_id: "00000000-0000-4000-8000-000000000000" },
    field: "payment_instance_id",
    message: "The selected payment instance id is invalid.",
  },
  {
    name: "a malformed payment instance id",
    body: { payment_instance_id: "abc" },
    field: "payment_instance_id",
    message: "The selected payment instance id is invalid.",
  },
  {
    name: "a payment instance that is not ready",
    body: { payment_instance_id: PENDING_INSTANCE_ID },
    field: "payment_instance_id",
    message: "The payment instance must be ready and active (acceptance status: pending_documents, status: active).",
  },
  { name: "a draft form", body: { form_id: DRAFT_FORM_ID }, field: "form_id", message: "The selected form must be published (its status is draft)." },
  { name: "an unknown form", body: { form_id: "00000000-0000-4000-8000-000000000001" }, field: "form_id", message: "The selected form id is invalid." },
  { name: "a missing amount mode", body: {}, omit: ["amount_mode"], field: "amount_mode", message: "The amount mode field is required." },
  { name: "an unknown amount mode", body: { amount_mode: "free" }, field: "amount_mode", message: "The selected amount mode is invalid." },
  { name: "a missing usage mode", body: {}, omit: ["usage_mode"], field: "usage_mode", message: "The usage mode field is required." },
  { name: "an unknown usage mode", body: { usage_mode: "forever" }, field: "usage_mode", message: "The selected usage mode is invalid." },
  { name: "a fixed link without amount", body: {}, omit: ["amount"], field: "amount", message: "The amount field is required when amount mode is fixed." },
  { name: "a zero amount", body: { amount: 0 }, field: "amount", message: "The amount must be greater than 0." },
  { name: "a negative amount", body: { amount: "-5" }, field: "amount", message: "The amount must be greater than 0." },
  { name: "a non-numeric amount", body: { amount: "lots" }, field: "amount", message: "The amount must be a number." },
  { name: "an amount with 3 decimals", body: { amount: 10.125 }, field: "amount", message: "The amount may not have more than 2 decimal places." },
  { name: "an amount string with 3 decimals", body: { amount: "10.125" }, field: "amount", message: "The amount may not have more than 2 decimal places." },
  {
    name: "an amount with 13 integer digits",
    body: { amount: "1234567890123" },
    field: "amount",
    message: "The amount may not have more than 12 integer digits.",
  },
  {
    name: "a min amount on a fixed link",
    body: { min_amount: 100 },
    field: "min_amount",
    message: "The min amount field is prohibited when amount mode is fixed.",
  },
  {
    name: "a max amount on a fixed link",
    body: { max_amount: 100 },
    field: "max_amount",
    message: "The max amount field is prohibited when amount mode is fixed.",
  },
  { name: "an amount on an open link", body: { amount_mode: "open" }, field: "amount", message: "The amount field is prohibited when amount mode is open." },
  {
    name: "an open link whose min exceeds its max",
    body: { amount_mode: "open", min_amount: 500, max_amount: 100 },
    omit: ["amount"],
    field: "min_amount",
    message: "The min amount must be less than or equal to max amount.",
  },
  { name: "a currency other than DZD", body: { currency: "EUR" }, field: "currency", message: "The selected currency is invalid." },
  {
    name: "a limited link without max uses",
    body: { usage_mode: "limited" },
    field: "max_uses",
    message: "The max uses field is required when usage mode is limited.",
  },
  { name: "max uses of 0", body: { usage_mode: "limited", max_uses: 0 }, field: "max_uses", message: "The max uses must be at least 1." },
  { name: "fractional max uses", body: { usage_mode: "limited", max_uses: 1.5 }, field: "max_uses", message: "The max uses must be an integer." },
  { name: "max uses on a reusable link", body: { max_uses: 3 }, field: "max_uses", message: "The max uses field is prohibited when usage mode is reusable." },
  {
    name: "a capped link without target",
    body: { usage_mode: "capped_amount" },
    field: "target_amount",
    message: "The target amount field is required when usage mode is capped_amount.",
  },
  {
    name: "a zero target",
    body: { usage_mode: "capped_amount", target_amount: 0 },
    field: "target_amount",
    message: "The target amount must be greater than 0.",
  },
  {
    name: "a target on a one-shot link",
    body: { usage_mode: "one_shot", target_amount: 1000 },
    field: "target_amount",
    message: "The target amount field is prohibited when usage mode is one_shot.",
  },
  {
    name: "a time window without start",
    body: { usage_mode: "time_window", ends_at: "2026-06-01T00:00:00Z" },
    field: "starts_at",
    message: "The starts at field is required when usage mode is time_window.",
  },
  {
    name: "a time window without end",
    body: { usage_mode: "time_window", starts_at: "2026-06-01T00:00:00Z" },
    field: "ends_at",
    message: "The ends at field is required when usage mode is time_window.",
  },
  {
    name: "a time window ending before it starts",
    body: { usage_mode: "time_window", starts_at: "2026-06-02T00:00:00Z", ends_at: "2026-06-02T00:00:00+01:00" },
    field: "ends_at",
    message: "The ends at must be a date after starts at.",
  },
  {
    name: "a date without offset",
    body: { expires_at: "2026-06-01T10:00:00" },
    field: "expires_at",
    message: "The expires at must be an ISO 8601 date-time with a time zone offset (e.g. 2026-05-01T09:00:00+01:00).",
  },
  {
    name: "an impossible date",
    body: { expires_at: "2026-02-30T10:00:00Z" },
    field: "expires_at",
    message: "The expires at must be an ISO 8601 date-time with a time zone offset (e.g. 2026-05-01T09:00:00+01:00).",
  },
  {
    name: "window dates on a reusable link",
    body: { starts_at: "2026-06-01T00:00:00Z" },
    field: "starts_at",
    message: "The starts at field is prohibited when usage mode is reusable.",
  },
  {
    name: "a whitelist without payers",
    body: { usage_mode: "whitelist" },
    field: "allowed_payers",
    message: "The allowed payers field is required when usage mode is whitelist.",
  },
  {
    name: "a whitelist with an empty payer list",
    body: { usage_mode: "whitelist", allowed_payers: [] },
    field: "allowed_payers",
    message: "The allowed payers field is required when usage mode is whitelist.",
  },
  {
    name: "a payer that is neither e-mail nor E.164 phone",
    body: { usage_mode: "whitelist", allowed_payers: ["a@b.dz", "0550123456"] },
    field: "allowed_payers.1",
    message: "The allowed payers.1 must be a valid e-mail address or E.164 phone number.",
  },
  {
    name: "more than 1000 payers",
    body: { usage_mode: "whitelist", allowed_payers: Array.from({ length: 1001 }, (_, i) => `p${i}@example.dz`) },
    field: "allowed_payers",
    message: "The allowed payers may not have more than 1000 items.",
  },
  {
    name: "payers given as a string",
    body: { usage_mode: "whitelist", allowed_payers: "a@b.dz" },
    field: "allowed_payers",
    message: "The allowed payers must be an array.",
  },
  {
    name: "payers on a reusable link",
    body: { allowed_payers: ["a@b.dz"] },
    field: "allowed_payers",
    message: "The allowed payers field is prohibited when usage mode is reusable.",
  },
  { name: "metadata given as an array", body: { metadata: ["x"] }, field: "metadata", message: "The metadata must be an object." },
  { name: "metadata with 51 keys", body: { metadata: many(51, () => "v") }, field: "metadata", message: "The metadata may not have more than 50 items." },
  {
    name: "a metadata key of 41 characters",
    body: { metadata: { ["k".repeat(41)]: "v" } },
    field: "metadata",
    message: `The metadata key "${"k".repeat(41)}" may not be greater than 40 characters.`,
  },
  { name: "a metadata value that is a number", body: { metadata: { order: 12 } }, field: "metadata.order", message: "The metadata.order must be a string." },
  {
    name: "a metadata value of 501 characters",
    body: { metadata: { note: "n".repeat(501) } },
    field: "metadata.note",
    message: "The metadata.note may not be greater than 500 characters.",
  },
  { name: "an unknown field", body: { colour: "blue" }, field: "colour", message: "The colour field is prohibited." },
  { name: "a server-managed field", body: { status: "active" }, field: "status", message: "The status field is prohibited." },
];

describe("creating a link", () => {
  it.each(INVALID_CREATES)("refuses $name with a 422 on $field", async ({ body, omit = [], field, message }) => {
    const payload: Record<string, unknown> = { ...BASE, ...body };
    for (const key of omit) delete payload[key];
    const reply = await h.api("POST", "/links", payload);
    expect(reply.status).toBe(422);
    expect(reply.body.error).toBe("VALIDATION_ERROR");
    expect(reply.body.errors?.[field]).toEqual([message]);
    expect(reply.body.message).toBe(Object.values(reply.body.errors ?? {})[0]?.[0]);
  });

  it("reports the first field error as the top-level message", async () => {
    const reply = await h.api("POST", "/links", { amount: "x" });
    expect(reply.status).toBe(422);
    expect(reply.body.message).toBe("The payment instance id field is required.");
    expect(Object.keys(reply.body.errors ?? {})).toEqual(["payment_instance_id", "title", "amount_mode", "amount", "usage_mode"]);
  });

  it("accepts a 255-character title and numeric-string money, returned as decimal strings", async () => {
    const link = await h.createLink({ title: "t".repeat(255), amount: "4500.5" });
    expect(link.title).toHaveLength(255);
    expect(link.amount).toBe("4500.50");
    expect(link.currency).toBe("DZD");
  });

  it("accepts 50 metadata keys of 40 characters with 500-character values", async () => {
    const metadata = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`${i}`.padStart(40, "k"), "v".repeat(500)]));
    const link = await h.createLink({ metadata });
    expect(Object.keys(link.metadata ?? {})).toHaveLength(50);
  });

  it("accepts a published form and e-mail or E.164 payers on a whitelist link", async () => {
    const link = await h.createLink({
      form_id: PUBLISHED_FORM_ID,
      usage_mode: "whitelist",
      allowed_payers: ["amina@example.dz", "+213550123456"],
    });
    expect(link.form_id).toBe(PUBLISHED_FORM_ID);
    expect(link.allowed_payers).toEqual(["amina@example.dz", "+213550123456"]);
  });

  it("normalises window dates to UTC with 6-digit fractions", async () => {
    const link = await h.createLink({
      usage_mode: "time_window",
      starts_at: "2026-06-01T09:00:00+01:00",
      ends_at: "2026-06-30T18:30:00.5+01:00",
    });
    expect(link.starts_at).toBe("2026-06-01T08:00:00.000000Z");
    expect(link.ends_at).toBe("2026-06-30T17:30:00.500000Z");
  });

  it("treats null for a field of another mode as absent", async () => {
    const link = await h.createLink({ max_uses: null, min_amount: null, allowed_payers: null });
    expect(link.max_uses).toBeNull();
    expect(link.allowed_payers).toEqual([]);
  });
});
