// Runs inside the Pulumi provider host: how a create deals with links that already carry its
// resource's name — its own, left by a lost answer or a killed run, taken instead of making a
// second; another state's, refused — and how a create whose answer never came is retried. The API
// has no idempotency keys, so every link the provider creates carries its resource's mark in
// metadata (link-marker.ts), naming the resource, the generation and the state's owner id; what a
// create may take is ownership.ts's answer (`createChoice`). A create reads only the links of the
// listing whose marks may name its resource (link-listing.ts `markedBy`).
import { isApiError, type ApiError } from "./api-client.ts";
import { createBody, decideChange } from "./link-diff.ts";
import type { LinkApi } from "./link-api.ts";
import { markOf, withMarker } from "./link-marker.ts";
import { formatMark } from "./owner-mark.ts";
import { createChoice, nextGeneration, type CreateChoice, type Self } from "./ownership.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import { factsOf } from "./link-state.ts";
import type { Link, LinkBody } from "../link/link.ts";

/** What `createChoice` needs besides the links: see ownership.ts `CreateContext`. */
export interface ChoiceContext {
  held: ReadonlySet<string>;
  saved: ReadonlySet<string> | undefined;
  takeFrom: string | undefined;
  label: string;
}

export class OwnLinks {
  constructor(private readonly api: LinkApi) {}

  /**
   * What a create of `self` does about the live links of its payment instance that carry its name.
   * `fresh`: from a listing read for creates (once per run, before the first), not the run's.
   */
  async choose(spec: LinkSpec, self: Self, context: ChoiceContext, options: { fresh?: boolean } = {}): Promise<CreateChoice> {
    const reader = this.api.reader();
    const instance = spec.payment_instance_id;
    // A complete listing, never one page: ties in created_at may put the link on any page (link-pages.ts).
    const listing = await (options.fresh ? reader.listingForCreates(instance, spec.title) : reader.listing(instance, spec.title));
    return createChoice(listing.markedBy(self.urn), self, {
      ...context,
      fits: (link) => {
        const decision = decideChange(factsOf(link), spec);
        return decision.action === "none" || decision.action === "update";
      },
    });
  }

  /**
   * `POST /links`, never blindly repeated. A 429 is retried by the transport (nothing was
   * applied). Any other failure without an answer that says the request was refused (a 5xx, a
   * dropped connection, a lost answer, a timeout) may have created the link: after the same
   * backoff as every other call, a complete listing — the one every create failing meanwhile shares
   * — is searched for the very mark this create sent (made by this process: provably its own), and
   * only when it is not there is the create sent again, as many times as any other call is retried.
   */
  async create(spec: LinkSpec, self: Self | undefined, held: ReadonlySet<string>): Promise<Link> {
    const reader = this.api.reader();
    const instance = spec.payment_instance_id;
    let mark: string | undefined;
    if (self !== undefined) {
      const links = (await reader.listingForCreates(instance, spec.title)).markedBy(self.urn);
      mark = formatMark({ urn: self.urn, generation: nextGeneration(links, self.urn), replaced: false, owner: self.owner });
    }
    const body: LinkBody = { ...createBody(spec), metadata: withMarker(spec.metadata, mark) };
    if (body.metadata === null) delete body.metadata;
    const { backoff, maxRetries } = await this.api.retryPolicy();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.api.create(body, spec.title);
      } catch (error) {
        if (!isAmbiguous(error) || mark === undefined || self === undefined || attempt > maxRetries) throw error;
        const listing = await reader.freshListing(instance, spec.title, backoff(attempt));
        const made = listing.markedBy(self.urn).find((link) => markOf(link) === mark && !held.has(link.id));
        if (made) return made;
      }
    }
  }
}

/** A failure after which the create may or may not have been applied. */
function isAmbiguous(error: unknown): error is ApiError {
  return isApiError(error) && (error.status === 0 || error.status >= 500);
}
