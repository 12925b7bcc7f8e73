// Runs in the plugin process (pulumi-resource-mytpe): mytpe:index:PaymentLink served through
// `@pulumi/pulumi/provider`. A thin adapter: every method hands its request to the one
// PaymentLinkProvider the dynamic PaymentLink uses (src/provider/payment-link-provider.ts), after
// turning the plugin's request into what the dynamic host would hand it (plain values, the mark
// among the inputs, see plugin-values.ts), and its answer back. No rule of the provider is here.
import { createRequire } from "node:module";
import type { CheckResult, CreateResult, DiffResult, Provider, ReadResult, UpdateResult } from "@pulumi/pulumi/provider/index.js";
import type { Transport } from "../provider/api-transport.ts";
import type { NoteSink } from "../provider/engine-log.ts";
import type { PaymentLinkProvider } from "../provider/payment-link-provider.ts";
import type { Props } from "../provider/provider-inputs.ts";
import { configReader, stackConfig } from "./plugin-config.ts";
import { concealed, markFor, revealed, withMark, withoutStoredProvider } from "./plugin-values.ts";
import { isOwnerId } from "../provider/owner-mark.ts";
import { isUnknown } from "../provider/provider-inputs.ts";

/**
 * The dynamic entry (src/provider/v1.cts, as the package exports it): its `saidOnce` makes an
 * error said once by the engine, and loading it keeps the SDK's copy of it off stderr.
 */
const v1 = createRequire(import.meta.url)("mytpe-links/provider/v1") as { saidOnce(error: unknown, printedByHost: boolean): Error };

export interface PluginOptions {
  version: string;
  schema: string;
  /** Where the provider's notes go: the engine's log. */
  notes: NoteSink;
  env?: NodeJS.ProcessEnv;
  /** The HTTP transport (tests: a fast retry schedule); the provider's own by default. */
  transport?: Transport;
}

export class PaymentLinkPlugin implements Provider {
  readonly version: string;
  readonly schema: string;
  private own: Record<string, string> = {};
  /** The owner id of new links: the provider resource's id (see `configure`). */
  private ownerId: string | undefined;
  private ready: Promise<PaymentLinkProvider> | undefined;

  constructor(private readonly options: PluginOptions) {
    this.version = options.version;
    this.schema = options.schema;
  }

  /**
   * The provider resource's own values (`configure`); the provider is made on the first call after
   * it. `provider`: the provider resource itself, when the engine says it (Configure carries its
   * URN and id once the plugin asks for them in Handshake): its id — a random UUID the engine gives
   * the provider resource and records in state — is the owner id of the links this plugin makes
   * (provider/ownership.ts); unknown (a preview of a new provider) or not said, none.
   */
  configure(own: Record<string, string>, provider: { urn?: string | undefined; id?: string | undefined } = {}): void {
    this.own = own;
    this.ownerId = isOwnerId(provider.id) && !isUnknown(provider.id) ? provider.id : undefined;
    this.ready = undefined;
  }

  check(urn: string, olds: Props, news: Props): Promise<CheckResult> {
    const given = revealed(news);
    return this.delegate(async (provider) => {
      const result = await provider.check(revealed(olds).plain, withMark(given.plain, markFor(urn, olds), this.ownerId));
      return { inputs: concealed(result.inputs, given.secretKeys), failures: result.failures };
    });
  }

  diff(id: string, _urn: string, olds: Props, news: Props): Promise<DiffResult> {
    return this.delegate((provider) => provider.diff(id, withoutStoredProvider(revealed(olds).plain), revealed(news).plain));
  }

  create(_urn: string, inputs: Props): Promise<CreateResult> {
    const given = revealed(inputs);
    return this.delegate(async (provider) => {
      const { id, outs } = await provider.create(given.plain);
      return { id, outs: concealed(outs, given.secretKeys) };
    }, false);
  }

  read(id: string, urn: string, props?: Props): Promise<ReadResult> {
    const given = revealed(props);
    // `pulumi import` reads a link no state holds yet: it is read as this resource's (its URN, this
    // provider's owner id), and refused if another resource or state owns it.
    const state = Object.keys(given.plain).length > 0 ? given.plain : withMark({}, markFor(urn, {}), this.ownerId);
    return this.delegate(async (provider) => {
      const result = await provider.read(id, state);
      return {
        id: result.id,
        props: concealed(result.props, given.secretKeys),
        ...(result.inputs ? { inputs: concealed(result.inputs, given.secretKeys) } : {}),
      };
    });
  }

  update(id: string, _urn: string, olds: Props, news: Props): Promise<UpdateResult> {
    const given = revealed(news);
    return this.delegate(async (provider) => {
      const { outs } = await provider.update(id, withoutStoredProvider(revealed(olds).plain), given.plain);
      return { outs: concealed(outs, given.secretKeys) };
    }, false);
  }

  delete(id: string, _urn: string, props: Props): Promise<void> {
    return this.delegate((provider) => provider.delete(id, revealed(props).plain));
  }

  /** Runs a provider method; its error is said once, as the dynamic host's are (v1.cts). */
  private async delegate<T>(run: (provider: PaymentLinkProvider) => Promise<T>, printedByHost = true): Promise<T> {
    try {
      return await run(await this.provider());
    } catch (error) {
      throw v1.saidOnce(error, printedByHost);
    }
  }

  private provider(): Promise<PaymentLinkProvider> {
    this.ready ??= import("../provider/payment-link-provider.ts").then(({ PaymentLinkProvider }) => {
      const config = configReader(this.own, stackConfig(this.options.env ?? process.env));
      return new PaymentLinkProvider(config, {
        notes: this.options.notes,
        ...(this.options.transport ? { transport: this.options.transport } : {}),
      });
    });
    return this.ready;
  }
}
