// Runs inside the Pulumi provider host: what changes in a link's resource when nothing changes on
// the live link's fields — a rename, `adopt:` recorded, state written by an earlier version — and
// how the note says it; and what `adopt:` changed on a resource that already manages a link means.
// Pure functions (test/provider/identity-change.test.ts).

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

/** What `adopt:` on a resource that already manages link `id` means, added, changed or removed. */
export type AdoptChange = { kind: "same" } | { kind: "record"; message: string } | { kind: "refuse"; reason: string };

export function adoptChange(id: string, before: string | undefined, after: string | undefined): AdoptChange {
  if (before === after) return { kind: "same" };
  if (after === undefined) return { kind: "record", message: `adopt removed: it keeps managing link ${id} (no API write)` };
  if (after === id) return { kind: "record", message: `adopt: ${id} is the link it manages already (no API write)` };
  return {
    kind: "refuse",
    reason:
      `adopt: ${after} on a resource that already manages link ${id}; a resource manages one link: ` +
      `to manage ${after} here instead, run \`mytpe-links release\` for this link (it forgets ${id} without archiving it), then up; ` +
      `or declare ${after} under a new name`,
  };
}
