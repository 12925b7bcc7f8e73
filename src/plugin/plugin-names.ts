// Runs in the plugin process (and in `npm run schema`): the one seam between the plugin's names and
// the API's. The plugin's schema is Pulumi's interface, so its properties are camelCase
// (`paymentInstanceId`, `maxUses`) and each generated SDK speaks its own language's idiom (Go and
// .NET `PaymentInstanceId`, Python `payment_instance_id`, YAML `paymentInstanceId`); the provider,
// the API, the YAML link files and the dynamic PaymentLink keep the wire names (`payment_instance_id`,
// `max_uses`). Every value crossing the plugin's boundary has its top-level keys mapped here, and
// every message the user reads names their own properties. Pure functions.
import { LINK_SPEC_KEYS } from "../link/link-spec.ts";
import { PLUGIN_LINK_TYPE } from "../provider/protocol.ts";
import type { Props } from "../provider/provider-inputs.ts";

/** What state holds beside the declared fields (provider/link-state.ts), shown in the plugin's schema. */
export const STATE_FIELDS = ["status", "declared_status", "slug", "url", "paid_count", "total_collected", "marker"] as const;
export type StateField = (typeof STATE_FIELDS)[number];

const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const CAMEL = /^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+$/;

/** `max_uses` -> `maxUses`; any other name (one word, `__provider`) as it is. */
export function pluginName(wire: string): string {
  return SNAKE.test(wire) ? wire.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase()) : wire;
}

/** `maxUses` -> `max_uses`; any other name (one word, already a wire name) as it is. */
export function wireName(name: string): string {
  return CAMEL.test(name) ? name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) : name;
}

function mapKeys(props: Props, name: (key: string) => string): Props {
  return Object.fromEntries(Object.entries(props).map(([key, value]) => [name(key), value]));
}

/**
 * Properties as the provider reads them: top-level keys in wire names. Values are data (metadata
 * keys, payers) and keep theirs. State written before the plugin's names changed (wire keys, by
 * main at d8ac2c6, or moved from the dynamic type) reads the same: a wire name maps to itself.
 */
export function wireProps(props: Props): Props {
  return mapKeys(props, wireName);
}

/** Properties as the plugin's schema names them: top-level keys in camelCase. */
export function pluginProps<T extends Props>(props: T): T {
  return mapKeys(props, pluginName) as T;
}

/** The wire names a message may mention: the declared fields and what state holds. */
const MENTIONED = new RegExp(`\\b(${[...LINK_SPEC_KEYS, ...STATE_FIELDS].filter((name) => SNAKE.test(name)).join("|")})\\b`, "g");

/**
 * A message of the provider in the words of the plugin's user: each property it names by its
 * plugin name (`required when usageMode is limited`). Values (`time_window`) keep theirs.
 */
export function inPluginWords(text: string): string {
  return text.replace(MENTIONED, (name) => pluginName(name));
}

/**
 * A PaymentLink's properties (from state, a preview or a policy) in wire names, whichever type
 * declared it: the plugin's type names them in camelCase, the dynamic one already in wire names.
 */
export function wirePropsOf(type: unknown, props: Props): Props {
  return type === PLUGIN_LINK_TYPE ? wireProps(props) : props;
}

/** A message about a PaymentLink in the words of its declaration: the plugin's names for the plugin's type. */
export function inWordsOf(type: unknown, text: string): string {
  return type === PLUGIN_LINK_TYPE ? inPluginWords(text) : text;
}
