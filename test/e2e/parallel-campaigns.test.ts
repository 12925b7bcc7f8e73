// Five campaign stacks of one repository, each with its own link file, provisioned at the same
// time from five clones against one PostgreSQL backend and one API: each stack's lock is its own
// row, so none waits for another; each converges; none touches another's links. The full 5 × 200
// with figures is `npx tsx scripts/campaigns.ts`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { converged, reportLines } from "../../scripts/convergence.ts";
import { markOf } from "../../src/provider/link-marker.ts";
import { runParallelCampaigns, type CampaignsResult } from "../harness/parallel-campaigns.ts";

const LINKS = 6;

describe("five campaign stacks provisioned in parallel against one PostgreSQL backend", () => {
  let result: CampaignsResult;
  beforeAll(async () => {
    result = await runParallelCampaigns({ stacks: 5, links: LINKS });
  }, 10 * 60_000);
  afterAll(async () => result?.team.dispose());

  it("all succeed and each converges: one live marked link per declaration, state equal to the API", () => {
    for (const run of result.runs) {
      expect(run.code, run.output).toBe(0);
      expect(converged(run.report), reportLines(run.stack, run.report).join("\n")).toBe(true);
      expect(run.report.live).toBe(LINKS);
    }
  });

  it("touch no link of another stack, and mark each link with its own stack", () => {
    for (const run of result.runs) expect(run.foreign, run.stack).toEqual([]);
    const marks = result.team.sandbox.links().map((link) => markOf(link) ?? "");
    for (const run of result.runs) expect(marks.filter((mark) => mark.includes(run.stack))).toHaveLength(LINKS);
    expect(new Set(marks).size).toBe(marks.length);
  });

  it("leave one state per stack and no lock in the backend", async () => {
    const keys = (await result.team.pg.query("SELECT key FROM pulumi_state ORDER BY key")).split("\n");
    for (const run of result.runs) expect(keys.filter((key) => key.endsWith(`/stacks/payment-links/${run.stack}.json`))).toHaveLength(1);
    expect(keys.filter((key) => key.includes("/.pulumi/locks/"))).toEqual([]);
  });
});
