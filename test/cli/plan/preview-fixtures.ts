// Saved previews (test/fixtures/preview/<case>.jsonl, captured from the real CLI by
// plan-e2e.test.ts with UPDATE_PREVIEW_FIXTURES=1) and the normalisation that makes them and their
// Markdown stable: ports, slugs, ids and temp folders replaced, debug lines and provider text dropped.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NOTE_PREFIX } from "../../../src/provider/protocol.ts";
import { REPO } from "../../harness/temp-project.ts";

export const FIXTURES = join(REPO, "test", "fixtures", "preview");
export const SNAPSHOTS = join(REPO, "test", "cli", "plan", "__snapshots__");

/** The scenarios, in the order plan-e2e.test.ts plays them. */
export const CASES = ["create", "update-pause-publish-archive", "price-change-after-payment", "no-changes"] as const;
export type PreviewCase = (typeof CASES)[number];

export function fixturePath(name: string): string {
  return join(FIXTURES, name);
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

export function writeFixture(name: string, text: string): void {
  writeFileSync(fixturePath(name), text);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** The sandbox's ready payment instance: fixed, and meaningful to a reader. */
const READY_INSTANCE = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";

/** Makes preview output (either JSON form) or Markdown stable across runs. */
export function normalise(text: string): string {
  let out = text.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT").replace(/\/tmp\/mytpe-e2e-[A-Za-z0-9]+/g, "/tmp/mytpe-e2e-PROJECT");
  // Slugs are "<title words>-<4 random characters>": keep the words.
  const slugs = new Set([...out.matchAll(/\\?"slug\\?":\s*\\?"([a-z0-9-]+-[a-z0-9]{4})\\?"/g)].map((match) => match[1]!));
  for (const slug of slugs) out = out.split(slug).join(`${slug.slice(0, -4)}xxxx`);
  out = out.replace(/\/pay\/([a-z0-9-]+)-[a-z0-9]{4}\b/g, "/pay/$1-xxxx").replace(/\(([a-z0-9-]+)-(?!xxxx)[a-z0-9]{4}\)/g, "($1-xxxx)");
  const ids = new Map<string, string>();
  out = out.replace(UUID, (id) => {
    if (id === READY_INSTANCE) return id;
    if (!ids.has(id)) ids.set(id, `00000000-0000-4000-8000-${String(ids.size + 1).padStart(12, "0")}`);
    return ids.get(id)!;
  });
  return out;
}

/** A streamed preview, kept small: no debug lines but the provider's notes, no provider text, no timings. */
export function slimEvents(stream: string): string {
  return stream
    .split("\n")
    .filter((line) => line.trim() !== "" && (!line.includes('"severity":"debug"') || line.includes(NOTE_PREFIX)))
    .map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      delete event["timestamp"];
      return JSON.stringify(event, (key, value: unknown) => (key === "__provider" ? "(provider text)" : value));
    })
    .join("\n")
    .concat("\n");
}
