// Runs inside the Pulumi provider host: which resource holds which link in this run (one Pulumi
// command, one provider process). The engine diffs a resource before it creates its replacement,
// and diffs a renamed resource before it creates a new one under the old name, so a create can
// tell the link being replaced, or a renamed resource's link, from a link of its own left behind
// by a lost answer or a kill (ownership.ts `recoverable`).
export class RunClaims {
  /** Link id → URN of the resource whose state holds it (recorded by `diff`). */
  private readonly inState = new Map<string, string>();
  /** Link id → URN of the resource that adopted or created it in this run. */
  private readonly taken = new Map<string, string>();
  /** URNs a create ran for in this run (a replacement created before its old link is archived). */
  private readonly creates = new Set<string>();

  /** The resource `urn` is declared in this run and its state holds link `id`. */
  hold(id: string, urn: string | undefined): void {
    if (id !== "" && urn !== undefined) this.inState.set(id, urn);
  }

  /** The resource `urn` takes link `id` in this run (adoption, recovery, a new link). */
  take(id: string, urn: string | undefined): void {
    if (urn !== undefined) this.taken.set(id, urn);
  }

  /** The resource whose state holds link `id`, if it was diffed in this run. */
  stateHolder(id: string): string | undefined {
    return this.inState.get(id);
  }

  /** Who holds or took link `id` in this run. */
  holder(id: string): string | undefined {
    return this.inState.get(id) ?? this.taken.get(id);
  }

  held(): ReadonlySet<string> {
    return new Set([...this.inState.keys(), ...this.taken.keys()]);
  }

  created(urn: string | undefined): void {
    if (urn !== undefined) this.creates.add(urn);
  }

  /**
   * Whether deleting link `id` is the first half of a replacement whose new link does not exist
   * yet (deleteBeforeReplace): its resource is declared in this run (a resource removed from the
   * program is never diffed) and no create ran for it.
   */
  replacedBeforeCreate(id: string): boolean {
    const urn = this.inState.get(id);
    return urn !== undefined && !this.creates.has(urn);
  }
}
