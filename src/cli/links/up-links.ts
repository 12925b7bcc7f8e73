// The links `mytpe-links up` reports after its run, each with its live status: state alone would
// say "active" for a link the platform ended since the last refresh (an unchanged link's state is
// not rewritten by `up`). One listing per instance (live-links.ts); the statuses in state when the
// API cannot be read, said once.
import { createTransport } from "../../provider/api-transport.ts";
import { liveLinksOf } from "./live-links.ts";
import { GONE } from "./link-drift.ts";
import type { UpLink } from "./payable-links.ts";
import type { StackLink } from "./stack-links.ts";
import { apiSettingsOf, readStackConfig, readStackLinks, type PulumiContext } from "./stack-reader.ts";

export async function upLinks(pulumi: PulumiContext, log: (line: string) => void): Promise<UpLink[]> {
  let links: StackLink[];
  try {
    links = await readStackLinks(pulumi);
  } catch (error) {
    log(`the stack's links could not be read: ${(error as Error).message}`);
    return [];
  }
  const url = (state: Record<string, unknown>) => (typeof state["url"] === "string" ? state["url"] : "");
  if (links.length === 0) return [];
  try {
    const settings = await apiSettingsOf(pulumi, await readStackConfig(pulumi));
    const { dispatcher, pacer } = await createTransport({ concurrency: 4 });
    try {
      const live = await liveLinksOf({ ...settings, dispatcher, pacer }, links);
      return links.map(({ name, id, state }) => ({ name, status: live.get(id)?.status ?? GONE, url: url(state) }));
    } finally {
      await dispatcher.close();
    }
  } catch (error) {
    log(`statuses below are from the stack's state: the live links could not be read (${(error as Error).message})`);
    return links.map(({ name, state }) => ({ name, status: String(state["status"] ?? ""), url: url(state) }));
  }
}
