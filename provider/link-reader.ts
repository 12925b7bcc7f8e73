// Runs inside the Pulumi provider host: reads live links for many resources at once. The engine
// asks for each link separately (a refresh of 1,000 links is 1,000 `read` calls arriving
// together); when several arrive within a few milliseconds, one listing of their instance,
// 100 links a page, answers them all. A lone read stays a single GET.
import type { Link } from "./link.ts";

export interface LinkSource {
  /** GET /links/{id}; undefined on 404. `label` names the link in errors. */
  get(id: string, label: string): Promise<Link | undefined>;
  /** One page of GET /links?payment_instance_id=…&per_page=100&page=…, with the paginator's last page. */
  page(instance: string, page: number): Promise<{ links: Link[]; lastPage: number }>;
}

interface Waiting {
  id: string;
  label: string;
  resolve(link: Link | undefined): void;
  reject(error: unknown): void;
}

export class LinkReader {
  private readonly waiting = new Map<string, Waiting[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: LinkSource,
    private readonly options: { windowMs?: number; minBatch?: number } = {},
  ) {}

  /** The live link, or undefined when it does not exist. `instance` lets reads share a listing. */
  read(id: string, instance: string | undefined, options: { label?: string; needsPayers?: boolean } = {}): Promise<Link | undefined> {
    const label = options.label ?? id;
    // The list omits allowed_payers: a whitelist link is read on its own.
    if (!instance || options.needsPayers) return this.source.get(id, label);
    return new Promise((resolve, reject) => {
      this.waiting.set(instance, [...(this.waiting.get(instance) ?? []), { id, label, resolve, reject }]);
      this.timer ??= setTimeout(() => this.flush(), this.options.windowMs ?? 15);
    });
  }

  private flush(): void {
    this.timer = undefined;
    const batches = [...this.waiting.entries()];
    this.waiting.clear();
    for (const [instance, waiting] of batches) {
      if (waiting.length < (this.options.minBatch ?? 3)) {
        for (const one of waiting) this.source.get(one.id, one.label).then(one.resolve, one.reject);
      } else {
        void this.answerFromListing(instance, waiting);
      }
    }
  }

  private async answerFromListing(instance: string, waiting: Waiting[]): Promise<void> {
    const pending = new Map<string, Waiting[]>();
    for (const one of waiting) pending.set(one.id, [...(pending.get(one.id) ?? []), one]);
    const answer = (link: Link) => {
      for (const one of pending.get(link.id) ?? []) one.resolve(link);
      pending.delete(link.id);
    };
    try {
      const first = await this.source.page(instance, 1);
      first.links.forEach(answer);
      const rest = Array.from({ length: Math.max(0, first.lastPage - 1) }, (_, i) => i + 2);
      // Stop paging once every waiting read is answered.
      for (let i = 0; i < rest.length && pending.size > 0; i += 4) {
        const pages = await Promise.all(rest.slice(i, i + 4).map((page) => this.source.page(instance, page)));
        for (const page of pages) page.links.forEach(answer);
      }
    } catch (error) {
      for (const list of pending.values()) for (const one of list) one.reject(error);
      return;
    }
    // Not listed (created meanwhile, or gone): ask for each, so a 404 is a real 404.
    for (const list of pending.values()) {
      for (const one of list) this.source.get(one.id, one.label).then(one.resolve, one.reject);
    }
  }
}
