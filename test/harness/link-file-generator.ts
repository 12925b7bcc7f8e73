// Test harness: links files made from a seed, mostly valid, with a few wrong values, modes that
// need or refuse fields, and `defaults` that links inherit or override — for the tests that hold
// the editor schema to `check`. The same seed gives the same files.
import { stringify } from "yaml";

/** A small seeded generator (mulberry32): the same seed, the same sequence. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UUID = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";
const MONEY_OK = [4500, 4500.5, 10.12, 0.07, 0.01, 999999999999.99, "4500.00", " 12.5 ", "+0.50", "00.10", "000123456789012", "0.01"];
const MONEY_BAD = [10.125, 0.001, 1e-7, 0, -5, 1e12, 1e21, "0.001", "1234567890123", "lots", "1e3", "1.", ".5", "-1", "0", true, []];
const INSTANT_OK = ["2027-03-01T09:00:00+01:00", "2027-03-31T23:59:59Z", "2027-03-01T09:00:00.123+01:00", "2028-02-29T00:00:00Z"];
const INSTANT_BAD = ["2027-04-01", "tomorrow", "9999-12-31T23:30:00-05:00", "0000-12-31T23:00:00+01:00", "2027-02-30T00:00:00Z", "2027-03-01t09:00:00z", 5];
const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`k${String(i)}`, "v"]));

/** For each field: values `check` accepts on their own, and values it refuses. */
export const VALUES: Record<string, { ok: unknown[]; bad: unknown[] }> = {
  payment_instance_id: { ok: [UUID, UUID.toUpperCase()], bad: ["not-a-uuid", 42, null] },
  form_id: { ok: [UUID, null], bad: ["form", 42] },
  title: { ok: ["Voucher", "x".repeat(255), "😀".repeat(255), "Gala — table of 8"], bad: ["", "x".repeat(256), "😀".repeat(256), 42, null] },
  description: { ok: ["Give what you can.", "d".repeat(1000), "😀".repeat(1000), null], bad: ["d".repeat(1001), ["a"]] },
  logo: {
    ok: ["https://example.com/logo.png", "HTTP://EXAMPLE.COM/x.png", " https://x.com/a.png", "https://example.com/a b.png", null],
    bad: ["ftp://example.com/logo.png", "example.com/logo.png", "https://", "https://exa mple.com", 5],
  },
  amount_mode: { ok: ["fixed", "open"], bad: ["fixd", ["fixed"], null] },
  amount: { ok: MONEY_OK, bad: MONEY_BAD },
  min_amount: { ok: MONEY_OK, bad: MONEY_BAD },
  max_amount: { ok: MONEY_OK, bad: MONEY_BAD },
  currency: { ok: ["DZD"], bad: ["dzd", "EUR", 42, null] },
  usage_mode: { ok: ["one_shot", "limited", "reusable", "capped_amount", "time_window", "whitelist"], bad: ["limitd", null] },
  max_uses: { ok: [1, 500, 1.0, 9007199254740991, null], bad: [0, 1.5, -1, 9007199254740993, 1e21, "5"] },
  target_amount: { ok: MONEY_OK, bad: MONEY_BAD },
  starts_at: { ok: INSTANT_OK, bad: INSTANT_BAD },
  ends_at: { ok: INSTANT_OK, bad: INSTANT_BAD },
  expires_at: { ok: [...INSTANT_OK, null], bad: INSTANT_BAD },
  allowed_payers: {
    ok: [["amina@example.com"], ["+213555123456"], ["a.b+c@x-y.io", "+2135551234"]],
    bad: [["bob"], [], ["0555123456"], [213555123456], "amina@example.com", ["a..b@x.io"]],
  },
  metadata: {
    ok: [{ campaign: "spring" }, {}, { ["k".repeat(40)]: "v" }, { ["😀".repeat(40)]: "v" }, { note: "n".repeat(500) }, keys(49), null],
    bad: [{ ["k".repeat(41)]: "v" }, { note: "n".repeat(501) }, { year: 2027 }, { nested: { a: "b" } }, keys(50), { _pulumi_link: "mine" }, "campaign"],
  },
  status: { ok: ["active", "paused", "draft", "archived"], bad: ["actve", null] },
  on_pricing_change: { ok: ["replace", "fail"], bad: ["ignore"] },
  on_terminal: { ok: ["accept", "recreate"], bad: [1] },
  adopt: { ok: [UUID], bad: ["x"] },
};

/** Which field belongs to which mode (as link/mode-rules.ts says; repeated so that a slip there shows). */
const OWNER: Record<string, string> = {
  amount: "fixed",
  min_amount: "open",
  max_amount: "open",
  max_uses: "limited",
  target_amount: "capped_amount",
  starts_at: "time_window",
  ends_at: "time_window",
  allowed_payers: "whitelist",
};
const NEEDED = new Set(["payment_instance_id", "title", "amount_mode", "usage_mode"]);
const MODE_SETTINGS = ["amount_mode", "usage_mode"];

/**
 * One link, or `defaults`: each field absent, valid, or now and then wrong. A field of a mode is
 * there most of the time when the part says that mode, seldom otherwise.
 */
function fields(
  next: () => number,
  rates: { needed: (field: string) => number; other: number; wrong: number },
  modes: readonly string[],
): Record<string, unknown> {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;
  const body: Record<string, unknown> = {};
  for (const [field, values] of Object.entries(VALUES)) {
    const owner = OWNER[field];
    const presence = NEEDED.has(field) ? rates.needed(field) : owner === undefined ? rates.other : modes.includes(owner) ? 0.95 : 0.02;
    if (next() >= presence) continue;
    // A mode setting says the part's mode; any other field takes any valid value.
    const ok = values.ok.filter((value) => !MODE_SETTINGS.includes(field) || modes.length === 0 || modes.includes(value as string));
    body[field] = next() < rates.wrong && values.bad.length > 0 ? pick(values.bad) : pick(ok);
  }
  if (next() < rates.wrong / 4) body["amout"] = 1;
  return body;
}

/** A links file: maybe `defaults`, then one to three links. */
export function linkFile(next: () => number, wrong = 0.02): { data: { defaults?: Record<string, unknown>; links: Record<string, unknown> }; text: string } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const modes = () => [pick(VALUES["amount_mode"]?.ok ?? []), pick(VALUES["usage_mode"]?.ok ?? [])] as string[];
  const fileModes = modes();
  const defaults = next() < 0.5 ? fields(next, { needed: () => 0.5, other: 0.1, wrong }, next() < 0.5 ? fileModes : []) : undefined;
  // A link sets what it needs, seldom when `defaults` gives it, so that both cases come up.
  const needed = (field: string) => (defaults && field in defaults ? 0.2 : 0.98);
  const links: Record<string, unknown> = {};
  const count = 1 + Math.floor(next() * 3);
  for (let i = 0; i < count; i++) {
    const linkModes = next() < 0.7 ? fileModes : modes();
    links[`link-${String(i)}`] = fields(next, { needed, other: 0.15, wrong }, linkModes);
  }
  // `check` reads a value of `defaults` through the links that inherit it: give each one a link.
  if (defaults) {
    for (const field of Object.keys(defaults)) {
      if (Object.values(links).every((link) => field in (link as object))) delete (links["link-0"] as Record<string, unknown>)[field];
    }
  }
  const data = defaults ? { defaults, links } : { links };
  return { data, text: stringify(data) };
}
