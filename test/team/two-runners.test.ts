// Two runners (two clones of the campaign repository: two CI jobs, or a job and a colleague) on one
// stack, sharing the PostgreSQL backend and the API. The backend's lock is a row in `pulumi_state`,
// taken before the program runs: the run that does not get it stops before any API call, and
// `mytpe-links` says what to do. A runner killed holding the lock leaves the row behind; the
// documented recovery (`cancel`, then `up --refresh`) converges — for a stack's very first run, which
// recorded no owner id, once the links it left are taken explicitly (MYTPE_TAKE_FROM).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { converged, reportLines } from "../../scripts/convergence.ts";
import { backendRows, lockRows } from "../harness/backend-table.ts";
import { exportStack, stackConvergence } from "../harness/stack-convergence.ts";
import { declaredLinks, linkFile, startTeam, type Team } from "../harness/team.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(49_000);
const race = declaredLinks("race", 6);
const killed = declaredLinks("killed", 8);
const firstRun = declaredLinks("first", 4);
/** The engine's message (pkg/backend/diy/lock.go). */
const ENGINE_LOCKED = "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.";

describe("two runners on one stack with the state in PostgreSQL", () => {
  let team: Team;
  beforeAll(async () => {
    team = await startTeam({
      stacks: { race: ["links/race.yaml"], killed: ["links/killed.yaml"], first: ["links/first.yaml"] },
      files: { "links/race.yaml": linkFile(race), "links/killed.yaml": linkFile(killed), "links/first.yaml": linkFile(firstRun) },
    });
  }, 5 * 60_000);
  afterEach(() => team?.sandbox.setFaults({}));
  afterAll(async () => team?.dispose());

  const convergence = async (stack: string, declared: Record<string, Record<string, unknown>>, runner: Parameters<typeof exportStack>[0]) =>
    stackConvergence({ stack, declared, links: team.sandbox.links(), state: await exportStack(runner, stack) });

  it(
    "started at the same moment, one applies and the other stops on the lock before any API call, saying what to do",
    async () => {
      const a = await team.runner("race-a");
      const b = await team.runner("race-b");
      // Slow API calls keep the winner's run, and its lock, long enough for the other to meet it.
      team.sandbox.setFaults({ latency_ms: 200 });
      const [upA, upB] = await Promise.all([a.runner.mytpeLinks(["up", "--stack", "race"]), b.runner.mytpeLinks(["up", "--stack", "race"])]);

      expect([upA.code, upB.code].filter((code) => code === 0)).toHaveLength(1);
      const [loser, loserProxy, winnerProxy] = upA.code === 0 ? [upB, b.proxy, a.proxy] : [upA, a.proxy, b.proxy];
      expect(loser.stderr).toContain(ENGINE_LOCKED);
      // PostgreSQL's lock rows cannot be read from mytpe-links: it says what the event log shows (src/cli/lock-hint.ts).
      expect(loser.stderr).toContain(
        "mytpe-links: this run stopped before Pulumi started the update, so it changed nothing. If Pulumi says above that the stack race is locked by another run:",
      );
      expect(loser.stderr).toContain("npx mytpe-links pulumi cancel --stack race --yes");
      expect(loserProxy.calls).toEqual([]);
      expect(winnerProxy.writes().length).toBeGreaterThan(0);

      const report = await convergence("race", race, a.runner);
      expect(converged(report), reportLines("race", report).join("\n")).toBe(true);
      expect(lockRows(await backendRows(team.pg), "race")).toEqual([]);
      // The runner that lost reads what the winner wrote: nothing left to do.
      const preview = await (upA.code === 0 ? b : a).runner.mytpeLinks(["pulumi", "preview", "--stack", "race", "--expect-no-changes"]);
      expect(preview.code, preview.stdout).toBe(0);
    },
    STEP,
  );

  it(
    "killed holding the lock, a runner leaves its lock row; the next run stops on it; cancel then up --refresh converge",
    async () => {
      const a = await team.runner("killed-a");
      const b = await team.runner("killed-b");
      // The stack's first links, recorded: its state has an owner id from now on.
      const first = Object.fromEntries(Object.entries(killed).slice(0, 3));
      a.runner.write({ "links/killed.yaml": linkFile(first) });
      expect((await a.runner.mytpeLinks(["up", "--stack", "killed"])).code).toBe(0);
      a.runner.write({ "links/killed.yaml": linkFile(killed) });
      team.sandbox.setFaults({ latency_ms: 100 });
      a.proxy.reset();
      const up = await a.runner.mytpeLinks(["up", "--stack", "killed"], { killWhen: () => a.proxy.writes().length >= 3 });
      expect(up.killed).toBe(true);
      team.sandbox.setFaults({});
      const [lock] = lockRows(await backendRows(team.pg), "killed");
      expect(JSON.parse(lock?.content ?? "{}")).toMatchObject({ pid: expect.any(Number), hostname: expect.any(String), username: expect.any(String) });

      const blocked = await b.runner.mytpeLinks(["up", "--stack", "killed"]);
      expect(blocked.code).not.toBe(0);
      expect(blocked.stderr).toContain(ENGINE_LOCKED);
      expect(blocked.stderr).toContain("npx mytpe-links pulumi up --refresh --stack killed --yes");
      expect(b.proxy.calls).toEqual([]);

      const cancel = await b.runner.mytpeLinks(["pulumi", "cancel", "--stack", "killed", "--yes"]);
      expect(cancel.code, cancel.stderr).toBe(0);
      expect(lockRows(await backendRows(team.pg), "killed")).toEqual([]);
      const recovery = await b.runner.mytpeLinks(["pulumi", "up", "--refresh", "--stack", "killed", "--yes", "--skip-preview"]);
      expect(recovery.code, recovery.stdout + recovery.stderr).toBe(0);

      const report = await convergence("killed", killed, b.runner);
      expect(converged(report), reportLines("killed", report).join("\n")).toBe(true);
      const preview = await a.runner.mytpeLinks(["pulumi", "preview", "--stack", "killed", "--expect-no-changes"]);
      expect(preview.code, preview.stdout).toBe(0);
    },
    STEP,
  );

  it(
    "a stack's very first run killed: the next run refuses the links it left, naming the state they carry; MYTPE_TAKE_FROM takes them, no duplicate",
    async () => {
      const a = await team.runner("first-a");
      const b = await team.runner("first-b");
      team.sandbox.setFaults({ latency_ms: 100 });
      const up = await a.runner.mytpeLinks(["up", "--stack", "first"], { killWhen: () => a.proxy.writes().length >= 3 });
      expect(up.killed).toBe(true);
      team.sandbox.setFaults({});
      expect((await b.runner.mytpeLinks(["pulumi", "cancel", "--stack", "first", "--yes"])).code).toBe(0);

      // Nothing was recorded: whose links these are, only the person who killed the run knows.
      const refused = await b.runner.mytpeLinks(["pulumi", "up", "--refresh", "--stack", "first", "--yes", "--skip-preview"]);
      expect(refused.code).not.toBe(0);
      const owner = /MYTPE_TAKE_FROM=([0-9a-f-]{36})/.exec(refused.stdout + refused.stderr)?.[1];
      expect(owner, refused.stdout + refused.stderr).toBeDefined();
      expect(b.proxy.writes()).toEqual([]);

      const taken = await b.runner.mytpeLinks(["pulumi", "up", "--refresh", "--stack", "first", "--yes", "--skip-preview"], {
        env: { MYTPE_TAKE_FROM: owner! },
      });
      expect(taken.code, taken.stdout + taken.stderr).toBe(0);
      const report = await convergence("first", firstRun, b.runner);
      expect(converged(report), reportLines("first", report).join("\n")).toBe(true);
    },
    STEP,
  );
});
