// Runs inside the Pulumi provider host: reads live links for many resources at once. The engine
// asks for each link separately (a refresh of 1,000 links is 1,000 `read` calls, a few at a
// time); once several reads of one instance have come in, the instance's links are listed once,
// proven complete (link-pages.ts), and that listing answers every later read of the run. A lone
// read stays a GET. The provider's own writes are recorded in the listing (`remember`), so it
// never answers with a link as it was before them.
//
// "Gone" is proven, never assumed: the API answers 404 for another trader's link as for a missing
// one, so a 404 alone says nothing. A link is gone only when a complete listing of its payment
// instance does not hold it, and a listing counts only once the instance itself was read with the
// same keys (`source.instance`, which fails naming the keys and the API when it is 404).
import type { Link } from "../link/link.ts";
import { EVERY_INSTANCE, readEveryPage, type LinkPage } from "./link-pages.ts";

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
  /** One listing per instance for the life of the process (one Pulumi command). */
  private readonly listings = new Map<string, Promise<Map<string, Link>>>();
  /** Instances whose cached listing was read for a create (see `listingForCreates`). */
  private readonly readForCreates = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: LinkSource,
    private readonly options: { windowMs?: number; minBatch?: number } = {},
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
      const listing = this.listings.get(instance);
      if (listing) {
        this.answerFrom(listing, [one]);
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
      const listing = this.listings.get(instance);
      if (listing) this.answerFrom(listing, waiting);
      else if (waiting.length < (this.options.minBatch ?? 3)) {
        for (const one of waiting) this.get(one.id, instance, one.label).then(one.resolve, one.reject);
      } else {
        this.answerFrom(this.listing(instance, waiting[0]?.label ?? instance), waiting);
      }
    }
  }

  /** Every link of the instance, listed once for the run and shared by the reads above. */
  listing(instance: string, label: string): Promise<Map<string, Link>> {
    return this.listings.get(instance) ?? this.relist(instance, label);
  }

  /**
   * The listing the search for the provider's own links (recovery.ts) relies on before a create:
   * a listing read earlier in the run for reads is read once more, so that a mark missing from it
   * is confirmed by a second read before any link is created. Later creates share that one.
   */
  listingForCreates(instance: string, label: string): Promise<Map<string, Link>> {
    if (this.readForCreates.has(instance) && this.listings.has(instance)) return this.listing(instance, label);
    this.readForCreates.add(instance);
    return this.relist(instance, label);
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
   * It becomes the run's listing.
   */
  freshListing(instance: string, label: string): Promise<Map<string, Link>> {
    return this.relist(instance, label);
  }

  /** Records a link as the provider's own write left it, in the listing of its instance if there is one. */
  remember(link: Link): void {
    // Once the listing is read: reactions run in order, so every read asked after the write sees
    // it, and a listing still being read cannot answer with the link as it was before the write.
    void this.listings.get(link.payment_instance_id)?.then(
      (byId) => void byId.set(link.id, link),
      () => {},
    );
  }

  /** Records that the provider archived the link `id` (the archive answers with no link). */
  rememberArchived(id: string): void {
    for (const listing of this.listings.values()) {
      void listing.then(
        (byId) => {
          const link = byId.get(id);
          if (link) byId.set(id, { ...link, status: "archived" });
        },
        () => {},
      );
    }
  }

  private relist(instance: string, label: string): Promise<Map<string, Link>> {
    const listing = this.list(instance, label);
    this.listings.set(instance, listing);
    // A failed listing must not answer later reads.
    listing.catch(() => {
      if (this.listings.get(instance) === listing) {
        this.listings.delete(instance);
        this.readForCreates.delete(instance);
      }
    });
    return listing;
  }

  /** Every link of the instance, once these keys are known to see it, the listing proven complete. */
  private async list(instance: string, label: string): Promise<Map<string, Link>> {
    const visible = instance === EVERY_INSTANCE ? undefined : this.source.instance(instance, label);
    // Read alongside the pages, and awaited before the listing answers anything.
    visible?.catch(() => {});
    const byId = await readEveryPage((page) => this.source.page(instance, page, label), instance === EVERY_INSTANCE ? "the trader's links" : `payment instance ${instance}`);
    await visible;
    return byId;
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
