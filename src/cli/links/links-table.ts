// The text report of `mytpe-links links`: one line per link (name, status, URL, payments, money
// collected, declaring file, drift), then the totals per status and per currency, then each drift
// in full. Pure functions.
import { formatMoney } from "../../link/money.ts";
import { plural } from "../../program/link-files.ts";
import { describeDrift } from "./link-drift.ts";
import { totalsOf, type LinkRow, type LinkTotals } from "./link-rows.ts";

const HEADERS = ["NAME", "STATUS", "URL", "PAID", "COLLECTED", "FILE", "DRIFT"] as const;
/** Columns aligned right: numbers. */
const RIGHT: ReadonlySet<number> = new Set([3, 4]);

/** The whole report, line by line. */
export function linksTable(rows: readonly LinkRow[], stack: string): string[] {
  if (rows.length === 0) return [`Stack ${stack} has no links yet: declare some in links/ and run \`mytpe-links up\`.`];
  const cells = rows.map((row) => [
    row.name,
    row.status,
    row.url,
    String(row.paid_count),
    formatMoney(row.total_collected, row.currency),
    row.file ?? "(no file)",
    row.drift.map((drift) => drift.field).join(", "),
  ]);
  const lines = aligned([[...HEADERS], ...cells]);
  const totals = totalsOf(rows);
  lines.push("", ...totalLines(totals, rows.length));
  const drifted = rows.filter((row) => row.drift.length > 0);
  if (drifted.length > 0) {
    lines.push(
      "",
      "Drift: the live link differs from the stack's state (`mytpe-links pulumi refresh` records the live values; `mytpe-links up` then applies the declarations again where it can):",
    );
    const width = Math.max(...drifted.map((row) => row.name.length));
    for (const row of drifted) for (const drift of row.drift) lines.push(`  ${row.name.padEnd(width)}  ${describeDrift(drift)}`);
  }
  return lines;
}

/** "3 links: 2 active, 1 paused" and, per currency, "Collected: 11,500.00 DZD in 3 payments". */
export function totalLines(totals: LinkTotals, links: number): string[] {
  const statuses = totals.byStatus.map(({ status, links: count }) => `${count} ${status}`).join(", ");
  return [
    `${plural(links, "link")}: ${statuses}`,
    ...totals.byCurrency.map(
      (total) =>
        `Collected: ${formatMoney(total.total_collected, total.currency)} in ${plural(total.paid_count, "payment")}` +
        (totals.byCurrency.length > 1 ? ` (${plural(total.links, "link")})` : ""),
    ),
  ];
}

/** Columns padded to their widest cell, trailing spaces trimmed. */
function aligned(table: string[][]): string[] {
  const widths = HEADERS.map((_, column) => Math.max(...table.map((row) => (row[column] ?? "").length)));
  return table.map((row) =>
    row
      .map((cell, column) => (RIGHT.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}
