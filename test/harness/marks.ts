// What a live link's mark says, for tests that check which resource and generation it names (not a
// test file itself). The owner id is each state's random one: tests that care compare it with the
// one the state records.
import { parseMark } from "../../src/provider/owner-mark.ts";

/** The resource, generation and flag a mark's text names, without its owner id. */
export function markNames(text: unknown): { urn: string; generation: number; replaced: boolean } | undefined {
  const mark = parseMark(typeof text === "string" ? text : undefined);
  return mark && { urn: mark.urn, generation: mark.generation, replaced: mark.replaced };
}

/** What `markNames` says of generation `generation` of the resource `urn`. */
export function named(urn: string, generation = 1, replaced = false): { urn: string; generation: number; replaced: boolean } {
  return { urn, generation, replaced };
}
