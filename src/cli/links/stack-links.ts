// The stack's links as its state records them, read from `pulumi stack export` (any backend): each
// PaymentLink's name (the last part of its URN), the live link's id, and the outputs the last
// `up` or `refresh` wrote (the link's fields, status, slug, url, paid_count, total_collected).
// Pure functions.
import { nameOfUrn } from "../../link/urn.ts";
import { wirePropsOf } from "../../plugin/plugin-names.ts";
import { isPaymentLinkType } from "../../provider/protocol.ts";

/** A link the stack manages, as its state last saw it. */
export interface StackLink {
  /** The resource's name: the link's name in the YAML files. */
  name: string;
  /** The resource's URN, which the link's mark names (provider/ownership.ts). */
  urn: string;
  /** The live link's id. */
  id: string;
  /** The resource's outputs: the link's fields with the API's wire names (the plugin's type's too), plus what the API adds. */
  state: Record<string, unknown>;
  /** Whether the resource is protected (`protect`): Pulumi refuses to delete it from state. */
  protect: boolean;
}

interface ExportedResource {
  urn?: unknown;
  type?: unknown;
  id?: unknown;
  outputs?: unknown;
  delete?: unknown;
  protect?: unknown;
}

/**
 * The PaymentLinks of an exported stack, by name. Resources pending deletion (the old half of a
 * replacement, kept until the new one exists) are left out: the stack no longer declares them.
 */
export function stackLinksOf(exported: unknown): StackLink[] {
  const resources = (exported as { deployment?: { resources?: unknown } } | null)?.deployment?.resources;
  if (!Array.isArray(resources)) return [];
  const links: StackLink[] = [];
  for (const resource of resources as ExportedResource[]) {
    if (!isPaymentLinkType(resource.type) || resource.delete === true) continue;
    if (typeof resource.urn !== "string" || typeof resource.id !== "string" || resource.id === "") continue;
    const outputs = typeof resource.outputs === "object" && resource.outputs !== null ? (resource.outputs as Record<string, unknown>) : {};
    links.push({
      name: nameOfUrn(resource.urn),
      urn: resource.urn,
      id: resource.id,
      state: wirePropsOf(resource.type, outputs),
      protect: resource.protect === true,
    });
  }
  return links.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The payment instances the stack's links belong to, each once, in order of first appearance. */
export function instancesOf(links: readonly StackLink[]): string[] {
  const instances = new Set<string>();
  for (const link of links) {
    const instance = link.state["payment_instance_id"];
    if (typeof instance === "string" && instance !== "") instances.add(instance.toLowerCase());
  }
  return [...instances];
}
