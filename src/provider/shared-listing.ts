// Runs inside the Pulumi provider host (and the `links` command): the listings of one payment
// instance, one in flight at a time and shared by every caller — the reads of a refresh, the
// creates of an `up` looking for their own links, and the creates retrying after an outage, which
// would otherwise each list the whole instance before every retry (#30: 20 creates failing with
// 503 could start 120 listings while the API was failing).
// - `current`: the run's listing, the latest one started (in flight or read), else a new one.
// - `fresh`: a listing that starts after the call — the next one already scheduled, joined, or a
//   new one, started no sooner than the delay asked, after the one in flight. Whoever fails meanwhile
//   joins it, and may push its start back to their own delay (within MAX_GATHER_MS of the first
//   asking): one listing a round of retries, whatever the number of creates.
// - a failed listing fails every caller waiting for it, once; the next starts only after a backoff
//   that grows with the failures in a row, whoever asks for it.
import { setTimeout as sleep } from "node:timers/promises";
import type { Listing } from "./link-listing.ts";

/** How long a scheduled listing may be pushed back by callers joining it. */
export const MAX_GATHER_MS = 5_000;

export class SharedListing {
  /** The latest listing started that has not failed: in flight, or read. */
  private latest: Promise<Listing> | undefined;
  private inFlight: Promise<Listing> | undefined;
  /** The listing scheduled to start next: every `fresh` caller until it starts joins it. */
  private next: { listing: Promise<Listing>; startAt: number; latest: number } | undefined;
  private failures = 0;
  private notBefore = 0;

  constructor(
    private readonly list: () => Promise<Listing>,
    /** The wait after the `failures`th failure in a row (the transport's backoff). */
    private readonly backoff: (failures: number) => number,
  ) {}

  /** Whether a listing was started and has not failed. */
  has(): boolean {
    return this.latest !== undefined;
  }

  /** The run's listing: the latest started (in flight or read), else one started now. */
  current(): Promise<Listing> {
    return this.latest ?? this.fresh(0);
  }

  /** A listing started after this call, no sooner than `delayMs` from now unless one is already scheduled. */
  fresh(delayMs: number): Promise<Listing> {
    const at = Date.now() + delayMs;
    if (this.next) {
      this.next.startAt = Math.min(this.next.latest, Math.max(this.next.startAt, at));
      return this.next.listing;
    }
    const next = { startAt: at, latest: at + MAX_GATHER_MS, listing: Promise.resolve(undefined as unknown as Listing) };
    this.next = next;
    next.listing = this.start(next);
    return next.listing;
  }

  /** Runs `record` on every listing readers may be answered from (the latest, the one in flight), once it is read. */
  each(record: (listing: Listing) => void): void {
    for (const listing of new Set([this.latest, this.inFlight])) void listing?.then(record, () => {});
  }

  private async start(next: { startAt: number }): Promise<Listing> {
    // Not before the time asked (pushed back by callers joining), nor while another listing is in
    // flight, nor before the backoff of a failure.
    for (let wait = next.startAt - Date.now(); ; wait = Math.max(next.startAt, this.notBefore) - Date.now()) {
      await sleep(Math.max(0, wait));
      if (this.inFlight !== undefined) await this.inFlight.catch(() => {});
      else if (Math.max(next.startAt, this.notBefore) <= Date.now()) break;
    }
    this.next = undefined;
    const listing = this.list();
    this.inFlight = listing;
    this.latest = listing;
    try {
      const read = await listing;
      this.failures = 0;
      return read;
    } catch (error) {
      // Synchronously, so that no caller sees this listing in flight once it has failed.
      this.failures++;
      this.notBefore = Date.now() + this.backoff(this.failures);
      if (this.latest === listing) this.latest = undefined;
      throw error;
    } finally {
      if (this.inFlight === listing) this.inFlight = undefined;
    }
  }
}
