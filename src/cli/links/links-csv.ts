// `mytpe-links links --format csv`: the stack's links for mail merges and spreadsheets, one row per
// link — name, title, url, status, amount, currency, then one column per metadata key (the union
// over all links, sorted; a key that is also a fixed column's name is prefixed `metadata.`).
// RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote or a line
// break, quotes doubled. Values are written as the API returned them, but for one thing: a cell
// that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is what a spreadsheet runs as a
// formula (CSV injection), so it gets a leading `'`, as OWASP advises
// (https://owasp.org/www-community/attacks/CSV_Injection): a title "-cmd" is written "'-cmd".
// Our own columns never start so (amounts are never negative), so only declared or API text is
// ever prefixed. A pure function.
import type { LinkRow } from "./link-rows.ts";

const COLUMNS = ["name", "title", "url", "status", "amount", "currency"] as const;

export function linksCsv(rows: readonly LinkRow[]): string {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row.metadata)))].sort();
  const header = [...COLUMNS, ...keys.map((key) => ((COLUMNS as readonly string[]).includes(key) ? `metadata.${key}` : key))];
  const lines = [
    header,
    ...rows.map((row) => [row.name, row.title, row.url, row.status, row.amount ?? "", row.currency, ...keys.map((key) => row.metadata[key] ?? "")]),
  ];
  return `${lines.map((line) => line.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/** A field as RFC 4180 writes it, a formula neutralised first. */
export function csvField(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}
