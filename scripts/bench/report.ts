// What `npm run bench` measured for each size, and the table that shows it (scripts/bench.ts).
import { formatCalls, type CallCount } from "./calls.ts";
import type { DirectResult } from "./direct.ts";
import { median, medianRun } from "./median.ts";
import { bytes, markdownTable, rate, seconds } from "./table.ts";
import { formatTimeline, type Timeline } from "./timeline.ts";

export interface Measure {
  ms: number;
  calls: CallCount;
  timeline?: Timeline | undefined;
}

export interface PulumiRun {
  create: Measure;
  preview?: Measure;
  up?: Measure;
  refresh?: Measure;
  exportBytes?: number;
  stateFileBytes?: number;
}

export interface SizeReport {
  size: number;
  runs: PulumiRun[];
  /** `pulumi up` creating the same links from a Pulumi YAML program, through the plugin. */
  plugin: Measure[];
  direct: DirectResult[];
  withPreview?: Measure;
}

export function resultsTable(all: readonly SizeReport[]): string {
  const header = ["measurement", ...all.map((report) => `N = ${report.size}`)];
  const rows: string[][] = [];
  const row = (label: string, cell: (report: SizeReport) => string) => rows.push([label, ...all.map(cell)]);
  const runsOf = (ms: number[]) => (ms.length > 1 ? ` [${ms.map((m) => (m / 1000).toFixed(1)).join(", ")}]` : "");
  const mid = (report: SizeReport) => medianRun(report.runs, (run) => run.create.ms);
  const midDirect = (report: SizeReport) => medianRun(report.direct, (run) => run.ms);
  const upMs = (report: SizeReport) => median(report.runs.map((run) => run.create.ms));
  const directMs = (report: SizeReport) => median(report.direct.map((run) => run.ms));

  row("up --skip-preview (create): wall", (r) => seconds(upMs(r)) + runsOf(r.runs.map((run) => run.create.ms)));
  row("up --skip-preview (create): rate", (r) => rate(r.size, upMs(r)));
  row("up --skip-preview (create): API calls", (r) => formatCalls(mid(r).create.calls));
  row("up --skip-preview (create): where the time went", (r) => formatTimeline(mid(r).create.timeline));
  if (all.some((r) => r.plugin.length > 0)) {
    const pluginMs = (report: SizeReport) => median(report.plugin.map((run) => run.ms));
    row("up --skip-preview (create), Pulumi YAML through the plugin: wall", (r) => seconds(pluginMs(r)) + runsOf(r.plugin.map((run) => run.ms)));
    row("up --skip-preview (create), Pulumi YAML through the plugin: rate", (r) => rate(r.size, pluginMs(r)));
    row("up --skip-preview (create), Pulumi YAML through the plugin: API calls", (r) => formatCalls(medianRun(r.plugin, (run) => run.ms).calls));
    row("ratio plugin ÷ dynamic provider (links/s)", (r) => `${((upMs(r) / pluginMs(r)) * 100).toFixed(0)}%`);
  }
  row("direct script: wall", (r) => seconds(directMs(r)) + runsOf(r.direct.map((run) => run.ms)));
  row("direct script: rate", (r) => rate(r.size, directMs(r)));
  row("direct script: API calls", (r) => formatCalls(midDirect(r).calls));
  row("ratio pulumi ÷ direct (links/s)", (r) => `${((directMs(r) / upMs(r)) * 100).toFixed(0)}%`);
  if (all.some((r) => r.withPreview)) {
    row("up --yes (with preview), once: wall", (r) => (r.withPreview ? `${seconds(r.withPreview.ms)} (${rate(r.size, r.withPreview.ms)})` : "—"));
    row("up --yes (with preview), once: API calls", (r) => (r.withPreview ? formatCalls(r.withPreview.calls) : "—"));
  }
  const optional = (label: string, pick: (run: PulumiRun) => Measure | undefined) => {
    if (!all.some((r) => r.runs.some((run) => pick(run)))) return;
    const measures = (r: SizeReport) => r.runs.map(pick).filter((m): m is Measure => m !== undefined);
    row(`${label}: wall`, (r) => {
      const ms = measures(r).map((m) => m.ms);
      return ms.length > 0 ? seconds(median(ms)) + runsOf(ms) : "—";
    });
    row(`${label}: API calls`, (r) => {
      const list = measures(r);
      return list.length > 0 ? formatCalls(medianRun(list, (m) => m.ms).calls) : "—";
    });
  };
  optional("preview, nothing changed", (run) => run.preview);
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
  return markdownTable(header, rows);
}
