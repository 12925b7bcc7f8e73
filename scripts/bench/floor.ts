// The engine's floor (#30): N trivial dynamic resources through the same CLI, settings and
// dynamic-provider host as the links, declared by a program as small as ours: each resource has
// a link's inputs, and its provider (a few characters of stored text, no package, no API)
// answers every create at once. What `up` of N links costs beyond it is ours.

/** The stored provider text of a trivial resource: creates answer with a fresh id and the inputs. */
export const FLOOR_PROVIDER = 'exports.handler=()=>({create:async(inputs)=>({id:require("node:crypto").randomUUID(),outs:inputs})})';

/** The type of a trivial resource, routed to the dynamic-provider host like a PaymentLink. */
export const FLOOR_TYPE = "pulumi-nodejs:dynamic/bench:Trivial";

/**
 * The program of the floor project: `declared`'s resources with their inputs as given, through
 * the same subpath of the SDK PaymentLink uses (not the package's index, which is slower to load).
 */
export function floorProgram(declared: Record<string, Record<string, unknown>>): string {
  return [
    'import { CustomResource } from "@pulumi/pulumi/resource.js";',
    `const declared = ${JSON.stringify(declared)};`,
    `for (const [name, fields] of Object.entries(declared)) new CustomResource(${JSON.stringify(FLOOR_TYPE)}, name, { __provider: ${JSON.stringify(FLOOR_PROVIDER)}, ...fields });`,
    "",
  ].join("\n");
}
