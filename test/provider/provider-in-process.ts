// The PaymentLink provider in this process against a sandbox, as a new Pulumi command starts it,
// for the provider's tests (not a test file itself).
import { afterEach, beforeEach, expect } from "vitest";
import { PaymentLinkPlugin } from "../../src/plugin/payment-link-plugin.ts";
import { inPluginWords, wireName, wireProps } from "../../src/plugin/plugin-names.ts";
import type { Props } from "../../src/provider/provider-inputs.ts";
import { createTransport } from "../../src/provider/api-transport.ts";
import { PaymentLinkProvider } from "../../src/provider/payment-link-provider.ts";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import { startSandbox, type Sandbox } from "../../src/sandbox/server.ts";

/** The URN of the resource under test, which its link's mark names. */
export const MARK = "urn:pulumi:test::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";

/** The owner id of the state under test: what the program reads back from the saved state, or the plugin's provider id. */
export const OWNER = "5e1f0c2a-7d3b-4c9e-8f61-2a4b6c8d0e13";

/** The full mark of generation `generation` of the resource under test. */
export function markOf(generation = 1, flag = ""): string {
  return `${MARK}#${generation}${flag}@${OWNER}`;
}

/** The provider's two entries: the dynamic PaymentLink's (src/provider/v1.cts) and the plugin's (src/plugin/). */
export const ENTRIES = ["dynamic", "plugin"] as const;
export type Entry = (typeof ENTRIES)[number];

/** The provider's methods as the dynamic host calls them. */
export type ProviderEntry = Pick<PaymentLinkProvider, "check" | "diff" | "create" | "read" | "update" | "delete">;

/**
 * The plugin entry as the dynamic host's calls: each call goes through the plugin's adapter. The
 * dynamic program sets the mark to the resource's URN; here the URN the engine would send is the
 * declared mark (MARK unless a test declares another), from which the adapter derives the mark.
 */
function throughPlugin(plugin: PaymentLinkPlugin): ProviderEntry {
  const urnIn = (props: Record<string, unknown>) => (typeof props["marker"] === "string" ? props["marker"] : MARK);
  // The plugin speaks its schema's camelCase names (plugin-names.ts); the tests read wire names.
  const wire = <T extends { inputs?: Props; outs?: Props; props?: Props }>(result: T): T => ({
    ...result,
    ...(result.inputs ? { inputs: wireProps(result.inputs) } : {}),
    ...(result.outs ? { outs: wireProps(result.outs) } : {}),
    ...(result.props ? { props: wireProps(result.props) } : {}),
  });
  return {
    check: async (olds, news) => {
      const result = await plugin.check(urnIn(news), olds, news);
      return {
        inputs: wireProps(result.inputs ?? {}),
        failures: (result.failures ?? []).map(({ property, reason }) => ({ property: wireName(property), reason })),
      };
    },
    diff: (id, olds, news) => plugin.diff(id, MARK, olds, news) as ReturnType<ProviderEntry["diff"]>,
    create: async (inputs) => wire(await plugin.create(MARK, inputs)) as Awaited<ReturnType<ProviderEntry["create"]>>,
    read: async (id, props) => wire(await plugin.read(id, MARK, props)) as Awaited<ReturnType<ProviderEntry["read"]>>,
    update: async (id, olds, news) => wire(await plugin.update(id, MARK, olds, news)) as Awaited<ReturnType<ProviderEntry["update"]>>,
    delete: (id, props) => plugin.delete(id, MARK, props),
  };
}

/** A message as the entry says it: the plugin names properties in camelCase (plugin-names.ts). */
export function said(entry: Entry, text: string): string {
  return entry === "plugin" ? inPluginWords(text) : text;
}

/**
 * The diff an `up` asks of `host`: the engine checks every resource the program registers before it
 * diffs it (a diff with no check first is a refresh's, shown and never refused).
 */
