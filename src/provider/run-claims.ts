// Runs inside the Pulumi provider host: which resource holds which link in this run (one Pulumi
// command, one provider process). The engine diffs a resource before it creates its replacement,
// and diffs a renamed resource before it creates a new one under the old name, so a create can
// tell the link being replaced, or a renamed resource's link, from a link of its own left behind
// by a lost answer or a kill (ownership.ts `recoverable`).
/** What the program says of a resource it declares that is not the declaration (per run, never stored). */
export interface Declared {
  /** Slugs of the links the stack's saved state holds for it; undefined when the program did not say (the plugin). */
  saved?: ReadonlySet<string> | undefined;
  /** Declared with `retainOnDelete`: a replaced link stays live. */
  retainOnDelete?: boolean;
}

export class RunClaims {
  /** Link id → URN of the resource whose state holds it (recorded by `diff`). */
  private readonly inState = new Map<string, string>();
  /** URN → how many links `inState` says its state holds: `diffed` without a scan. */
  private readonly holdingUrns = new Map<string, number>();
  /** Every link in `inState` or `taken`: `held` without building a set on each create (#30). */
  private readonly heldIds = new Set<string>();
  /** Link id → URN of the resource that adopted or created it in this run. */
  private readonly taken = new Map<string, string>();
  /** URNs a create ran for in this run (a replacement created before its old link is archived). */
  private readonly creates = new Set<string>();
  /** Links a create took although the saved state could not say whether it holds them. */
  private readonly unsureTakes = new Map<string, string>();
  /** URNs the program declares in this run (`check` ran for them), with what the program said of their saved state. */
  private readonly declaredUrns = new Map<string, Declared>();

  /** The program declares the resource `urn` in this run; `facts`: what it read of the saved state (saved-links.ts). */
  declared(urn: string | undefined, facts: Declared = {}): void {
    if (urn !== undefined) this.declaredUrns.set(urn, { ...this.declaredUrns.get(urn), ...facts });
  }

  /** What the program said of the resource's saved state when it declared it in this run. */
  declaredFacts(urn: string | undefined): Declared {
    return (urn === undefined ? undefined : this.declaredUrns.get(urn)) ?? {};
  }

  /**
   * Whether the program declares `urn` in this run. The engine checks every resource the program
   * registers before it diffs it, so a diff of an undeclared resource is a refresh's (the engine
   * diffs each refreshed resource against its last declaration, before the program runs).
   */
  isDeclared(urn: string | undefined): boolean {
    return urn !== undefined && this.declaredUrns.has(urn);
  }

  /** The state of the resource `urn` holds link `id` (a diff saw it). */
  hold(id: string, urn: string | undefined): void {
    if (id === "" || urn === undefined) return;
    const before = this.inState.get(id);
    if (before !== undefined) this.holdingUrns.set(before, (this.holdingUrns.get(before) ?? 1) - 1);
    this.inState.set(id, urn);
    this.holdingUrns.set(urn, (this.holdingUrns.get(urn) ?? 0) + 1);
    this.heldIds.add(id);
  }

  /** The resource `urn` takes link `id` in this run (adoption, recovery, a new link). */
  take(id: string, urn: string | undefined): void {
    if (urn === undefined) return;
    this.taken.set(id, urn);
    this.heldIds.add(id);
  }

  /** The resource whose state holds link `id`, if it was diffed in this run. */
  stateHolder(id: string): string | undefined {
    return this.inState.get(id);
  }

  /** Whether `diff` ran for the resource `urn` in this run (then its state's link is known). */
  diffed(urn: string): boolean {
    return (this.holdingUrns.get(urn) ?? 0) > 0;
  }

  /** A create of `urn` took link `id` without knowing whether its saved state holds it. */
  unsure(id: string, urn: string): void {
    this.unsureTakes.set(id, urn);
  }

  isUnsure(id: string, urn: string): boolean {
    return this.unsureTakes.get(id) === urn;
  }

  /** Who holds or took link `id` in this run. */
  holder(id: string): string | undefined {
    return this.inState.get(id) ?? this.taken.get(id);
  }

  /** The links resources hold or took in this run: a live view, not a copy (it grows as the run goes). */
  held(): ReadonlySet<string> {
    return this.heldIds;
  }

  created(urn: string | undefined): void {
    if (urn !== undefined) this.creates.add(urn);
  }

  /**
   * Whether deleting link `id` of the resource `urn` is the first half of a replacement whose new
   * link does not exist yet (deleteBeforeReplace): the program declares the resource in this run (a
   * resource removed from the program, or destroyed, is never checked) and no create ran for it.
   */
  replacedBeforeCreate(urn: string | undefined): boolean {
    return urn !== undefined && this.declaredUrns.has(urn) && !this.creates.has(urn);
  }
}
