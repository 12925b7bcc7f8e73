// Runs inside the Pulumi provider host: how the provider finds the links it made when an answer was
// lost, a run was killed or a state file was lost. The API has no idempotency keys, so every link
// the provider creates carries its resource's mark in metadata (link-marker.ts), and before a
// create — and before every retry of a create whose answer never came — the provider looks for a
// live link carrying its mark that can be brought to the declaration in place; which one it may
// take (never the link being replaced, nor one another resource holds) is ownership.ts's answer.
import { isApiError, type ApiError } from "./api-client.ts";
import { createBody, decideChange } from "./link-diff.ts";
import type { LinkApi } from "./link-api.ts";
import { withMarker } from "./link-marker.ts";
import { formatMark, nextGeneration, recoverable } from "./ownership.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import { factsOf } from "./link-state.ts";
import type { Link, LinkBody } from "../link/link.ts";

export class OwnLinks {
  constructor(private readonly api: LinkApi) {}

  /**
   * A live link of this resource (`urn`) that a create may take instead of making one: see
   * ownership.ts `recoverable`. `held`: the links resources hold in this run — during a
   * replacement the old link carries the same mark and is held. `fresh`: from a complete listing
   * started after this call, no sooner than that many milliseconds from now (after a create whose
   * answer was lost), not from the run's listing.
   */
  async find(spec: LinkSpec, urn: string, held: ReadonlySet<string>, options: { fresh?: number } = {}): Promise<Link | undefined> {
    const links = await this.candidates(spec, urn, options.fresh);
    return recoverable(links, urn, held, (link) => {
      const decision = decideChange(factsOf(link), spec);
      return decision.action === "none" || decision.action === "update";
    });
  }

  /** The generation a new link of `urn` gets (ownership.ts): one past every link it has had. */
  async nextGeneration(spec: LinkSpec, urn: string): Promise<number> {
    return nextGeneration(await this.candidates(spec, urn, undefined), urn);
  }

  /** The links of a complete listing whose mark may name `urn` (link-listing.ts): ownership.ts reads each mark. */
  private async candidates(spec: LinkSpec, urn: string, fresh: number | undefined): Promise<Iterable<Link>> {
    const reader = this.api.reader();
    // A complete listing, never one page: ties in created_at may put the link on any page (link-pages.ts).
    const instance = spec.payment_instance_id;
    return (await (fresh === undefined ? reader.listingForCreates(instance, spec.title) : reader.freshListing(instance, spec.title, fresh))).markedBy(urn);
  }

  /**
   * `POST /links`, never blindly repeated. A 429 is retried by the transport (nothing was
   * applied). Any other failure without an answer that says the request was refused (a 5xx, a
   * dropped connection, a lost answer, a timeout) may have created the link: after the same
   * backoff as every other call, the newest links are searched for its mark, and only when it is
   * not there is the create sent again — as many times as any other call is retried.
   */
  async create(spec: LinkSpec, urn: string | undefined, held: ReadonlySet<string>): Promise<Link> {
    const mark = urn === undefined ? undefined : formatMark(urn, await this.nextGeneration(spec, urn));
    const body: LinkBody = { ...createBody(spec), metadata: withMarker(spec.metadata, mark) };
    if (body.metadata === null) delete body.metadata;
    const { backoff, maxRetries } = await this.api.retryPolicy();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.api.create(body, spec.title);
      } catch (error) {
        if (!isAmbiguous(error) || !urn || attempt > maxRetries) throw error;
        // After the backoff, in the one listing every create of the instance failing meanwhile shares.
        const made = await this.find(spec, urn, held, { fresh: backoff(attempt) });
        if (made) return made;
      }
    }
  }
}

/** A failure after which the create may or may not have been applied. */
function isAmbiguous(error: unknown): error is ApiError {
  return isApiError(error) && (error.status === 0 || error.status >= 500);
}
