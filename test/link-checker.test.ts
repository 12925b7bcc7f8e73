import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { linkChecker } from "../program/link-checker.ts";
import { LinkSpec } from "../provider/link-spec.ts";
import { mulberry32 } from "../sandbox/faults.ts";

const FIXTURES = "test/fixtures/links";
const INSTANCE = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";

/** What zod's whole-object parse says of the merged link: the reference the checker must match. */
function reference(link: Record<string, unknown>, defaults?: Record<string, unknown>): unknown {
  const parsed = LinkSpec.safeParse({ ...defaults, ...link });
  return parsed.success ? parsed.data : undefined;
}

/** Same verdict, same spec, same key order. */
function sameAsReference(got: unknown, expected: unknown): boolean {
  if (expected === undefined || got === undefined) return got === expected;
  return isDeepStrictEqual(got, expected) && JSON.stringify(got) === JSON.stringify(expected);
}

// Per field, values that pass its own check and values that do not (wrong type, format, range),
// null included: zod and the checker must agree on each, alone and combined.
const VALUES: Record<string, { good: unknown[]; bad: unknown[] }> = {
  payment_instance_id: { good: [INSTANCE, INSTANCE.toUpperCase(), "3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b"], bad: ["not-a-uuid", 42, null] },
  // undefined: a key that is there with no value (possible in TypeScript) stays in the spec.
  form_id: { good: [null, undefined, "3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b"], bad: ["form", 1] },
  title: { good: ["Voucher", "Spring voucher — 10,000 DZD", "x".repeat(255)], bad: ["", "x".repeat(256), 12, null] },
  description: { good: [null, undefined, "", "A description"], bad: ["d".repeat(1001), 5] },
  logo: { good: [null, "https://example.com/logo.png"], bad: ["ftp://example.com/logo.png", "logo"] },
  amount_mode: { good: ["fixed", "open"], bad: ["fixd", "FIXED", null] },
  amount: { good: [100, 2500.5, "4500", "0012.5", "+7.25", null], bad: [0, -5, "abc", 1.234, "1234567890123", true] },
  min_amount: { good: [100, "50.5", null], bad: [0, "x"] },
  max_amount: { good: [50000, "99.99", 80, null], bad: [-1, "1e3"] },
  currency: { good: ["DZD"], bad: ["dzd", "DZDD", "EUR", 1, null] },
  usage_mode: { good: ["one_shot", "limited", "reusable", "capped_amount", "time_window", "whitelist"], bad: ["whitelits", 3, null] },
  max_uses: { good: [1, 500, null], bad: [0, 1.5, "3", -0, 1e21, 9007199254740993] },
  target_amount: { good: [1500, "1500.5", null], bad: [0, "lots"] },
  starts_at: { good: ["2027-03-01T09:00:00+01:00", "2027-03-01T08:00:00Z", "0001-01-01T00:00:00Z", null], bad: ["2027-03-01", "2027-03-01T09:00:00", "9999-12-31T23:30:00-05:00", 5] },
  ends_at: { good: ["2027-03-31T23:59:59+01:00", "2027-02-01T00:00:00Z", "9999-12-31T23:59:59Z", null], bad: ["tomorrow", "0000-12-31T23:00:00+01:00"] },
  expires_at: { good: ["2028-01-01T00:00:00+00:00", null], bad: ["2028"] },
  allowed_payers: { good: [["a@example.com", "+213555123456"], ["b@example.org"], null], bad: [[], ["not a payer"], "a@example.com"] },
  metadata: { good: [{ campaign: "spring" }, {}, null], bad: [{ index: 3 }, ["a"], "campaign", { ["k".repeat(41)]: "v" }, { note: "n".repeat(501) }] },
  status: { good: ["draft", "active", "paused", "archived"], bad: ["actve", null] },
  on_pricing_change: { good: ["replace", "fail"], bad: ["never"] },
  on_terminal: { good: ["accept", "recreate", undefined], bad: ["maybe"] },
  adopt: { good: ["3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b"], bad: ["link-1"] },
};

