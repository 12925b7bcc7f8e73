// `mytpe-links links --json`: the report for scripts, with the API's wire names. A pure function.
import { hasDrift, totalsOf, type LinkRow } from "./link-rows.ts";

export interface LinksJson {
  stack: string;
  /** Whether any link differs from the stack's state (exit code 3). */
  drift: boolean;
  links: (Omit<LinkRow, "file"> & { file: string | null })[];
  totals: {
    by_status: Record<string, number>;
    by_currency: Record<string, { links: number; paid_count: number; total_collected: string }>;
  };
}

export function linksJson(rows: readonly LinkRow[], stack: string): LinksJson {
  const totals = totalsOf(rows);
  return {
    stack,
    drift: hasDrift(rows),
    links: rows.map((row) => ({ ...row, file: row.file ?? null })),
    totals: {
      by_status: Object.fromEntries(totals.byStatus.map(({ status, links }) => [status, links])),
      by_currency: Object.fromEntries(totals.byCurrency.map(({ currency, ...rest }) => [currency, rest])),
    },
  };
}
