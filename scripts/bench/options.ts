// The command line of `npm run bench`, parsed and checked before anything starts.
import { parseArgs } from "node:util";

export const USAGE = `Usage: npm run bench -- [options]

  --sizes 100,500,1000   numbers of links to measure (default 100,500,1000)
  --runs 3               runs per size; the median is reported (default 3)
  --quick                a single run for sizes of 1,000 links and more
  --latency 20           milliseconds the sandbox adds to every API request (default 20)
  --concurrency 8        requests in flight, for the provider (MYTPE_MAX_CONCURRENCY) and the direct script (default 8)
  --parallel N           pulumi --parallel (default: the CLI's own)
  --every-step-checkpoints  PULUMI_SKIP_CHECKPOINTS=false: the state written after every step, as a bare
                         \`pulumi up\` does (default: at the end of each run, as the project's commands do)
  --memory-sandbox       the sandbox keeps its state in memory (no state file written after each write)
  --only create          measure only: create (pulumi up vs direct script) | all (default)
  --no-up-with-preview   skip the one \`up --yes\` (with its preview) per size
  --no-plugin            skip the runs of the same links from a Pulumi YAML program through the plugin
  --no-check             skip \`npm run check\` on 10,000 links
  --floor                the engine's floor too, back to back with each run: N trivial dynamic
                         resources through the same CLI, settings and provider host (bench/floor.ts)
`;

export interface BenchOptions {
  sizes: number[];
  runs: number;
  quick: boolean;
  latencyMs: number;
  concurrency: number;
  parallel: number | undefined;
  everyStepCheckpoints: boolean;
  memorySandbox: boolean;
  only: "create" | "all";
  upWithPreview: boolean;
  /** Also create the links from a Pulumi YAML program through the provider plugin, each run. */
  plugin: boolean;
  check: boolean;
  floor: boolean;
}

/** Throws an Error whose message says which flag is wrong and what it expected. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      sizes: { type: "string", default: "100,500,1000" },
      runs: { type: "string", default: "3" },
      quick: { type: "boolean", default: false },
      latency: { type: "string", default: "20" },
      concurrency: { type: "string", default: "8" },
      parallel: { type: "string" },
      "every-step-checkpoints": { type: "boolean", default: false },
      "memory-sandbox": { type: "boolean", default: false },
      only: { type: "string", default: "all" },
      "no-up-with-preview": { type: "boolean", default: false },
      "no-plugin": { type: "boolean", default: false },
      "no-check": { type: "boolean", default: false },
      floor: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const sizes = values.sizes.split(",").map((text) => positiveInteger("--sizes", text.trim()));
  if (values.only !== "create" && values.only !== "all") throw new Error(`--only: expected create or all, got ${JSON.stringify(values.only)}`);
  return {
    sizes,
    runs: positiveInteger("--runs", values.runs),
    quick: values.quick,
    latencyMs: integer("--latency", values.latency, 0),
    concurrency: positiveInteger("--concurrency", values.concurrency),
    parallel: values.parallel === undefined ? undefined : positiveInteger("--parallel", values.parallel),
    everyStepCheckpoints: values["every-step-checkpoints"],
    memorySandbox: values["memory-sandbox"],
    only: values.only,
    upWithPreview: !values["no-up-with-preview"],
    plugin: !values["no-plugin"],
    check: !values["no-check"],
    floor: values.floor,
  };
}

/** How many runs a size gets: one for 1,000 links and more with `--quick`. */
export function runsFor(size: number, options: Pick<BenchOptions, "runs" | "quick">): number {
  return options.quick && size >= 1000 ? 1 : options.runs;
}

function positiveInteger(flag: string, text: string): number {
  return integer(flag, text, 1);
}

function integer(flag: string, text: string, min: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min) throw new Error(`${flag}: expected an integer ≥ ${min}, got ${JSON.stringify(text)}`);
  return value;
}