/** A link that is usually valid for its modes, with a chance of a bad value, a stray field or a typo. */
function generatedLink(next: () => number): { link: Record<string, unknown>; defaults: Record<string, unknown> | undefined } {
  const pick = <T,>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const value = (field: string) => {
    const pool = VALUES[field] as { good: unknown[]; bad: unknown[] };
    return next() < 0.06 ? pick(pool.bad) : pick(pool.good);
  };
  const merged: Record<string, unknown> = { payment_instance_id: value("payment_instance_id"), title: value("title") };
  const amountMode = next() < 0.05 ? value("amount_mode") : pick(["fixed", "open"]);
  merged["amount_mode"] = amountMode;
  if (amountMode === "fixed" || next() < 0.05) merged["amount"] = value("amount");
  if (amountMode === "open" || next() < 0.05) {
    merged["min_amount"] = value("min_amount");
    merged["max_amount"] = value("max_amount");
  }
  const usageMode = value("usage_mode");
  merged["usage_mode"] = usageMode;
  const modeField: Record<string, string[]> = {
    limited: ["max_uses"],
    capped_amount: ["target_amount"],
    time_window: ["starts_at", "ends_at"],
    whitelist: ["allowed_payers"],
  };
  for (const field of modeField[String(usageMode)] ?? []) merged[field] = value(field);
  // Optional fields, and now and then a field of another mode.
  for (const field of Object.keys(VALUES)) {
    if (!(field in merged) && next() < 0.12) merged[field] = value(field);
  }
  if (next() < 0.04) merged[pick(["amout", "titel", "metdata"])] = "typo";
  // Some fields come from the file's defaults, some links override a default.
  let defaults: Record<string, unknown> | undefined;
  if (next() < 0.7) {
    defaults = {};
    for (const field of Object.keys(merged)) if (next() < 0.3) defaults[field] = merged[field];
    if (next() < 0.2) defaults["currency"] = value("currency");
  }
  const link: Record<string, unknown> = {};
  for (const [field, fieldValue] of Object.entries(merged)) if (!defaults || !(field in defaults) || next() < 0.3) link[field] = fieldValue;
  return { link, defaults };
}

describe("linkChecker", () => {
  it("accepts exactly the links LinkSpec accepts, with the same spec and key order (5,000 generated links, one checker)", () => {
    const next = mulberry32(20261124); // seeded: a failure replays
    const check = linkChecker();
    let valid = 0;
    for (let i = 0; i < 5000; i++) {
      const { link, defaults } = generatedLink(next);
      const expected = reference(link, defaults);
      const got = check(link, defaults);
      if (!sameAsReference(got, expected)) {
        throw new Error(`link ${i} ${JSON.stringify({ link, defaults })}: checker ${JSON.stringify(got)}, LinkSpec ${JSON.stringify(expected)}`);
      }
      if (expected !== undefined) valid++;
    }
    // Both verdicts are exercised, so the comparison above cannot pass by accepting or refusing all.
    expect(valid).toBeGreaterThan(1000);
    expect(valid).toBeLessThan(4000);
  });

  it("agrees with LinkSpec on every link of every fixture file", () => {
    const check = linkChecker();
    let compared = 0;
    for (const name of readdirSync(FIXTURES, { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".yaml"))) {
      let file: unknown;
      try {
        file = parse(readFileSync(`${FIXTURES}/${name}`, "utf8"), { uniqueKeys: false });
      } catch {
        continue; // the YAML syntax fixture
      }
      const { defaults, links } = (file ?? {}) as { defaults?: Record<string, unknown>; links?: Record<string, unknown> };
      for (const body of Object.values(links ?? {})) {
        if (typeof body !== "object" || body === null || Array.isArray(body)) continue;
        const link = body as Record<string, unknown>;
        expect(sameAsReference(check(link, defaults ?? undefined), reference(link, defaults ?? undefined)), `${name}: ${JSON.stringify(link)}`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it("gives each link its own maps and lists, even when they come from the same defaults", () => {
    const check = linkChecker();
    const defaults = { allowed_payers: ["a@example.com"], metadata: { campaign: "c" } };
    const link = () => ({ payment_instance_id: INSTANCE, title: "T", amount_mode: "fixed", amount: 5, usage_mode: "whitelist" });
    const first = check(link(), defaults);
    const second = check(link(), defaults);
    expect(first).toEqual(second);
    expect(first?.metadata).not.toBe(second?.metadata);
    expect(first?.allowed_payers).not.toBe(second?.allowed_payers);
  });

  it("reads a link's own fields only, as the merged object { ...defaults, ...link } would", () => {
    const check = linkChecker();
    const fields = { payment_instance_id: INSTANCE, amount_mode: "fixed", amount: 5, usage_mode: "reusable" };
    const inherited = (from: Record<string, unknown>) => Object.assign(Object.create(from) as Record<string, unknown>, fields);
    // No own title: refused, even though the prototype has one.
    expect(check(inherited({ title: "Inherited" }))).toBeUndefined();
    expect(check(fields, Object.create({ title: "Inherited" }) as Record<string, unknown>)).toBeUndefined();
    // What the prototype holds is not checked either.
    const withTitle = (from: Record<string, unknown>) => Object.assign(inherited(from), { title: "Own" });
    expect(check(withTitle({ currency: "dzd", foo: 1 }))).toEqual(reference(withTitle({ currency: "dzd", foo: 1 })));
    expect(check(withTitle({ currency: "dzd" }))?.currency).toBe("DZD");
  });

  it("refuses a link whose own value is valid but whose default is not, as the merged link would be", () => {
    const check = linkChecker();
    const link = { payment_instance_id: INSTANCE, title: "T", amount_mode: "fixed", amount: 5, usage_mode: "reusable" };
    expect(check(link, { currency: "dzd" })).toBeUndefined();
    expect(check(link, { currency: "DZD" })?.currency).toBe("DZD");
    expect(check({ ...link, currency: "DZD" }, { currency: "dzd" })?.currency).toBe("DZD");
  });
});
