// Many campaigns side by side (issue #15): N stacks of a campaign repository, each provisioning
// its own link file (`mytpe:links`), run `mytpe-links up` at the same time from N clones against
// one PostgreSQL backend and one sandbox. What each stack's runner called goes through a proxy of
// its own, so a call on another stack's link is seen. Used by test/e2e/parallel-campaigns.test.ts
// (a few links) and scripts/campaigns.ts (5 × 200, with the figures).
import type { ConvergenceReport } from "../../scripts/convergence.ts";
import type { ProxiedCall } from "./api-proxy.ts";
import { backendRows, backendSize, checkpointOf } from "./backend-table.ts";
import { stackConvergence } from "./stack-convergence.ts";
import { declaredLinks, linkFile, startTeam, type Team } from "./team.ts";

export interface CampaignRun {
  stack: string;
  code: number;
  ms: number;
  reads: number;
  writes: number;
  /** Calls on a link that is not in this stack's state (a link of another stack, or a lost one). */
  foreign: ProxiedCall[];
  report: ConvergenceReport;
  output: string;
}

export interface CampaignsResult {
  team: Team;
  wallMs: number;
  runs: CampaignRun[];
  backend: { rows: number; dataBytes: number; tableBytes: number };
}

/** A call on one link: `/links/{id}` and its actions. */
const LINK_ROUTE = /\/links\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/;

/** Sets the campaigns up, runs their `up`s together and reads the result; dispose `team` after. */
export async function runParallelCampaigns(options: { stacks: number; links: number; latencyMs?: number }): Promise<CampaignsResult> {
  const names = Array.from({ length: options.stacks }, (_, i) => `campaign-${i + 1}`);
  const declared = Object.fromEntries(names.map((stack) => [stack, declaredLinks(stack, options.links, `Campaign ${stack}`)]));
  const team = await startTeam({
    stacks: Object.fromEntries(names.map((stack) => [stack, [`links/${stack}.yaml`]])),
    files: Object.fromEntries(names.map((stack) => [`links/${stack}.yaml`, linkFile(declared[stack] ?? {})])),
  });
  try {
    const runners = await Promise.all(names.map((stack) => team.runner(stack)));
    if (options.latencyMs) team.sandbox.setFaults({ latency_ms: options.latencyMs });
    const start = performance.now();
    const ups = await Promise.all(names.map((stack, i) => runners[i]!.runner.mytpeLinks(["up", "--stack", stack])));
    const wallMs = performance.now() - start;
    team.sandbox.setFaults({});

    const links = team.sandbox.links();
    // The state as the backend holds it (what `stack export` would print), read in one query.
    const rows = await backendRows(team.pg);
    const runs: CampaignRun[] = [];
    for (const [i, stack] of names.entries()) {
      const { proxy } = runners[i]!;
      const state = checkpointOf(rows, stack)?.checkpoint.latest?.resources ?? [];
      const own = new Set(state.map((resource) => resource.id));
      runs.push({
        stack,
        code: ups[i]!.code,
        ms: ups[i]!.ms,
        reads: proxy.calls.length - proxy.writes().length,
        writes: proxy.writes().length,
        foreign: proxy.calls.filter((call) => {
          const id = LINK_ROUTE.exec(call.path)?.[1];
          return id !== undefined && !own.has(id);
        }),
        report: stackConvergence({ stack, declared: declared[stack] ?? {}, links, state }),
        output: `${ups[i]!.stdout}\n${ups[i]!.stderr}`,
      });
    }
    return { team, wallMs, runs, backend: await backendSize(team.pg) };
  } catch (error) {
    await team.dispose();
    throw error;
  }
}
