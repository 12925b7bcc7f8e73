// Runs inside the Pulumi provider host: the links endpoints of the MyTPE API as the provider uses
// them, over the process's one pool (api-transport.ts) and the one HTTP choke point
// (api-client.ts). Credentials and URLs are read at each call (provider-settings.ts): the
// environment may carry them, and nothing is kept that could reach state.
import { apiRequest, isApiError, type ApiConfig, type RequestOptions } from "./api-client.ts";
import { createTransport, type Transport } from "./api-transport.ts";
import { readInstance, readPage, type LinkPage } from "./link-pages.ts";
import { LinkReader } from "./link-reader.ts";
import type { Link, LinkBody } from "../link/link.ts";
import { maxConcurrency, resolveSettings, type ConfigReader, type ProviderSettings } from "./provider-settings.ts";
import type { StatusAction } from "./status-plan.ts";

type Api = ProviderSettings & ApiConfig;

export class LinkApi {
  private transport?: Promise<Transport>;
  /** The transport once created: its backoff spaces listings that failed (link-reader.ts). */
  private ready?: Transport;
  private linkReader?: LinkReader;

  constructor(
    private readonly config: ConfigReader | undefined,
    transport?: Transport,
  ) {
    if (transport) {
      this.transport = Promise.resolve(transport);
      this.ready = transport;
    }
  }

  /** Base of the public payment page: a link's URL is `${payUrl}/${slug}`. */
  async payUrl(): Promise<string> {
    return (await this.api()).payUrl;
  }

  /**
   * GET /links/{id}; undefined on 404, which means "gone" or "not these keys' link" alike: only the
   * reader (link-reader.ts `whenNotFound`) tells which.
   */
  async get(id: string, label: string, operation = "read payment link"): Promise<Link | undefined> {
    try {
      return (await this.call<{ data: Link }>({ operation, link: label }, "GET", `/links/${id}`)).data;
    } catch (error) {
      if (isApiError(error) && error.status === 404) return undefined;
      throw error;
    }
  }

  /** One page (100 links) of an instance's links, oldest first (link-pages.ts). */
  async page(instance: string, page: number, label: string): Promise<LinkPage> {
    return readPage(await this.api(), instance, page, label);
  }

  /**
   * POST /links: retried by the transport on 429 only (nothing was applied); any other failure is
   * ambiguous and retried by recovery.ts after a look for the link.
   */
  async create(body: LinkBody, label: string): Promise<Link> {
    return this.written((await this.call<{ data: Link }>({ operation: "create payment link", link: label }, "POST", "/links", body)).data);
  }

  /** PUT /links/{id}: a partial update. */
  async update(id: string, body: LinkBody, label: string): Promise<Link> {
    return this.written((await this.call<{ data: Link }>({ operation: "update payment link", link: label }, "PUT", `/links/${id}`, body)).data);
  }

  /** POST /links/{id}/{action}; archive answers with a message only, so its link is rebuilt. */
  async action(link: Link, action: StatusAction): Promise<Link> {
    const op = { operation: `${action} payment link`, link: link.title };
    if (action === "archive") {
      await this.call(op, "POST", `/links/${link.id}/archive`, undefined, { retryable: true });
      return this.written({ ...link, status: "archived" });
    }
    return this.written((await this.call<{ data: Link }>(op, "POST", `/links/${link.id}/${action}`, undefined, { retryable: true })).data);
  }

  /** How ambiguous failures are retried: the transport's own backoff and number of retries. */
  async retryPolicy(): Promise<Pick<Transport, "backoff" | "maxRetries">> {
    const { backoff, maxRetries } = await this.pool();
    return { backoff, maxRetries };
  }

  /** POST /links/{id}/archive for a link known by id only (delete). */
  async archive(id: string, label: string): Promise<void> {
    await this.call({ operation: "archive payment link", link: label }, "POST", `/links/${id}/archive`, undefined, { retryable: true });
    this.reader().rememberArchived(id);
  }

  /** The process's batching reader (link-reader.ts): many reads of one instance share one listing. */
  reader(): LinkReader {
    this.linkReader ??= new LinkReader(
      {
        get: (id, label) => this.get(id, label),
        page: (instance, page, label) => this.page(instance, page, label),
        instance: (instance, label) => this.instanceOnce(instance, label),
      },
      // A listing fails only after its requests went through the transport, so it exists by then.
      { backoff: (failures) => this.ready?.backoff(failures) ?? 0 },
    );
    return this.linkReader;
  }

  /** Instances these keys were seen to see in this process: checked once each. */
  private readonly visible = new Map<string, Promise<void>>();

  private instanceOnce(instance: string, label: string): Promise<void> {
    let check = this.visible.get(instance);
    if (!check) {
      check = this.api().then((api) => readInstance(api, instance, label));
      this.visible.set(instance, check);
      // A failure is not kept: the next listing asks again.
      check.catch(() => this.visible.delete(instance));
    }
    return check;
  }

  /** The listing of the run records what the provider's own writes left, not what it read before them. */
  private written(link: Link): Link {
    this.reader().remember(link);
    return link;
  }

  private pool(): Promise<Transport> {
    this.transport ??= createTransport({ concurrency: maxConcurrency(this.config, process.env) }).then((made) => (this.ready = made));
    return this.transport;
  }

  private async api(): Promise<Api> {
    const settings = resolveSettings(this.config, process.env);
    const { dispatcher, pacer } = await this.pool();
    return { ...settings, dispatcher, pacer };
  }

  private async call<T>(
    op: { operation: string; link?: string },
    method: "GET" | "POST" | "PUT",
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<T> {
    return apiRequest<T>(await this.api(), op, method, path, body, options);
  }
}
