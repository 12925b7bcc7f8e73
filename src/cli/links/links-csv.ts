// `mytpe-links links --format csv`: the stack's links for mail merges and spreadsheets, one row per
// link — name, title, url, status, amount, currency, then one column per metadata key (the union
// over all links, sorted; a key that is also a fixed column's name is prefixed `metadata.`).
// RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote or a line
// break, quotes doubled. Values are written exactly as the API returned them. A pure function.
import type { LinkRow } from "./link-rows.ts";

const COLUMNS = ["name", "title", "url", "status", "amount", "currency"] as const;

export function linksCsv(rows: readonly LinkRow[]): string {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row.metadata)))].sort();
  const header = [...COLUMNS, ...keys.map((key) => ((COLUMNS as readonly string[]).includes(key) ? `metadata.${key}` : key))];
  const lines = [header, ...rows.map((row) => [row.name, row.title, row.url, row.status, row.amount ?? "", row.currency, ...keys.map((key) => row.metadata[key] ?? "")])];
  return lines.map((line) => line.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** A field as RFC 4180 writes it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
