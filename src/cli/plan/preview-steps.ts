// What a `pulumi preview` says, read from either of its JSON forms: the `--json` document
// (`{steps, diagnostics, changeSummary}`) or the stream of engine events that
// PULUMI_ENABLE_STREAMING_JSON_PREVIEW=true gives instead (one JSON object a line). Only the
// stream carries policy violations: the document drops them (pkg/backend/display/json.go, "we
// don't handle policy events in JSON serialization"). Pure functions.
import { typeOfUrn } from "../../link/urn.ts";
import { NOTE_PREFIX } from "../../provider/protocol.ts";
import type { PolicyViolation, Preview, PreviewDiagnostic, PreviewStep, ProviderNote, StepState } from "./preview-types.ts";

/** Ops of one replacement, in the order the `--json` document and the stream report them. */
const REPLACEMENT_OPS = new Set(["replace", "create-replacement", "delete-replaced", "discard-replaced"]);

/** Reads either form; throws an Error naming what is wrong when it is neither. */
export function parsePreview(text: string): Preview {
  const trimmed = text.trim();
  if (trimmed === "") throw new Error("the preview output is empty");
  try {
    const document = JSON.parse(trimmed) as unknown;
    if (isRecord(document) && Array.isArray(document["steps"])) return fromDocument(document);
    if (isRecord(document) && !("sequence" in document)) throw new Error("a JSON object without `steps`");
  } catch (error) {
    // Not one JSON document: maybe the stream of events, one a line.
    if (!(error instanceof SyntaxError)) throw new Error(`not a pulumi preview: ${(error as Error).message}`);
  }
  return fromEvents(trimmed);
}

function fromDocument(document: Record<string, unknown>): Preview {
  const steps = (document["steps"] as unknown[])
    .filter(isRecord)
    .map((step) =>
      makeStep(
        String(step["op"] ?? ""),
        String(step["urn"] ?? ""),
        state(step["oldState"]),
        state(step["newState"]),
        strings(step["diffReasons"]),
        strings(step["replaceReasons"]),
      ),
    );
  const diagnostics = (Array.isArray(document["diagnostics"]) ? document["diagnostics"] : []).filter(isRecord).map(diagnostic);
  const summary = isRecord(document["changeSummary"]) ? document["changeSummary"] : {};
  const sames = typeof summary["same"] === "number" ? summary["same"] : 0;
  return {
    steps: mergeReplacements(steps),
    diagnostics: diagnostics.filter(visible),
    providerNotes: providerNotes(diagnostics),
    policyViolations: [],
    failed: diagnostics.some((d) => d.severity === "error"),
    unlistedSames: Math.max(0, sames - steps.filter((step) => step.op === "same").length),
  };
}

function fromEvents(text: string): Preview {
  const steps: PreviewStep[] = [];
  const diagnostics: PreviewDiagnostic[] = [];
  const policyViolations: PolicyViolation[] = [];
  let failed = false;
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  lines.forEach((line, index) => {
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw new Error(`not a pulumi preview: line ${index + 1} is not JSON: ${line.slice(0, 80)}`);
    }
    if (!isRecord(event)) return;
    const pre = event["resourcePreEvent"];
    if (isRecord(pre) && isRecord(pre["metadata"])) {
      const meta = pre["metadata"];
      const keys = strings(meta["keys"]);
      const op = String(meta["op"] ?? "");
      steps.push(makeStep(op, String(meta["urn"] ?? ""), state(meta["old"]), state(meta["new"]), keys, REPLACEMENT_OPS.has(op) ? keys : []));
    }
    const diag = event["diagnosticEvent"];
    if (isRecord(diag)) diagnostics.push(diagnostic(diag));
    const policy = event["policyEvent"];
    if (isRecord(policy)) {
      policyViolations.push({
        policyPack: String(policy["policyPackName"] ?? ""),
        policy: String(policy["policyName"] ?? ""),
        enforcementLevel: String(policy["enforcementLevel"] ?? ""),
        // The engine prefixes the policy's description on a line of its own.
        message:
          String(policy["message"] ?? "")
            .trim()
            .split("\n")
            .slice(1)
            .join("\n")
            .trim() || String(policy["message"] ?? "").trim(),
        ...(typeof policy["resourceUrn"] === "string" && policy["resourceUrn"] ? { urn: policy["resourceUrn"] } : {}),
      });
    }
    const summary = event["summaryEvent"];
    if (isRecord(summary) && summary["result"] === "failed") failed = true;
  });
  if (steps.length === 0 && diagnostics.length === 0) throw new Error("not a pulumi preview: no steps and no diagnostics");
  return {
    steps: mergeReplacements(steps),
    diagnostics: diagnostics.filter(visible),
    providerNotes: providerNotes(diagnostics),
    policyViolations,
    failed: failed || diagnostics.some((d) => d.severity === "error"),
    unlistedSames: 0,
  };
}

