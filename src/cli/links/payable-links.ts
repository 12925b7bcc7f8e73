// What `mytpe-links up` (`npm run demo`) prints after the run: the links that accept payments now
// under "Payment links", each with its status and URL; the others (draft, paused, exhausted,
// expired, archived) counted by status and named, without a URL to hand out. A pure function.
import { plural } from "../../program/link-files.ts";
import { STATUS_ORDER } from "./link-rows.ts";

export interface UpLink {
  name: string;
  status: string;
  url: string;
}

export function payableLinksSummary(links: readonly UpLink[]): string[] {
  const payable = links.filter((link) => link.status === "active");
  const others = links.filter((link) => link.status !== "active").sort((a, b) => rank(a.status) - rank(b.status) || (a.name < b.name ? -1 : 1));
  const width = Math.max(0, ...links.map((link) => link.name.length));
  const lines = ["Payment links:"];
  if (payable.length === 0) lines.push("  (none accepts payments now)");
  for (const link of payable) lines.push(`  ${link.name.padEnd(width)}  ${link.status.padEnd(6)}  ${link.url}`);
  if (others.length > 0) {
    const counts = new Map<string, number>();
    for (const link of others) counts.set(link.status, (counts.get(link.status) ?? 0) + 1);
    lines.push("", `Not payable (${plural(others.length, "link")}): ${[...counts].map(([status, count]) => `${count} ${status}`).join(", ")}`);
    for (const link of others) lines.push(`  ${link.name.padEnd(width)}  ${link.status}`);
  }
  return lines;
}

function rank(status: string): number {
  const index = (STATUS_ORDER as readonly string[]).indexOf(status);
  return index === -1 ? STATUS_ORDER.length : index;
}
