// What state says about the provider, shared by the program (which writes it) and the provider host
// (which reads it back). Part of the package's public interface: every later version reads state
// written with these values, so they change only by adding a new protocol beside the old one.

/** The type token of a PaymentLink: `pulumi-nodejs:dynamic` routes it to the dynamic-provider host. */
export const PAYMENT_LINK_TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";

/** The type token of a PaymentLink served by the plugin (`pulumi-resource-mytpe`, src/plugin/). */
export const PLUGIN_LINK_TYPE = "mytpe:index:PaymentLink";

/** Whether a resource type is a PaymentLink, served by either entry. */
export function isPaymentLinkType(type: unknown): boolean {
  return type === PAYMENT_LINK_TYPE || type === PLUGIN_LINK_TYPE;
}

/** The package entry the stored provider names (package.json `exports`, src/provider/v1.cts). */
export const PROVIDER_PROTOCOL = "mytpe-links/provider/v1";

/**
 * The text Pulumi stores as `__provider` in the state of every PaymentLink and evaluates in the
 * dynamic-provider host: it requires the installed package by name, resolved like any package
 * from the project's node_modules (as Pulumi's own closure serializer stores `require("<package>")`).
 * No path, no search, no code of its own; it captures nothing, so no secret can reach state.
 */
export const PAYMENT_LINK_PROVIDER = `exports.handler=()=>require(${JSON.stringify(PROVIDER_PROTOCOL)}).handler()`;

/**
 * The version of what a PaymentLink keeps in state (its inputs and outputs, its mark), stored in
 * both as `state_version`, beside `written_by` (the package version that wrote it). A package reads
 * state up to this version, upgrades older state at the next `up` (an update without an API write),
 * and refuses newer state, naming the version to install: it would drop what it does not know.
 * Versions: 0, the pre-package path-walking text (LEGACY_PROVIDER_V0); 1, the v1 text before the
 * field existed; 2, the field recorded. Raise it by one whenever the stored shape changes.
 */
export const STATE_VERSION = 3;

/**
 * The text written by versions before the package (0.x): it walked up from the working directory
 * to provider/payment-link-shim.cjs. Still read (that file remains in this repository) and moved to
 * PAYMENT_LINK_PROVIDER by the next `up`.
 */
export const LEGACY_PROVIDER_V0 =
  'exports.handler=()=>{const p=require("path"),f=require("fs"),s="provider/payment-link-shim.cjs";' +
  "let d=process.cwd();while(!f.existsSync(p.join(d,s))&&p.dirname(d)!==d)d=p.dirname(d);" +
  "return require(p.join(d,s)).handler()}";

/**
 * How the provider's notes to the engine start when they are meant for machines (debug lines,
 * followed by one JSON object: urn, kind, reason, fields, paid_count, url, message). Read by
 * `mytpe-links plan`; the version says the shape of the object.
 */
export const NOTE_PREFIX = "mytpe-links/note/v1 ";
