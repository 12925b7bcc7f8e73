// A replacement always makes a new link and archives the old one, whichever way Pulumi asks for it
// (`up --replace`, `--target-replace`; a pricing change of a paid link is in price-changes.test.ts), and a run killed half-way through a
// replacement — either order — is finished by one `up --refresh`: the new link managed, the old one
// archived, no third link, nothing refused. Through the real CLI, checkpoints skipped (state
// written once, at the end), as the project's own commands run it.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseMark } from "../../src/provider/owner-mark.ts";
import type { Link } from "../../src/sandbox/link.ts";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import { holdAt } from "../harness/hold-request.ts";
import { freshProject } from "../harness/project-states.ts";
import type { E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(47_000);
const SKIP = { env: { PULUMI_SKIP_CHECKPOINTS: "true" } };
const urn = (name: string) => `urn:pulumi:test::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::${name}`;

/** One PaymentLink per entry of links.json, with its resource options. */
const PROGRAM = `
import { readFileSync } from "node:fs";
import { PaymentLink } from "mytpe-links";
const declared = JSON.parse(readFileSync(new URL("./links.json", import.meta.url), "utf8"));
for (const { name, args, opts } of declared) new PaymentLink(name, args, opts);
`;

function declare(project: E2eProject, title: string, opts?: Record<string, unknown>, amount = 1000): void {
  const args = { payment_instance_id: project.sandbox.instances.ready, title, amount_mode: "fixed", amount, usage_mode: "reusable" };
  writeFileSync(join(project.dir, "links.json"), JSON.stringify([{ name: "voucher", args, ...(opts ? { opts } : {}) }]));
}

const writes = (project: E2eProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);

/** The live links and what state holds, for the assertions every test makes. */
async function outcome(project: E2eProject) {
  const links = project.sandbox.links();
  const state = (await project.exportStack()).deployment.resources.filter((resource) => resource.type.endsWith(":PaymentLink"));
  return { links, ids: state.map((resource) => resource.id), status: (id: string | undefined) => links.find((link) => link.id === id)?.status };
}

/**
 * Ends with exactly `old` archived and one other link of this stack active, carrying generation 2
 * of the mark, held by state (`count`: every link in the sandbox, another stack's included).
 */
async function expectReplaced(project: E2eProject, old: Link, count = 2): Promise<Link> {
  const { links, ids, status } = await outcome(project);
  expect(links).toHaveLength(count);
  expect(status(old.id)).toBe("archived");
  const fresh = links.find((link) => ids.includes(link.id))!;
  expect(fresh.status).toBe("active");
  expect(fresh.slug).not.toBe(old.slug);
  // Generation 2 of the resource's mark, in this state (the owner id its links record).
  const owner = (await project.exportStack()).deployment.resources.find((resource) => resource.id === fresh.id)?.outputs?.["owner"];
  expect(parseMark(fresh.metadata?.["_pulumi_link"])).toEqual({ urn: urn("voucher"), generation: 2, replaced: false, owner });
  expect(ids).toEqual([fresh.id]);
  // Converged: nothing left to do, nothing written.
  project.sandbox.resetRequests();
  await project.run(["up", "--yes", "--skip-preview", "--refresh", "--expect-no-changes"], SKIP);
  expect(writes(project)).toEqual([]);
  return fresh;
}

async function projectWithVoucher(opts?: Record<string, unknown>, layers: Layer[] = []): Promise<{ project: E2eProject; old: Link }> {
  const project = await freshProject({ program: PROGRAM, layers });
  declare(project, "Voucher", opts);
  await project.run(["up", "--yes", "--skip-preview"], SKIP);
  const [old] = project.sandbox.links();
  expect(old?.status).toBe("active");
  project.sandbox.resetRequests();
  return { project, old: old! };
}

describe("a replacement asked of Pulumi makes a new link and archives the old one", () => {
  it(
    "up --replace on an unpaid link: a new link created and published, then the old one archived",
    async () => {
      const { project, old } = await projectWithVoucher();
      await project.run(["up", "--yes", "--skip-preview", "--replace", urn("voucher")], SKIP);

      expect(writes(project)).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/archive"]);
      await expectReplaced(project, old);
    },
    STEP,
  );

  it(
    "up --target-replace: the same, and nothing else is touched",
    async () => {
      const { project, old } = await projectWithVoucher();
      await project.run(["up", "--yes", "--skip-preview", "--target-replace", urn("voucher")], SKIP);

      expect(writes(project)).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/archive"]);
      await expectReplaced(project, old);
    },
    STEP,
  );

  it(
    "up --replace --stack <organization/project/stack> while another stack is selected: the same, the saved state read being the running stack's",
    async () => {
      const { project, old } = await projectWithVoucher();
      await project.run(["stack", "init", "other"], SKIP);
      await project.run(["up", "--yes", "--skip-preview", "--stack", "organization/mytpe-links/test", "--replace", urn("voucher")], SKIP);

      expect(writes(project)).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/archive"]);
      await project.run(["stack", "select", "test"], SKIP);
      await expectReplaced(project, old);
    },
    STEP,
  );

  it(
    "up --replace while another stack with the same links is selected mid-run: the running stack's link replaced once, the other's untouched",
    async () => {
      const hold = holdAt((method, path) => method === "POST" && path.endsWith("/links"), true);
      const { project, old } = await projectWithVoucher(undefined, [hold.layer]);
      await project.run(["stack", "init", "other"], SKIP);
      await project.run(["up", "--yes", "--skip-preview"], SKIP);
      const others = project.sandbox.links().filter((link) => link.id !== old.id);
      await project.run(["stack", "select", "test"], SKIP);
      project.sandbox.resetRequests();

      // The selection changes while the replacement's create is held: nothing of the run follows it.
      hold.arm();
      const running = project.run(["up", "--yes", "--skip-preview", "--stack", "test", "--replace", urn("voucher")], SKIP);
      while (!hold.arrived()) await new Promise((resolve) => setTimeout(resolve, 20));
      await project.run(["stack", "select", "other"], SKIP);
      hold.release();
      await running;

      expect(writes(project)).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/archive"]);
      expect(
        project.sandbox
          .links()
          .filter((link) => others.some((other) => other.id === link.id))
          .map((link) => link.status),
      ).toEqual(["active"]);
      await project.run(["stack", "select", "test"], SKIP);
      await expectReplaced(project, old, 3);
    },
    STEP,
  );

  it(
    "replaceOnChanges has no effect on a dynamic resource: the preview shows an update in place, and up does exactly that",
    async () => {
      // Pulumi's dynamic-provider host reports no changed keys, which replaceOnChanges needs
      // (README "What up does"): what the reviewer sees is still what happens.
      const { project, old } = await projectWithVoucher({ replaceOnChanges: ["title"] });
      declare(project, "Voucher, renamed", { replaceOnChanges: ["title"] });
      const preview = await project.run(["preview", "--diff"], SKIP);
      expect(preview.stdout).toMatch(/~ .*PaymentLink/);
      expect(preview.stdout).not.toMatch(/\+- .*PaymentLink/);
      await project.run(["up", "--yes", "--skip-preview"], SKIP);

      expect(writes(project)).toEqual(["PUT /links/{id}"]);
      expect(project.sandbox.links().map((link) => [link.id, link.title, link.status])).toEqual([[old.id, "Voucher, renamed", "active"]]);
    },
    STEP,
  );
});

describe("a run killed during a replacement is finished by one up --refresh", () => {
  it(
    "killed after the old link was archived, before state recorded the new one (create, then archive)",
    async () => {
      const hold = holdAt((method, path) => method === "POST" && path.endsWith("/archive"), true);
      const { project, old } = await projectWithVoucher(undefined, [hold.layer]);
      hold.arm();
      const killed = await project.pulumi(["up", "--yes", "--skip-preview", "--replace", urn("voucher")], { ...SKIP, killWhen: hold.arrived });
      hold.release();
      expect(killed.killed).toBe(true);
      expect(
        project.sandbox
          .links()
          .map((link) => link.status)
          .sort(),
      ).toEqual(["active", "archived"]);
      await project.pulumi(["cancel", "--yes"], SKIP);

      project.sandbox.resetRequests();
      const up = await project.run(["up", "--yes", "--skip-preview", "--refresh"], SKIP);
      expect(up.stdout).toContain("an earlier run began replacing this link and stopped before recording it");
      // The link the killed run made is taken, not a third one made.
      expect(writes(project).filter((route) => route === "POST /links")).toEqual([]);
      await expectReplaced(project, old);
    },
    STEP,
  );

  it(
    "killed after deleteBeforeReplace archived the old link, before the new one was created",
    async () => {
      const hold = holdAt((method, path) => method === "POST" && path.endsWith("/links"), false);
      const { project, old } = await projectWithVoucher({ deleteBeforeReplace: true }, [hold.layer]);
      hold.arm();
      const killed = await project.pulumi(["up", "--yes", "--skip-preview", "--replace", urn("voucher")], { ...SKIP, killWhen: hold.arrived });
      hold.release();
      expect(killed.killed).toBe(true);
      // Flagged as owed before it was archived: a targeted replacement, which no declaration says.
      expect(project.sandbox.links().map((link) => [link.status, parseMark(link.metadata?.["_pulumi_link"])])).toEqual([
        ["archived", expect.objectContaining({ urn: urn("voucher"), generation: 1, replaced: true, owed: true })],
      ]);
      await project.pulumi(["cancel", "--yes"], SKIP);

      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview", "--refresh"], SKIP);
      expect(writes(project).filter((route) => route === "POST /links")).toEqual(["POST /links"]);
      await expectReplaced(project, old);
    },
    STEP,
  );
});
