// What `npm run bench` measured, and its Markdown table: one column per size, the median run's
// details, the runs themselves in [brackets], the engine's floor beside `up` when measured.
import { formatCalls, type CallCount } from "./calls.ts";
import type { DirectResult } from "./direct.ts";
import { median, medianRun } from "./median.ts";
import type { PeakMemory } from "./process-memory.ts";
import { bytes, markdownTable, rate, seconds } from "./table.ts";
import { formatTimeline, type Timeline } from "./timeline.ts";

export interface Measure {
  ms: number;
  calls: CallCount;
  timeline?: Timeline | undefined;
  /** The largest resident set of the program and the provider host during the command. */
  memory?: PeakMemory | undefined;
  /** The machine's 1-minute load average when the command ended. */
  load?: number | undefined;
}

export interface PulumiRun {
  create: Measure;
  preview?: Measure;
  up?: Measure;
  refresh?: Measure;
  exportBytes?: number;
  stateFileBytes?: number;
}

/** The floor (floor.ts): `up` of N trivial resources, then `preview` with nothing changed. */
export interface FloorRun {
  create: Measure;
  preview?: Measure;
}

export interface SizeReport {
  size: number;
  runs: PulumiRun[];
  direct: DirectResult[];
  floors: FloorRun[];
  /** `pulumi up` creating the same links from a Pulumi YAML program, through the plugin. */
  plugin: Measure[];
  withPreview?: Measure;
}

export function resultsTable(all: readonly SizeReport[]): string {
  const header = ["measurement", ...all.map((report) => `N = ${report.size}`)];
  const rows: string[][] = [];
  const row = (label: string, cell: (report: SizeReport) => string) => rows.push([label, ...all.map(cell)]);
  const runsOf = (ms: number[]) => (ms.length > 1 ? ` [${ms.map((m) => (m / 1000).toFixed(1)).join(", ")}]` : "");
  const wall = (ms: number[]) => (ms.length > 0 ? seconds(median(ms)) + runsOf(ms) : "—");
  const mid = (report: SizeReport) => medianRun(report.runs, (run) => run.create.ms);
  const midDirect = (report: SizeReport) => medianRun(report.direct, (run) => run.ms);
  const upMs = (report: SizeReport) => median(report.runs.map((run) => run.create.ms));
  const directMs = (report: SizeReport) => median(report.direct.map((run) => run.ms));
  const floorMs = (report: SizeReport) => median(report.floors.map((run) => run.create.ms));
  const floored = all.some((r) => r.floors.length > 0);

  row("up --skip-preview (create): wall", (r) => wall(r.runs.map((run) => run.create.ms)));
  row("up --skip-preview (create): rate", (r) => rate(r.size, upMs(r)));
  row("up --skip-preview (create): API calls", (r) => formatCalls(mid(r).create.calls));
  row("up --skip-preview (create): where the time went", (r) => formatTimeline(mid(r).create.timeline));
  if (all.some((r) => r.plugin.length > 0)) {
    const pluginMs = (report: SizeReport) => median(report.plugin.map((run) => run.ms));
    row("up --skip-preview (create), Pulumi YAML through the plugin: wall", (r) => wall(r.plugin.map((run) => run.ms)));
    row("up --skip-preview (create), Pulumi YAML through the plugin: rate", (r) => rate(r.size, pluginMs(r)));
    row("up --skip-preview (create), Pulumi YAML through the plugin: API calls", (r) => formatCalls(medianRun(r.plugin, (run) => run.ms).calls));
    row("ratio plugin ÷ dynamic provider (links/s)", (r) => `${((upMs(r) / pluginMs(r)) * 100).toFixed(0)}%`);
  }
  row("direct script: wall", (r) => wall(r.direct.map((run) => run.ms)));
  row("direct script: rate", (r) => rate(r.size, directMs(r)));
  row("direct script: API calls", (r) => formatCalls(midDirect(r).calls));
  if (floored) row("engine floor, up of N trivial resources: wall", (r) => wall(r.floors.map((run) => run.create.ms)));
  row("ratio pulumi ÷ direct (links/s)", (r) => `${((directMs(r) / upMs(r)) * 100).toFixed(0)}%`);
  if (floored) {
    row("up ÷ max(floor, direct)", (r) => (r.floors.length > 0 ? `${(upMs(r) / Math.max(floorMs(r), directMs(r))).toFixed(2)}×` : "—"));
    row(
      "program's peak memory per resource: up · floor",
      (r) => `${perResource(mid(r).create.memory?.program, r.size)} · ${perResource(medianRun(r.floors, (f) => f.create.ms).create.memory?.program, r.size)}`,
    );
    row(
      "provider host's peak memory: up · floor",
      (r) => `${bytes(mid(r).create.memory?.provider ?? 0)} · ${bytes(medianRun(r.floors, (f) => f.create.ms).create.memory?.provider ?? 0)}`,
    );
  }
  if (all.some((r) => r.withPreview)) {
    row("up --yes (with preview), once: wall", (r) => (r.withPreview ? `${seconds(r.withPreview.ms)} (${rate(r.size, r.withPreview.ms)})` : "—"));
    row("up --yes (with preview), once: API calls", (r) => (r.withPreview ? formatCalls(r.withPreview.calls) : "—"));
  }
  const optional = (label: string, pick: (run: PulumiRun) => Measure | undefined) => {
    if (!all.some((r) => r.runs.some((run) => pick(run)))) return;
    const measures = (r: SizeReport) => r.runs.map(pick).filter((m): m is Measure => m !== undefined);
    row(`${label}: wall`, (r) => wall(measures(r).map((m) => m.ms)));
    row(`${label}: API calls`, (r) => {
      const list = measures(r);
      return list.length > 0 ? formatCalls(medianRun(list, (m) => m.ms).calls) : "—";
    });
  };
  optional("preview, nothing changed", (run) => run.preview);
  if (all.some((r) => r.floors.some((run) => run.preview))) {
    row("engine floor, preview of N trivial resources: wall", (r) => wall(r.floors.flatMap((run) => (run.preview ? [run.preview.ms] : []))));
  }
  optional("up --skip-preview, nothing changed", (run) => run.up);
  optional("refresh", (run) => run.refresh);
  if (all.some((r) => r.runs.some((run) => run.refresh?.timeline))) {
    row("refresh: where the time went", (r) => formatTimeline(mid(r).refresh?.timeline));
  }
  if (all.some((r) => r.runs.some((run) => run.exportBytes !== undefined))) {
    row("state: exported stack per link", (r) => {
      const b = mid(r).exportBytes;
      return b === undefined ? "—" : `${bytes(b / r.size)} (${bytes(b)} total)`;
    });
    row("state: checkpoint file per link", (r) => {
      const b = mid(r).stateFileBytes;
      return b === undefined ? "—" : `${bytes(b / r.size)} (${bytes(b)} total)`;
    });
  }
  row("machine load (1-min average) at the end of each up", (r) =>
    [...r.floors.map((f) => f.create.load), ...r.runs.map((run) => run.create.load)].map((load) => load?.toFixed(2) ?? "?").join(", "),
  );
  return markdownTable(header, rows);
}

function perResource(total: number | undefined, size: number): string {
  return total ? `${bytes(total / size)} (${bytes(total)})` : "not sampled";
}
