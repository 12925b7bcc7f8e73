// Runs in the plugin process: what the engine hands a provider plugin, turned into what the one
// PaymentLinkProvider reads, and back. The dynamic-provider host hands the provider plain values
// with the mark among the inputs (src/program/payment-link.ts); a plugin receives secrets wrapped
// and the resource's URN beside the inputs. Pure functions.
import type { Props } from "../provider/provider-inputs.ts";
import { PAYMENT_LINK_TYPE } from "../provider/protocol.ts";
import { PLUGIN_LINK_TYPE } from "./plugin-schema.ts";

/** The signature key of a secret value as the engine sends it to a provider that accepts secrets. */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(value: unknown): value is { value?: unknown } {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG] === SECRET_SIG;
}

function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reveal(item)]));
  return value;
}

function containsSecret(value: unknown): boolean {
  if (isSecret(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsSecret);
  return false;
}

/** Properties with every secret unwrapped, and the top-level keys that held one (to wrap again). */
export function revealed(props: Props | undefined): { plain: Props; secretKeys: ReadonlySet<string> } {
  const source = props ?? {};
  const secretKeys = new Set(Object.keys(source).filter((key) => containsSecret(source[key])));
  return { plain: reveal(source) as Props, secretKeys };
}

/** The value wrapped as a secret, as the engine reads it back. */
export function secret(value: unknown): unknown {
  return isSecret(value) ? value : { [SIG]: SECRET_SIG, value };
}

/** What the provider returns, its keys that were secret in what it was given wrapped again. */
export function concealed<T extends Props>(props: T, secretKeys: ReadonlySet<string>): T {
  return Object.fromEntries(Object.entries(props).map(([key, value]) => [key, secretKeys.has(key) ? secret(value) : value])) as T;
}

/** The URN a resource had as a dynamic PaymentLink, for the URN it has as the plugin's type. */
export function dynamicUrnOf(urn: string): string {
  const parts = urn.split("::");
  const typePart = parts.length >= 4 ? (parts[parts.length - 2] ?? "") : "";
  const types = typePart.split("$");
  if (types[types.length - 1] !== PLUGIN_LINK_TYPE) return urn;
  types[types.length - 1] = PAYMENT_LINK_TYPE;
  parts[parts.length - 2] = types.join("$");
  return parts.join("::");
}

/**
 * The mark of a link served by the plugin: its URN, as the dynamic PaymentLink's mark is its URN.
 * A link moved from the dynamic type (an alias) keeps the mark it was created with, the URN it
 * had then: the move changes nothing on the live link.
 */
export function markFor(urn: string, olds: Props): string {
  const previous = olds["marker"];
  return typeof previous === "string" && previous !== urn && previous === dynamicUrnOf(urn) ? previous : urn;
}

/**
 * Inputs as the dynamic host would hand them to the provider: the mark among them, set by the URN,
 * and the owner id of new links (the plugin's provider resource's id) when known. Nothing of the
 * saved state: a plugin is not told which link the stack's saved state holds.
 */
export function withMark(news: Props, mark: string, owner?: string): Props {
  const { saved_links: _saved, owner: _owner, ...declared } = news;
  return { ...declared, marker: mark, ...(owner === undefined ? {} : { owner }) };
}

/**
 * State as the provider reads it: state written by the dynamic provider (moved by an alias)
 * holds the stored provider text, which no plugin input carries; left in, every diff would say
 * "written by an earlier version" and update.
 */
export function withoutStoredProvider(olds: Props): Props {
  const { __provider: _provider, ...rest } = olds;
  return rest;
}
