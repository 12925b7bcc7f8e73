import { describe, expect, it } from "vitest";
import { loadLinkFiles } from "../../src/program/link-files.ts";
import { checkLink, linkProblems } from "../../src/link/link-check.ts";
import { closestWord, LINK_SPEC_KEYS, LinkSpec } from "../../src/link/link-spec.ts";

const INSTANCE = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";
const VALID = { payment_instance_id: INSTANCE, title: "Voucher", amount_mode: "fixed", amount: 100, usage_mode: "reusable" };

describe("checkLink", () => {
  it("normalises money to two decimals, instants to UTC, and defaults currency and status", () => {
    const result = checkLink({
      ...VALID,
      amount: "0012.5",
      usage_mode: "time_window",
      starts_at: "2027-03-01T09:00:00+01:00",
      ends_at: "2027-03-31T23:59:59Z",
    });
    expect(result).toEqual({
      ok: true,
      spec: {
        ...VALID,
        amount: "12.50",
        usage_mode: "time_window",
        starts_at: "2027-03-01T08:00:00.000Z",
        ends_at: "2027-03-31T23:59:59.000Z",
        currency: "DZD",
        status: "active",
      },
    });
  });

  it("accepts its own output unchanged, as the provider re-checks what the program declared", () => {
    const first = checkLink({
      ...VALID,
      amount: 2500.5,
      usage_mode: "time_window",
      starts_at: "2027-03-01T09:00:00+01:00",
      ends_at: "2027-03-02T09:00:00+01:00",
    });
    expect(first.ok).toBe(true);
    if (first.ok) expect(checkLink(first.spec)).toEqual(first);
  });

  it("keeps target_amount a number", () => {
    const result = checkLink({ ...VALID, usage_mode: "capped_amount", target_amount: "1500.5" });
    expect(result.ok && result.spec.target_amount).toBe(1500.5);
  });

  it("reports type errors and mode errors of one link together, in one pass", () => {
    expect(linkProblems({ ...VALID, title: 42, currency: "dzd", usage_mode: "limited", amount_mode: "open" })).toEqual([
      { path: ["title"], message: "expected a text of 1 to 255 characters, got 42" },
      { path: ["currency"], message: 'expected a 3-letter ISO currency code such as DZD, got "dzd"' },
      { path: ["amount"], message: "not allowed when amount_mode is open (use min_amount / max_amount)" },
      { path: ["max_uses"], message: "required when usage_mode is limited" },
    ]);
  });

  // Any field failing its own check must not hide the mode rules (zod skips refinements after an
  // aborting issue, e.g. `.int()`'s): issue #3.
  const WRONG_VALUES: Record<string, unknown> = {
    payment_instance_id: "x",
    form_id: 1,
    title: 1,
    description: 1,
    logo: "x",
    currency: 1,
    target_amount: "x",
    expires_at: 1,
    metadata: 1,
    status: 1,
    on_pricing_change: 1,
    on_terminal: 1,
    adopt: 1,
    typo_field: 1,
  };
  it.each(Object.keys(WRONG_VALUES))("still applies the mode rules when %s is wrong", (field) => {
    const problems = linkProblems({ ...VALID, usage_mode: "limited", [field]: WRONG_VALUES[field] });
    expect(problems.map((problem) => problem.message)).toContain("required when usage_mode is limited");
  });

  it("still applies the mode rules when max_uses is not a whole number", () => {
    expect(linkProblems({ ...VALID, amount_mode: "open", max_uses: 1.5, usage_mode: "limited" })).toEqual([
      { path: ["max_uses"], message: "expected a whole number of 1 or more, got 1.5" },
      { path: ["amount"], message: "not allowed when amount_mode is open (use min_amount / max_amount)" },
    ]);
  });

  it("reports a field its mode forbids once, not also what is wrong with its value", () => {
    expect(linkProblems({ ...VALID, max_uses: "many" })).toEqual([
      { path: ["max_uses"], message: "not allowed when usage_mode is reusable (it belongs to usage_mode limited)" },
    ]);
  });

  it("skips the rules of a mode that is itself wrong, rather than guessing", () => {
    expect(linkProblems({ ...VALID, usage_mode: "limitd", amount_mode: 3 })).toEqual([
      { path: ["amount_mode"], message: "expected fixed or open, got 3" },
      {
        path: ["usage_mode"],
        message: 'expected one of one_shot, limited, reusable, capped_amount, time_window, whitelist, got "limitd" (did you mean limited?)',
      },
    ]);
  });

  it("reports each unknown field on its key, with the closest known field", () => {
    expect(linkProblems({ ...VALID, amout: 1, maxUses: 3, colour: "red" })).toEqual([
      { path: ["amout"], message: "unknown field: did you mean amount?", onKey: true },
      { path: ["maxUses"], message: "unknown field: did you mean max_uses?", onKey: true },
      { path: ["colour"], message: `unknown field: expected one of ${LINK_SPEC_KEYS.join(", ")}`, onKey: true },
    ]);
  });

  it("says a missing field is required, and what it expects", () => {
    expect(linkProblems({ title: "Voucher", amount_mode: "fixed", amount: 1, usage_mode: "reusable" })).toEqual([
      { path: ["payment_instance_id"], message: "required: expected a UUID such as 3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b" },
    ]);
  });

  it("reports a link that is not a map as a whole", () => {
    expect(linkProblems("voucher")).toEqual([{ path: [], message: 'expected a map of link fields, got "voucher"' }]);
    expect(linkProblems(null)).toEqual([{ path: [], message: "expected a map of link fields, got null" }]);
    expect(linkProblems([VALID])).toEqual([{ path: [], message: "expected a map of link fields, got a list" }]);
  });

  it("never throws, whatever the values", () => {
    const values = [undefined, null, true, 0, -1, 1.5, Number.NaN, "", "x", [], [1], {}, { a: 1 }, "2027-02-30T00:00:00Z"];
    for (const field of LINK_SPEC_KEYS) {
      for (const value of values) {
        for (const usage_mode of ["limited", "time_window", "whitelist", "capped_amount", "nope"]) {
          expect(() => linkProblems({ ...VALID, amount_mode: "open", usage_mode, [field]: value })).not.toThrow();
        }
      }
    }
  });

  it("writes UUIDs in lower case, as the API answers them, so that a diff never sees another instance", () => {
    const result = checkLink({ ...VALID, payment_instance_id: INSTANCE.toUpperCase(), form_id: INSTANCE.toUpperCase(), adopt: INSTANCE.toUpperCase() });
    expect(result.ok && [result.spec.payment_instance_id, result.spec.form_id, result.spec.adopt]).toEqual([INSTANCE, INSTANCE, INSTANCE]);
  });

  it("accepts DZD only, the one currency the API accepts, and says so", () => {
    expect(linkProblems({ ...VALID, currency: "EUR" })).toEqual([{ path: ["currency"], message: '"EUR" is not accepted by MyTPE: expected DZD' }]);
    expect(linkProblems({ ...VALID, currency: "eur" })).toEqual([
      { path: ["currency"], message: 'expected a 3-letter ISO currency code such as DZD, got "eur"' },
    ]);
    expect(linkProblems({ ...VALID, currency: "DZD" })).toEqual([]);
  });

  it("refuses a max_uses beyond 2^53 rather than send another number", () => {
    const limited = { ...VALID, usage_mode: "limited" };
    expect(linkProblems({ ...limited, max_uses: 9007199254740993 })).toEqual([
      { path: ["max_uses"], message: "expected a whole number of at most 9007199254740991, got 9007199254740992" },
    ]);
    expect(linkProblems({ ...limited, max_uses: 1e21 })).toEqual([
      { path: ["max_uses"], message: "expected a whole number of at most 9007199254740991, got 1e+21" },
    ]);
    expect(linkProblems({ ...limited, max_uses: 9007199254740991 })).toEqual([]);
  });

  it("holds metadata to the API's limits, less the mark's key: 49 keys, keys of 40 characters, values of 500", () => {
    const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${String(i)}`, "v"]));
    expect(linkProblems({ ...VALID, metadata: keys(49) })).toEqual([]);
    expect(linkProblems({ ...VALID, metadata: keys(50) })).toEqual([
      { path: ["metadata"], message: "expected at most 49 keys (MyTPE allows 50 and mytpe-links keeps one for its mark), got 50" },
    ]);
    expect(linkProblems({ ...VALID, metadata: { ["k".repeat(40)]: "v", ["k".repeat(41)]: "v" } })).toEqual([
      { path: ["metadata", "k".repeat(41)], message: "the key must be at most 40 characters, got 41" },
    ]);
    expect(linkProblems({ ...VALID, metadata: { a: "é".repeat(500), b: "😀".repeat(501) } })).toEqual([
      { path: ["metadata", "b"], message: "must be at most 500 characters, got 501" },
    ]);
  });

  it("reserves the mark's metadata key: declaring it is an error on the key, saying to use another", () => {
    expect(linkProblems({ ...VALID, metadata: { campaign: "spring", _pulumi_link: "mine" } })).toEqual([
      {
        path: ["metadata", "_pulumi_link"],
        message: "_pulumi_link is reserved: mytpe-links keeps the link's mark there (how it finds its own links); use another key",
        onKey: true,
      },
    ]);
  });

  it("counts lengths in characters, not UTF-16 units, in its limits and its messages", () => {
    expect(linkProblems({ ...VALID, title: "😀".repeat(255) })).toEqual([]);
    expect(linkProblems({ ...VALID, title: "😀".repeat(256) })).toEqual([{ path: ["title"], message: "must be at most 255 characters, got 256" }]);
    expect(linkProblems({ ...VALID, description: "😀".repeat(1001) })).toEqual([
      { path: ["description"], message: "must be at most 1000 characters, got 1001" },
    ]);
  });

  it("accepts every valid link the schema itself accepts, with no problems", () => {
    expect(linkProblems(VALID)).toEqual([]);
    expect(LinkSpec.safeParse(VALID).success).toBe(true);
  });
});

describe("a TypeScript-declared link", () => {
  it("gets the same message as the same mistake in a YAML file", () => {
    const yaml = loadLinkFiles(["test/fixtures/links/unknown-field-typo.yaml"]).problems.map((problem) => problem.message);
    // The same link as in the fixture, as one would pass it to `new PaymentLink(...)`.
    const declared = linkProblems({
      payment_instance_id: INSTANCE,
      title: "Spring voucher",
      amount_mode: "fixed",
      amout: 10000,
      usage_mode: "limited",
      maxUses: 500,
      colour: "green",
    }).map((problem) => problem.message);
    expect(declared.sort()).toEqual([...yaml].sort());
    expect(declared).toContain("unknown field: did you mean amount?");
  });

  it("gets the same messages for type and mode errors as the YAML fixture", () => {
    const yaml = loadLinkFiles(["test/fixtures/links/type-and-mode-errors-together.yaml"]).problems.map((p) => `${p.path}: ${p.message}`);
    const declared = linkProblems({
      payment_instance_id: INSTANCE,
      title: 42,
      amount_mode: "open",
      amount: "lots",
      currency: "dzd",
      usage_mode: "limited",
      max_uses: 1.5,
      expires_at: "tomorrow",
      allowed_payers: ["bob"],
    }).map((problem) => `links.voucher.${problem.path.join(".")}: ${problem.message}`);
    expect(declared.sort()).toEqual([...yaml].sort());
  });
});

describe("closestWord", () => {
  it.each([
    ["amout", "amount"],
    ["ammount", "amount"],
    ["maxUses", "max_uses"],
    ["MAX-USES", "max_uses"],
    ["usagemode", "usage_mode"],
    ["titel", "title"],
  ])("suggests %s -> %s", (typo, expected) => {
    expect(closestWord(typo, LINK_SPEC_KEYS)).toBe(expected);
  });

  it("suggests nothing for a word far from every field", () => {
    expect(closestWord("colour", LINK_SPEC_KEYS)).toBeUndefined();
  });
});
