// What a failed `apply --plan` did before it stopped (issue 28). `pulumi up --plan` refuses a
// step the reviewed plan does not hold, but only when it reaches it: the steps before it have
// been applied. So "nothing was applied" cannot be said of a failed apply without looking: the
// engine's event log says which links it changed (resOutputsEvent) and which step failed
// part-way (resOpFailedEvent: the API may have done part of it), past the preview `up` runs first
// (its events are marked `planning`). Pure functions.
import { nameOfUrn } from "../link/urn.ts";
import { isPaymentLinkType } from "../provider/protocol.ts";

/** A link the update touched: its name, the engine's operation, and whether that step failed. */
export interface TouchedLink {
  name: string;
  op: string;
  failed: boolean;
}

interface StepEvent {
  metadata?: { op?: string; urn?: string; type?: string };
  /** Set on the events of the preview `up` runs first: nothing was done then. */
  planning?: boolean;
}

/** The links changed or failed part-way in these event lines (one JSON event each), in order. */
export function touchedLinks(lines: readonly string[]): TouchedLink[] {
  const touched: TouchedLink[] = [];
  for (const line of lines) {
    let event: Record<string, StepEvent | undefined>;
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      continue; // The last line, cut by the stop.
    }
    for (const [kind, failed] of [
      ["resOutputsEvent", false],
      ["resOpFailedEvent", true],
    ] as const) {
      if (event[kind]?.planning === true) continue;
      const { op, urn, type } = event[kind]?.metadata ?? {};
      if (op && op !== "same" && op !== "read" && urn && isPaymentLinkType(type)) touched.push({ name: nameOfUrn(urn), op, failed });
    }
  }
  return touched;
}

/** What a failed apply says it did: from whether the engine started and the links it touched. */
export function applyOutcome(engineStarted: boolean, touched: readonly TouchedLink[], stack: string): string[] {
  if (!engineStarted) return ["mytpe-links apply: the update did not start: nothing of the plan was applied."];
  if (touched.length === 0) return ["mytpe-links apply: the update stopped before changing any link: nothing of the plan was applied."];
  const shown = touched.map((link) => `${link.name} (${link.op}${link.failed ? ", failed part-way: the API may have done part of it" : ""})`);
  const changed = touched.filter((link) => !link.failed).length;
  return [
    `mytpe-links apply: the update stopped after changing ${changed} link${changed === 1 ? "" : "s"}; the rest of the plan was not applied:`,
    ...shown.map((line) => `  ${line}`),
    `  The live links now: npx mytpe-links links --stack ${stack}. Production is between the plan and what it was: plan again from main, review, apply.`,
  ];
}
