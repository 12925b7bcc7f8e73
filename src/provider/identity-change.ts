// Runs inside the Pulumi provider host: what changes in a link's resource when nothing changes on
// the live link's fields — a rename, `adopt:` recorded, state written by an earlier version — and
// how the note says it. A pure function (test/provider/identity-change.test.ts).
import type { AdoptChange } from "./ownership.ts";

/** What changes in a resource's identity when nothing changes on its live link's fields. */
export type IdentityChange = { kind: "none" } | { kind: "rename" | "state-recorded" | "state-upgrade"; message: string };

/**
 * A rename (aliases, a new parent, `stack rename`, a project rename: its URN changed) moves the
 * mark on the live link in the same `up`; `adopt:` added or removed, and state written by an
 * earlier version (another stored provider text, a pre-1.0 mark, an older state version: `state`),
 * are recorded with no API write.
 */
export function identityChange(
  before: unknown,
  urn: string | undefined,
  adopt: AdoptChange,
  state: { older: boolean; from: number; to: number },
): IdentityChange {
  if (urn !== undefined && typeof before === "string" && before !== urn && before.startsWith("urn:pulumi:") && urn.startsWith("urn:pulumi:")) {
    return { kind: "rename", message: `renamed from ${before}; the link's mark follows (a metadata update; nothing else changes)` };
  }
  if (adopt.kind === "record") return { kind: "state-recorded", message: adopt.message };
  if (state.older || before !== urn) {
    return {
      kind: "state-upgrade",
      message: `state written by an earlier version of mytpe-links (state version ${state.from}); recording it as state version ${state.to} (no API write)`,
    };
  }
  return { kind: "none" };
}
