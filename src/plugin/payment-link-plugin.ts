// Runs in the plugin process (pulumi-resource-mytpe): mytpe:index:PaymentLink, as the plugin's
// gRPC service (provider-service.ts) calls it. A thin adapter: every method hands its request to the
// one PaymentLinkProvider the dynamic PaymentLink uses (src/provider/payment-link-provider.ts), after
// turning the plugin's request into what the dynamic host would hand it (plain values in wire
// names, the mark among the inputs: plugin-values.ts, plugin-names.ts), and its answer back into
// the plugin's names. No rule of the provider is here.
import type { CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult } from "@pulumi/pulumi/provider/index.js";
import type { Transport } from "../provider/api-transport.ts";
import type { NoteSink } from "../provider/engine-log.ts";
import type { PaymentLinkProvider } from "../provider/payment-link-provider.ts";
import type { Props } from "../provider/provider-inputs.ts";
import { configReader, stackConfig } from "./plugin-config.ts";
import { inPluginWords, pluginName, pluginProps, wireProps } from "./plugin-names.ts";
import { concealed, markFor, revealed, withMark, withoutStoredProvider } from "./plugin-values.ts";
import { isOwnerId } from "../provider/owner-mark.ts";
import { isUnknown } from "../provider/provider-inputs.ts";

export interface PluginOptions {
  version: string;
  schema: string;
  /** Where the provider's notes go: the engine's log. */
  notes: NoteSink;
  env?: NodeJS.ProcessEnv;
  /** The HTTP transport (tests: a fast retry schedule); the provider's own by default. */
  transport?: Transport;
}

/** Which provider resource the engine configured this process for (Configure, after Handshake's `configure_with_urn`). */
export interface ProviderIdentity {
  urn?: string | undefined;
  id?: string | undefined;
}

export class PaymentLinkPlugin {
  readonly version: string;
  readonly schema: string;
  /** The URN of the provider resource this process serves (`urn:…::pulumi:providers:mytpe::default`), once configured. */
  providerUrn: string | undefined;
  /** The ID of that provider resource, once configured (unknown during a preview of a new one). */
  providerId: string | undefined;
  private own: Record<string, string> = {};
  /** The owner id of new links: the provider resource's id (see `configure`). */
  private ownerId: string | undefined;
  private ready: Promise<PaymentLinkProvider> | undefined;

  constructor(private readonly options: PluginOptions) {
    this.version = options.version;
    this.schema = options.schema;
  }

  /**
   * The provider resource's own values and identity (`configure`); the provider is made on the first
   * call after it. The provider resource's id — a random UUID the engine gives it and records in
   * state — is the owner id of the links this plugin makes (provider/ownership.ts); unknown (a
   * preview of a new provider) or not said, none.
   */
  configure(own: Record<string, string>, identity: ProviderIdentity = {}): void {
    this.own = own;
    this.providerUrn = identity.urn;
    this.providerId = identity.id;
    this.ownerId = isOwnerId(identity.id) && !isUnknown(identity.id) ? identity.id : undefined;
    this.ready = undefined;
  }

  check(urn: string, olds: Props, news: Props): Promise<CheckResult> {
    const given = revealed(news);
    return this.delegate(async (provider) => {
      const result = await provider.check(wireProps(revealed(olds).plain), withMark(wireProps(given.plain), markFor(urn, olds), this.ownerId));
      return {
        inputs: concealed(pluginProps(result.inputs), given.secretKeys),
        failures: result.failures.map(({ property, reason }) => ({ property: propertyPath(property), reason: inPluginWords(reason) })),
      };
    });
  }

  async diff(id: string, _urn: string, olds: Props, news: Props): Promise<DiffResult> {
    const result = await this.delegate((provider) =>
      provider.diff(id, wireProps(withoutStoredProvider(revealed(olds).plain)), wireProps(revealed(news).plain)),
    );
    return result.replaces ? { ...result, replaces: result.replaces.map(pluginName) } : result;
  }

  create(_urn: string, inputs: Props): Promise<CreateResult> {
    const given = revealed(inputs);
    return this.delegate(async (provider) => {
      const { id, outs } = await provider.create(wireProps(given.plain));
      return { id, outs: concealed(pluginProps(outs), given.secretKeys) };
    }, given.secretKeys);
  }

  /** `props` is absent when the engine imports a link (`pulumi import`): the provider is handed the resource's identity only. */
  read(id: string, urn: string, props: Props | undefined): Promise<ReadResult> {
    const given = revealed(props);
    // `pulumi import` reads a link no state holds yet: it is read as this resource's (its URN, this
    // provider's owner id), and refused if another resource or state owns it.
    const state = Object.keys(given.plain).length > 0 ? given.plain : withMark({}, markFor(urn, {}), this.ownerId);
    return this.delegate(async (provider) => {
      const result = await provider.read(id, wireProps(state));
      return {
        id: result.id,
        props: concealed(pluginProps(result.props), given.secretKeys),
        ...(result.inputs ? { inputs: concealed(pluginProps(result.inputs), given.secretKeys) } : {}),
      };
    });
  }

  update(id: string, _urn: string, olds: Props, news: Props): Promise<UpdateResult> {
    const given = revealed(news);
    return this.delegate(async (provider) => {
      const { outs } = await provider.update(id, wireProps(withoutStoredProvider(revealed(olds).plain)), wireProps(given.plain));
      return { outs: concealed(pluginProps(outs), given.secretKeys) };
    });
  }

  delete(id: string, _urn: string, props: Props): Promise<void> {
    return this.delegate((provider) => provider.delete(id, wireProps(revealed(props).plain)));
  }

  /**
   * Runs a provider method; its error is said in the plugin's names. A create that made the link
   * but failed after it carries the link's id and state (the engine keeps it), named the same way.
   */
  private async delegate<T>(run: (provider: PaymentLinkProvider) => Promise<T>, secretKeys: ReadonlySet<string> = new Set()): Promise<T> {
    try {
      return await run(await this.provider());
    } catch (error) {
      const { message, id, properties, reasons } = error as Error & { id?: unknown; properties?: Props; reasons?: string[] };
      const said = new Error(inPluginWords(error instanceof Error ? message : String(error)));
      if (typeof id !== "string") throw said;
      throw Object.assign(said, {
        id,
        properties: concealed(pluginProps(properties ?? {}), secretKeys),
        reasons: (reasons ?? []).map(inPluginWords),
      });
    }
  }

  private provider(): Promise<PaymentLinkProvider> {
    this.ready ??= import("../provider/payment-link-provider.ts").then(({ PaymentLinkProvider }) => {
      const config = configReader(this.own, stackConfig(this.options.env ?? process.env));
      const notes: NoteSink = (note) => this.options.notes({ ...note, message: inPluginWords(note.message) });
      return new PaymentLinkProvider(config, {
        notes,
        ...(this.options.transport ? { transport: this.options.transport } : {}),
      });
    });
    return this.ready;
  }
}

/** A check failure's property path (`allowed_payers.2`) in the plugin's names (`allowedPayers.2`). */
function propertyPath(path: string): string {
  const [first = "", ...rest] = path.split(".");
  return [pluginName(first), ...rest].join(".");
}
