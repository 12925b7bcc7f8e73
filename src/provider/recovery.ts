// Runs inside the Pulumi provider host: how the provider finds the links it made when an answer was
// lost, a run was killed or a state file was lost. The API has no idempotency keys, so every link
// the provider creates carries its resource's mark in metadata (link-marker.ts), and before a
// create — and before every retry of a create whose answer never came — the provider looks for a
// live link with that exact mark that can be brought to the declaration in place.
import { isApiError } from "./api-client.ts";
import { createBody, decideChange } from "./link-diff.ts";
import type { LinkApi } from "./link-api.ts";
import { markOf, withMarker } from "./link-marker.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import { factsOf } from "./link-state.ts";
import type { Link, LinkBody } from "../link/link.ts";
import { isTerminal } from "./status-plan.ts";

/** How many times a create is attempted when its answers are lost (each after a search). */
const CREATE_ATTEMPTS = 3;

export class OwnLinks {
  /** Links carrying a mark, by instance, from the run's one listing. */
  private readonly marked = new Map<string, Promise<Map<string, Link[]>>>();

  constructor(
    private readonly api: LinkApi,
    private readonly pause: () => Promise<void> = async () => {},
  ) {}

  /**
   * A live, non-terminal link carrying this mark that can be brought to the declaration in
   * place. A link the declaration must replace (paid, other instance) is never taken: during a
   * replacement the old link carries the same mark.
   */
  async find(spec: LinkSpec, mark: string, options: { fresh?: boolean } = {}): Promise<Link | undefined> {
    const index = options.fresh ? await this.newestMarked(spec.payment_instance_id, spec.title) : await this.markedIndex(spec.payment_instance_id, spec.title);
    const candidates = (index.get(mark) ?? []).filter((link) => !isTerminal(link.status));
    for (const link of candidates) {
      const decision = decideChange(factsOf(link), spec);
      if (decision.action === "none" || decision.action === "update") return link;
    }
    return undefined;
  }

  /**
   * One `POST /links`, never blindly repeated: when no answer came back (or a 5xx, after which
   * the API may have applied it), look for the link by its mark before trying again.
   */
  async create(spec: LinkSpec, mark: string | undefined): Promise<Link> {
    const body: LinkBody = { ...createBody(spec), metadata: withMarker(spec.metadata, mark) };
    if (body.metadata === null) delete body.metadata;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.api.create(body, spec.title);
      } catch (error) {
        const ambiguous = isApiError(error) && (error.status === 0 || error.status >= 500);
        if (!ambiguous || !mark || attempt >= CREATE_ATTEMPTS) throw error;
        const made = await this.find(spec, mark, { fresh: true });
        if (made) return made;
        await this.pause();
      }
    }
  }

  /** The instance's links by mark, from the run's one shared listing (link-reader.ts). */
  private markedIndex(instance: string, title: string): Promise<Map<string, Link[]>> {
    let index = this.marked.get(instance);
    if (!index) {
      index = this.api
        .reader()
        .listing(instance, title)
        .then((links) => byMark(links.values()));
      this.marked.set(instance, index);
      // A failed listing must not stay cached.
      index.catch(() => this.marked.delete(instance));
    }
    return index;
  }

  /** After a create whose answer was lost: the newest page of the instance, read afresh, by mark. */
  private async newestMarked(instance: string, title: string): Promise<Map<string, Link[]>> {
    const page = await this.api.page(instance, 1, title, { operation: "look for an existing copy of payment link", newestFirst: true });
    return byMark(page.links);
  }
}

/** Links grouped by the mark they carry; unmarked links are left out. */
function byMark(links: Iterable<Link>): Map<string, Link[]> {
  const index = new Map<string, Link[]>();
  for (const link of links) {
    const mark = markOf(link);
    if (mark) index.set(mark, [...(index.get(mark) ?? []), link]);
  }
  return index;
}
