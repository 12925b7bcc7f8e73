// Runs inside the Pulumi provider host: reads live links for many resources at once. The engine
// asks for each link separately (a refresh of 1,000 links is 1,000 `read` calls, a few at a
// time); once several reads of one instance have come in, the instance's links are listed once,
// proven complete (link-pages.ts), and that listing answers every later read of the run. A lone
// read stays a GET. The provider's own writes are recorded in the listing (`remember`), so it
// never answers with a link as it was before them. Every listing of an instance — for reads, for
// the creates looking for their own links, after a lost answer — is one in flight at a time,
// shared by whoever needs it (shared-listing.ts).
//
// "Gone" is proven, never assumed: the API answers 404 for another trader's link as for a missing
// one, so a 404 alone says nothing. A link is gone only when a complete listing of its payment
// instance does not hold it, and a listing counts only once the instance itself was read with the
// same keys (`source.instance`, which fails naming the keys and the API when it is 404).
import type { Link } from "../link/link.ts";
import { EVERY_INSTANCE, readEveryPage, type LinkPage } from "./link-pages.ts";
import { Listing } from "./link-listing.ts";
import { SharedListing } from "./shared-listing.ts";

export interface LinkSource {
  /** GET /links/{id}; undefined on 404 (gone, or not these keys' link). `label` names the link in errors. */
  get(id: string, label: string): Promise<Link | undefined>;
  /**
   * One page of GET /links?payment_instance_id=…&per_page=100&page=… (link-pages.ts `pageQuery`).
   * `label` names the link the listing was first needed for, in errors.
   */
  page(instance: string, page: number, label: string): Promise<LinkPage>;
  /**
   * GET /instances/{id}: resolves when these keys see the instance; rejects otherwise, with an
   * error that names the keys (never the secret) and the API, since its listing would prove nothing.
   */
  instance(instance: string, label: string): Promise<void>;
}

interface Waiting {
  id: string;
  label: string;
  resolve(link: Link | undefined): void;
  reject(error: unknown): void;
}

