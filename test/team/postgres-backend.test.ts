// The project's commands with the stack's state in a real PostgreSQL (Pulumi's DIY backend,
// PULUMI_BACKEND_URL=postgres://...), as a team runs them from a clone of its campaign repository:
// the state lands in the `pulumi_state` table, secrets in it are encrypted with the stack's
// passphrase, and the API secret is in no row, whichever way the credentials are given.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { converged } from "../../scripts/convergence.ts";
import { backendRows, checkpointOf } from "../harness/backend-table.ts";
import { exportStack, stackConvergence } from "../harness/stack-convergence.ts";
import { declaredLinks, linkFile, startTeam, type Team } from "../harness/team.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(78_000);
const PAYMENT_LINK = "pulumi-nodejs:dynamic/mytpe:PaymentLink";
const life = declaredLinks("life", 3, "Life");
const byEnv = declaredLinks("by-env", 2);
const byConfig = declaredLinks("by-config", 2);

describe("mytpe-links with the stack's state in PostgreSQL", () => {
  let team: Team;
  const linksOf = (rows: Awaited<ReturnType<typeof backendRows>>, stack: string) =>
    (checkpointOf(rows, stack)?.checkpoint.latest?.resources ?? [])
      .filter((resource) => resource.type === PAYMENT_LINK)
      .map((resource) => resource.urn.split("::").pop());

  beforeAll(async () => {
    team = await startTeam({
      stacks: { life: ["links/life.yaml"], "by-env": ["links/by-env.yaml"], "by-config": ["links/by-config.yaml"] },
      files: { "links/life.yaml": linkFile(life), "links/by-env.yaml": linkFile(byEnv), "links/by-config.yaml": linkFile(byConfig) },
    });
  }, 5 * 60_000);
  afterAll(async () => team?.dispose());

  it(
    "runs a campaign's life — up, preview, refresh, plan, apply, destroy — with the state in the pulumi_state table",
    async () => {
      const { runner, proxy } = await team.runner("life");
      const ok = async (args: string[]) => {
        const result = await runner.mytpeLinks(args);
        expect(result.code, `mytpe-links ${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0);
        return result;
      };

      await ok(["up", "--stack", "life"]);
      expect(linksOf(await backendRows(team.pg), "life").sort()).toEqual(["life-0", "life-1", "life-2"]);
      expect(converged(stackConvergence({ stack: "life", declared: life, links: team.sandbox.links(), state: await exportStack(runner, "life") }))).toBe(true);

      await ok(["pulumi", "preview", "--stack", "life", "--expect-no-changes"]);

      // Someone edits a link in the dashboard; refresh records it in the table.
      const id = (await exportStack(runner, "life")).find((resource) => resource.urn.endsWith("::life-1"))?.id;
      const edited = await fetch(`${team.sandbox.url}/links/${id}`, {
        method: "PUT",
        headers: { "x-api-key": team.sandbox.apiKey, "x-api-secret": team.sandbox.apiSecret, "content-type": "application/json" },
        body: JSON.stringify({ title: "Edited in the dashboard" }),
      });
      expect(edited.status).toBe(200);
      await ok(["pulumi", "refresh", "--stack", "life", "--yes", "--skip-preview"]);
      expect(checkpointOf(await backendRows(team.pg), "life")?.checkpoint.latest?.resources?.find((r) => r.urn.endsWith("::life-1"))).toMatchObject({
        outputs: { title: "Edited in the dashboard" },
      });

      // The declaration wins again, through a saved plan and its apply.
      runner.write({ "links/life.yaml": linkFile({ ...life, "life-3": { title: "Life 3", amount_mode: "fixed", amount: 300, usage_mode: "reusable" } }) });
      const plan = await runner.mytpeLinks(["plan", "--stack", "life", "--save-plan", ".plan/update-plan.json"]);
      expect(plan.code, plan.stderr).toBe(2);
      expect(readFileSync(join(runner.dir, ".plan", "plan.md"), "utf8")).toMatch(/life-3[\s\S]*create/);
      proxy.reset();
      await ok(["apply", "--stack", "life", "--plan", ".plan/update-plan.json"]);
      expect(
        proxy
          .writes()
          .map((call) => `${call.method} ${call.path.replace(/[0-9a-f-]{36}/g, "{id}")}`)
          .sort(),
      ).toEqual(["POST /api/ext/links", "POST /api/ext/links/{id}/publish", "PUT /api/ext/links/{id}"]);
      expect(linksOf(await backendRows(team.pg), "life").sort()).toEqual(["life-0", "life-1", "life-2", "life-3"]);

      await ok(["pulumi", "destroy", "--stack", "life", "--yes", "--skip-preview"]);
      expect(linksOf(await backendRows(team.pg), "life")).toEqual([]);
      const archived = team.sandbox.links().filter((link) => link.title.startsWith("Life") || link.title === "Edited in the dashboard");
      expect(archived.map((link) => link.status)).toEqual(["archived", "archived", "archived", "archived"]);
    },
    STEP,
  );

  it(
    "keeps credentials given through the environment out of every row of the table",
    async () => {
      const { runner } = await team.runner("by-env");
      const up = await runner.mytpeLinks(["up", "--stack", "by-env"]);
      expect(up.code, up.stderr).toBe(0);

      const rows = await backendRows(team.pg);
      expect(linksOf(rows, "by-env")).toHaveLength(2);
      for (const row of rows) {
        expect(row.content, row.key).not.toContain(team.sandbox.apiSecret);
        expect(row.stored, row.key).not.toContain(team.sandbox.apiSecret);
      }
    },
    STEP,
  );

  it(
    "stores credentials given as secret stack config only encrypted with the stack's passphrase",
    async () => {
      // No credentials in the environment: the stack's secret config is all the provider gets.
      const { runner } = await team.runner("by-config", { MYTPE_API_KEY: "", MYTPE_API_SECRET: "" });
      for (const [key, value] of [
        ["mytpe:apiKey", team.sandbox.apiKey],
        ["mytpe:apiSecret", team.sandbox.apiSecret],
      ] as const) {
        const set = await runner.mytpeLinks(["pulumi", "config", "set", "--secret", key, value, "--stack", "by-config"]);
        expect(set.code, set.stderr).toBe(0);
      }
      const up = await runner.mytpeLinks(["up", "--stack", "by-config"]);
      expect(up.code, up.stderr).toBe(0);

      const rows = await backendRows(team.pg);
      const stackRows = rows.filter((row) => row.key.includes("/by-config"));
      expect(linksOf(rows, "by-config")).toHaveLength(2);
      // The engine keeps the provider's config in state (the default provider's inputs): as ciphertext.
      const state = JSON.stringify(checkpointOf(rows, "by-config"));
      expect(state).toMatch(/"secrets_providers":\{"type":"passphrase"/);
      expect(state).toMatch(/"mytpe:apiSecret":\{"4dabf18193072939515e22adb298388d":"1b47061264138c4ac30d75fd1eb44270","ciphertext":"v1:/);
      expect(stackRows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.content, row.key).not.toContain(team.sandbox.apiSecret);
        expect(row.stored, row.key).not.toContain(team.sandbox.apiSecret);
      }
    },
    STEP,
  );
});