function makeStep(
  op: string,
  urn: string,
  old: StepState | undefined,
  next: StepState | undefined,
  diffReasons: string[],
  replaceReasons: string[],
): PreviewStep {
  return {
    op,
    urn,
    type: next?.type ?? old?.type ?? typeOfUrn(urn),
    ...(old ? { old } : {}),
    ...(next ? { new: next } : {}),
    diffReasons,
    replaceReasons,
  };
}

/** One step per resource: the parts of a replacement merge into one `replace` step. */
function mergeReplacements(steps: PreviewStep[]): PreviewStep[] {
  const byUrn = new Map<string, PreviewStep>();
  for (const step of steps) {
    const seen = byUrn.get(step.urn);
    if (!seen) {
      byUrn.set(step.urn, REPLACEMENT_OPS.has(step.op) ? { ...step, op: "replace" } : step);
      continue;
    }
    if (!REPLACEMENT_OPS.has(step.op) && !REPLACEMENT_OPS.has(seen.op)) continue;
    byUrn.set(step.urn, {
      ...seen,
      op: "replace",
      ...(seen.old?.outputs ? {} : step.old ? { old: step.old } : {}),
      ...(seen.new?.inputs ? {} : step.new ? { new: step.new } : {}),
      diffReasons: [...new Set([...seen.diffReasons, ...step.diffReasons])],
      replaceReasons: [...new Set([...seen.replaceReasons, ...step.replaceReasons])],
    });
  }
  return [...byUrn.values()];
}

function state(value: unknown): StepState | undefined {
  if (!isRecord(value)) return undefined;
  return {
    ...(typeof value["type"] === "string" ? { type: value["type"] } : {}),
    ...(typeof value["id"] === "string" && value["id"] ? { id: value["id"] } : {}),
    ...(isRecord(value["inputs"]) ? { inputs: value["inputs"] } : {}),
    ...(isRecord(value["outputs"]) ? { outputs: value["outputs"] } : {}),
  };
}

function diagnostic(value: Record<string, unknown>): PreviewDiagnostic {
  const severity = String(value["severity"] ?? "info");
  // The document form keeps the prefix ("warning: ") in the message; the stream does not.
  const message = String(value["message"] ?? "")
    .replace(new RegExp(`^${severity}: `), "")
    .trim();
  return { severity, message, ...(typeof value["urn"] === "string" && value["urn"] ? { urn: value["urn"] } : {}) };
}

/** The provider's machine notes among the debug lines: the prefix, then one JSON object. */
function providerNotes(diagnostics: readonly PreviewDiagnostic[]): ProviderNote[] {
  const notes: ProviderNote[] = [];
  for (const { severity, message } of diagnostics) {
    if (severity !== "debug" || !message.startsWith(NOTE_PREFIX)) continue;
    let payload: unknown;
    try {
      payload = JSON.parse(message.slice(NOTE_PREFIX.length));
    } catch {
      continue; // Not ours after all: a note is one JSON object.
    }
    if (isRecord(payload) && typeof payload["urn"] === "string" && typeof payload["kind"] === "string") {
      notes.push(payload as unknown as ProviderNote);
    }
  }
  return notes;
}

/** Debug lines are the engine talking to itself (or the provider to `plan`, read above). */
function visible(diagnostic: PreviewDiagnostic): boolean {
  return diagnostic.severity !== "debug" && diagnostic.message !== "";
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