export class LinkReader {
  private readonly waiting = new Map<string, Waiting[]>();
  /** The listings of each instance, for the life of the process (one Pulumi command). */
  private readonly listings = new Map<string, SharedListing>();
  /** Instances whose cached listing was read for a create (see `listingForCreates`). */
  private readonly readForCreates = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: LinkSource,
    private readonly options: {
      windowMs?: number;
      minBatch?: number;
      /** The wait before listing again after the `failures`th failed listing in a row: the transport's backoff in the provider; none by default (a command that stops at the first failure). */
      backoff?: (failures: number) => number;
    } = {},
  ) {}

  /**
   * The live link, or undefined when it is proven gone (see the header): a link whose instance is
   * unknown cannot be proven gone, and reading it as gone is an error.
   */
  read(id: string, instance: string | undefined, options: { label?: string; needsPayers?: boolean } = {}): Promise<Link | undefined> {
    const label = options.label ?? id;
    // The list omits allowed_payers: a whitelist link is read on its own.
    if (!instance || options.needsPayers) return this.get(id, instance, label);
    return new Promise((resolve, reject) => {
      const one = { id, label, resolve, reject };
      if (this.listings.get(instance)?.has()) {
        this.answerFrom(this.listing(instance, label), [one]);
        return;
      }
      this.waiting.set(instance, [...(this.waiting.get(instance) ?? []), one]);
      this.timer ??= setTimeout(() => this.flush(), this.options.windowMs ?? 15);
    });
  }

  private flush(): void {
    this.timer = undefined;
    const batches = [...this.waiting.entries()];
    this.waiting.clear();
    for (const [instance, waiting] of batches) {
      if (this.listings.get(instance)?.has()) this.answerFrom(this.listing(instance, instance), waiting);
      else if (waiting.length < (this.options.minBatch ?? 3)) {
        for (const one of waiting) this.get(one.id, instance, one.label).then(one.resolve, one.reject);
      } else {
        this.answerFrom(this.listing(instance, waiting[0]?.label ?? instance), waiting);
      }
    }
  }

  /** Every link of the instance, listed once for the run and shared by the reads above. */
  listing(instance: string, label: string): Promise<Listing> {
    return this.shared(instance, label).current();
  }

  /**
   * The run's listing of the instance if one was started and has not failed, without starting one:
   * what a lone read (`refresh --target`) may consult for free, where listing the whole instance
   * for one link would cost more than its GET.
   */
  listingIfAny(instance: string): Promise<Listing> | undefined {
    return this.listings.get(instance)?.has() ? this.listing(instance, instance) : undefined;
  }

  /**
   * The listing the search for the provider's own links (recovery.ts) relies on before a create:
   * a listing read earlier in the run for reads is read once more, so that a mark missing from it
   * is confirmed by a second read before any link is created. Later creates share that one.
   */
  listingForCreates(instance: string, label: string): Promise<Listing> {
    const shared = this.shared(instance, label);
    if (this.readForCreates.has(instance) && shared.has()) return shared.current();
    this.readForCreates.add(instance);
    return shared.fresh(0);
  }

  /**
   * What a 404 for the link `id` means: the link as its instance's listing holds it (the 404 was
   * not about it being gone), or undefined when the listing, proven complete and read with keys
   * that see the instance, does not hold it. Rejects when that cannot be proven.
   */
  async whenNotFound(id: string, instance: string | undefined, label: string): Promise<Link | undefined> {
    if (!instance) {
      throw new Error(
        `${label}: the MyTPE API answers 404 for link ${id}, and its state names no payment instance whose listing could ` +
          "prove it gone (the API answers 404 for another trader's link too); nothing was changed: run `pulumi refresh` " +
          "with the keys of the trader that owns it",
      );
    }
    return (await this.listing(instance, label)).get(id);
  }

  /** GET, and a 404 checked against the instance's listing. */
  private async get(id: string, instance: string | undefined, label: string): Promise<Link | undefined> {
    return (await this.source.get(id, label)) ?? this.whenNotFound(id, instance, label);
  }

  /**
   * A complete listing read now, not the run's: after a create whose answer was lost, the link it
   * may have made is in it wherever ties of `created_at` put it (a first page of the newest links
   * is not enough: more than 100 links created in the same second may hide it on the second).
   * It becomes the run's listing. It starts no sooner than `delayMs` from now (a retry's backoff),
   * unless a listing is already scheduled to start, which every create failing meanwhile joins.
   */
  freshListing(instance: string, label: string, delayMs = 0): Promise<Listing> {
    return this.shared(instance, label).fresh(delayMs);
  }

  /** Records a link as the provider's own write left it, in the listings of its instance. */
  remember(link: Link): void {
    // Once the listing is read: reactions run in order, so every read asked after the write sees
    // it, and a listing still being read cannot answer with the link as it was before the write.
    this.listings.get(link.payment_instance_id)?.each((byId) => void byId.set(link.id, link));
  }

  /** Records that the provider archived the link `id` (the archive answers with no link). */
  rememberArchived(id: string): void {
    for (const shared of this.listings.values()) {
      shared.each((byId) => {
        const link = byId.get(id);
        if (link) byId.set(id, { ...link, status: "archived" });
      });
    }
  }

  /** The listings of the instance; the first caller's `label` names the link in their errors. */
  private shared(instance: string, label: string): SharedListing {
    let shared = this.listings.get(instance);
    if (!shared) {
      shared = new SharedListing(() => this.list(instance, label), this.options.backoff ?? (() => 0));
      this.listings.set(instance, shared);
    }
    return shared;
  }

  /** Every link of the instance, once these keys are known to see it, the listing proven complete. */
  private async list(instance: string, label: string): Promise<Listing> {
    const visible = instance === EVERY_INSTANCE ? undefined : this.source.instance(instance, label);
    // Read alongside the pages, and awaited before the listing answers anything.
    visible?.catch(() => {});
    const byId = await readEveryPage(
      (page) => this.source.page(instance, page, label),
      instance === EVERY_INSTANCE ? "the trader's links" : `payment instance ${instance}`,
    );
    await visible;
    return Listing.of(byId.values());
  }

  private answerFrom(listing: Promise<Map<string, Link>>, waiting: Waiting[]): void {
    listing.then(
      (byId) => {
        for (const one of waiting) {
          const link = byId.get(one.id);
          // Not listed (created since, or gone): ask for it; a 404 then is proven by this listing.
          if (link) one.resolve(link);
          else this.source.get(one.id, one.label).then((found) => one.resolve(found ?? byId.get(one.id)), one.reject);
        }
      },
      (error: unknown) => {
        for (const one of waiting) one.reject(error);
      },
    );
  }
}
