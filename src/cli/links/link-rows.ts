// What `mytpe-links links` reports: one row per link of the stack (the live values, state's where
// the link is gone), with its declaring file and its drift, and the totals per status and per
// currency. Pure functions; the table, the JSON, the CSV and the QR codes are all made from rows.
import { DEFAULT_CURRENCY } from "../../link/link-fields.ts";
import type { Link } from "../../link/link.ts";
import { amountOf } from "../../link/money.ts";
import { withoutMarker } from "../../provider/link-marker.ts";
import { driftOf, GONE, type Drift } from "./link-drift.ts";
import type { StackLink } from "./stack-links.ts";

/** One link of the stack, as it is now. */
export interface LinkRow {
  name: string;
  id: string;
  title: string;
  /** The live status, or "gone" when the API no longer has the link. */
  status: string;
  /** The public payment URL, exactly as the stack exported it (built from the returned slug). */
  url: string;
  paid_count: number;
  /** Decimal string, as the API writes it. */
  total_collected: string;
  currency: string;
  amount_mode: string | null;
  /** The price of a fixed link, as the API writes it ("4500.00"); null for an open amount. */
  amount: string | null;
  /** The link's own metadata (the provider's mark left out). */
  metadata: Record<string, string>;
  /** The YAML file declaring it; undefined when no file declares it any more (the next up archives it). */
  file?: string;
  drift: Drift[];
}

/** Statuses in lifecycle order: payable first, ended last. */
export const STATUS_ORDER = ["draft", "active", "paused", "exhausted", "expired", "archived", GONE] as const;

export interface CurrencyTotal {
  currency: string;
  links: number;
  paid_count: number;
  /** Sum of total_collected, as a decimal string with two decimals. */
  total_collected: string;
}

export interface LinkTotals {
  /** Links per status, in lifecycle order, statuses with no link left out. */
  byStatus: { status: string; links: number }[];
  /** Payments and money collected per currency, by currency code. */
  byCurrency: CurrencyTotal[];
}

/** The rows of the stack's links: `live` maps link ids to the live link (undefined: gone). */
export function linkRows(links: readonly StackLink[], live: ReadonlyMap<string, Link | undefined>, files: ReadonlyMap<string, string>): LinkRow[] {
  return links.map((link) => {
    const now = live.get(link.id);
    const source: Record<string, unknown> = now ? { ...now } : link.state;
    const file = files.get(link.name);
    return {
      name: link.name,
      id: link.id,
      title: text(source["title"]),
      status: now ? now.status : GONE,
      url: text(link.state["url"]),
      paid_count: Number(source["paid_count"] ?? 0),
      total_collected: text(source["total_collected"]) || "0.00",
      currency: text(source["currency"]) || DEFAULT_CURRENCY,
      amount_mode: typeof source["amount_mode"] === "string" ? source["amount_mode"] : null,
      amount: source["amount"] === undefined || source["amount"] === null ? null : String(source["amount"]),
      metadata: withoutMarker(source["metadata"]) ?? {},
      ...(file === undefined ? {} : { file }),
      drift: driftOf(link.state, now),
    };
  });
}

/** Counts per status and sums per currency, in cents so that no float rounding creeps in. */
export function totalsOf(rows: readonly LinkRow[]): LinkTotals {
  const statuses = new Map<string, number>();
  const currencies = new Map<string, { links: number; paid_count: number; cents: bigint }>();
  for (const row of rows) {
    statuses.set(row.status, (statuses.get(row.status) ?? 0) + 1);
    const total = currencies.get(row.currency) ?? { links: 0, paid_count: 0, cents: 0n };
    total.links += 1;
    total.paid_count += row.paid_count;
    total.cents += centsOf(row.total_collected);
    currencies.set(row.currency, total);
  }
  const rank = (status: string) => {
    const index = (STATUS_ORDER as readonly string[]).indexOf(status);
    return index === -1 ? STATUS_ORDER.length : index;
  };
  return {
    byStatus: [...statuses.entries()].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1)).map(([status, links]) => ({ status, links })),
    byCurrency: [...currencies.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, total]) => ({ currency, links: total.links, paid_count: total.paid_count, total_collected: decimalOf(total.cents) })),
  };
}

/** Whether any link differs from its state. */
export function hasDrift(rows: readonly LinkRow[]): boolean {
  return rows.some((row) => row.drift.length > 0);
}

/** "1234.5" → 123450n; what is not an amount counts as nothing. */
function centsOf(value: string): bigint {
  const amount = amountOf(value);
  if (amount === undefined) return 0n;
  const [whole = "0", fraction = ""] = value.trim().replace(/^[+-]/, "").split(".");
  const cents = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
  return amount < 0 ? -cents : cents;
}

function decimalOf(cents: bigint): string {
  const sign = cents < 0n ? "-" : "";
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, "0")}`;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}
