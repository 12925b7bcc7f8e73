// Program side: what this stack's saved state says of its payment links — the state's owner id and
// which link it holds for each resource — read once per program run through the engine's builtin
// `pulumi:pulumi:readStackResourceOutputs`, which reads a stack's saved resources through the run's
// own backend (whatever it is: a file, a bucket, PostgreSQL, Pulumi Cloud) by the stack's fully
// qualified name: this organization's, this project's, this stack — never a same-named stack
// elsewhere. The provider is told nothing of the saved state otherwise (docs/architecture.md).
import { randomUUID } from "node:crypto";
import { getOrganization, getProject, getStack } from "@pulumi/pulumi/metadata.js";
import { unknown } from "@pulumi/pulumi/output.js";
import { invoke } from "@pulumi/pulumi/runtime/invoke.js";
import { isDryRun } from "@pulumi/pulumi/runtime/settings.js";
import { recordedOwner } from "../provider/owner-mark.ts";
import { isPaymentLinkType } from "../provider/protocol.ts";

/** What the saved state says, as the program hands it to each PaymentLink. */
export interface SavedLinks {
  /**
   * The owner id for this state's links: the one it records, else a new one; `unknown` (Pulumi's)
   * in a preview of a state that records none, so that a plan made before the first `up` still
   * matches it (the id is born with the `up`).
   */
  owner: string | typeof unknown;
  /** The slugs of the saved links the resource `urn` holds, or whose recorded mark names it. */
  slugsOf(urn: string): string[];
}

interface SavedResource {
  type?: unknown;
  outputs?: Record<string, unknown>;
}

/** Resource URN → its type and outputs, as the builtin answers (pure, for tests). */
export function savedLinksOf(resources: Record<string, SavedResource>, options: { dryRun: boolean; newOwner: () => string }): SavedLinks {
  const links = Object.entries(resources).filter(([, resource]) => isPaymentLinkType(resource.type));
  const slugsByUrn = new Map<string, string[]>();
  for (const [urn, { outputs = {} }] of links) {
    const slug = outputs["slug"];
    if (typeof slug !== "string") continue;
    for (const name of new Set([urn, typeof outputs["marker"] === "string" ? outputs["marker"] : urn]))
      slugsByUrn.set(name, [...(slugsByUrn.get(name) ?? []), slug]);
  }
  const recorded = recordedOwner(links.map(([, resource]) => resource.outputs?.["owner"]));
  return {
    owner: recorded ?? (options.dryRun ? unknown : options.newOwner()),
    slugsOf: (urn) => slugsByUrn.get(urn) ?? [],
  };
}

let saved: Promise<SavedLinks> | undefined;

/** The saved state's links, read once per program run. */
export function savedLinks(): Promise<SavedLinks> {
  saved ??= readSaved().then((resources) => savedLinksOf(resources, { dryRun: isDryRun(), newOwner: randomUUID }));
  return saved;
}

async function readSaved(): Promise<Record<string, SavedResource>> {
  const qualified = `${getOrganization()}/${getProject()}/${getStack()}`;
  let result: { outputs?: unknown };
  try {
    result = (await invoke("pulumi:pulumi:readStackResourceOutputs", { stackName: qualified })) as { outputs?: unknown };
  } catch (error) {
    // A backend with the legacy layout of file stacks (PULUMI_DIY_BACKEND_LEGACY_LAYOUT) names
    // stacks without organization or project.
    try {
      result = (await invoke("pulumi:pulumi:readStackResourceOutputs", { stackName: getStack() })) as { outputs?: unknown };
    } catch {
      throw new Error(`mytpe-links could not read the saved state of stack ${qualified} (which links it holds, and its owner id): ${(error as Error).message}`);
    }
  }
  const outputs = result.outputs;
  return typeof outputs === "object" && outputs !== null ? (outputs as Record<string, SavedResource>) : {};
}