export async function upDiff(host: ProviderEntry, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): ReturnType<ProviderEntry["diff"]> {
  await host.check(olds, news);
  return host.diff(id, olds, news);
}

/** A provider as a new Pulumi command starts it (nothing read yet), saying its notes into `notes`. */
export async function providerFor(sandbox: Sandbox, notes: string[], entry: Entry = "dynamic"): Promise<ProviderEntry> {
  const transport = await createTransport({ minBackoffMs: 5, maxBackoffMs: 50 });
  if (entry === "plugin") {
    const stack = { apiUrl: sandbox.url, apiKey: sandbox.apiKey, apiSecret: sandbox.apiSecret, payUrl: sandbox.payUrl };
    const plugin = new PaymentLinkPlugin({
      version: "0.0.0",
      schema: "{}",
      notes: (note) => notes.push(`${note.severity}: ${note.message}`),
      env: { PULUMI_CONFIG: JSON.stringify(stack) },
      transport,
    });
    plugin.configure({}, { urn: "urn:pulumi:test::mytpe-links::pulumi:providers:mytpe::default", id: OWNER });
    return throughPlugin(plugin);
  }
  const config = new Map([
    ["mytpe:apiUrl", sandbox.url],
    ["mytpe:apiKey", sandbox.apiKey],
    ["mytpe:apiSecret", sandbox.apiSecret],
    ["mytpe:payUrl", sandbox.payUrl],
  ]);
  return new PaymentLinkProvider(
    { get: (key) => config.get(key) },
    {
      notes: (note) => notes.push(`${note.severity}: ${note.message}`),
      transport,
    },
  );
}

/**
 * The inputs of a fixed, reusable voucher on the sandbox's ready instance, marked MARK, as the
 * program declares it: the state's owner id, and a saved state that holds no link for it (as for a
 * new resource, or a killed run's next create); `extra` may say otherwise.
 */
export function voucherInputs(sandbox: Sandbox, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    payment_instance_id: sandbox.instances.ready,
    title: "Voucher",
    amount_mode: "fixed",
    amount: 1000,
    usage_mode: "reusable",
    marker: MARK,
    owner: OWNER,
    saved_links: [],
    ...extra,
  };
}

/** What a provider test works with; renewed before each test by `providerTests`. */
export interface ProviderTest {
  sandbox: Sandbox;
  /** The notes the provider said, as "severity: message". */
  notes: string[];
  /** The provider under test, through one entry (a new Pulumi command: `host = await t.nextRun()`). */
  host: ProviderEntry;
  /** A layer a test arms in front of the sandbox's API; requests pass through when unset. */
  fault: Layer | undefined;
  nextRun(): Promise<ProviderEntry>;
  inputs(extra?: Record<string, unknown>): Record<string, unknown>;
  /** The voucher's inputs after the provider's check, which must pass. */
  checked(extra?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** The routes of the write requests the sandbox received. */
  writes(): (string | null)[];
}

/** Registers, in the calling describe, a fresh sandbox and provider (through `entry`) for each test. */
export function providerTests(entry: Entry = "dynamic"): ProviderTest {
  const t = {
    notes: [] as string[],
    fault: undefined as Layer | undefined,
    nextRun: () => providerFor(t.sandbox, t.notes, entry),
    inputs: (extra: Record<string, unknown> = {}) => voucherInputs(t.sandbox, extra),
    async checked(extra: Record<string, unknown> = {}) {
      const result = await t.host.check({}, t.inputs(extra));
      expect(result.failures).toEqual([]);
      return result.inputs;
    },
    writes: () => t.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route),
  } as ProviderTest;
  beforeEach(async () => {
    t.fault = undefined;
    t.sandbox = await startSandbox({ port: 0, log: () => {}, layers: [(req, next) => (t.fault ? t.fault(req, next) : next(req))] });
    t.notes = [];
    t.host = await t.nextRun();
  });
  afterEach(async () => t.sandbox.close());
  return t;
}
