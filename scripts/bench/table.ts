// A Markdown table, columns padded so it also reads well in a terminal (it goes in the issue note).

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = header.length;
  const cells = [header, ...rows].map((row) => Array.from({ length: width }, (_, i) => escapeCell(row[i] ?? "")));
  const widths = Array.from({ length: width }, (_, i) => Math.max(3, ...cells.map((row) => (row[i] as string).length)));
  const line = (row: readonly string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] as number)).join(" | ")} |`;
  const [head, ...body] = cells;
  return [line(head as string[]), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...body.map(line)].join("\n");
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** Seconds with one decimal, e.g. `12.3 s`. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A rate with its unit, e.g. `41.2 links/s`. */
export function rate(links: number, ms: number): string {
  return ms > 0 ? `${(links / (ms / 1000)).toFixed(1)} links/s` : "n/a";
}

/** Bytes in human units: `812 B`, `2.4 KB`, `3.1 MB` (1 KB = 1,024 B). */
export function bytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
