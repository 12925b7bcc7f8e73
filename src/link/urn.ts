// The parts of a Pulumi URN (`urn:pulumi:<stack>::<project>::<parent types$><type>::<name>`) that
// the plan, the policy rules and the provider's messages read. Pure functions.

/** The resource's name: the last part of its URN. */
export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The stack a URN belongs to, or undefined when the text is not a URN. */
export function stackOfUrn(urn: string): string | undefined {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1];
}

/** The resource's own type (its parents' types, joined by `$`, left out), or "" when not a URN. */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  return parts.length >= 4 ? ((parts[parts.length - 2] ?? "").split("$").pop() ?? "") : "";
}

/** The URN of a resource without a parent. */
export function urnOf(stack: string, project: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}
