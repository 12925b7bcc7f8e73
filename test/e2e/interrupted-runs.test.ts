// A run killed part-way, followed by the command a pipeline re-runs — a plain `up`, or `up --plan`
// with the plan reviewed before the kill — converges in one run: the replacement finished (the link
// the killed run made taken, the old one archived) or rolled back when the declaration no longer
// asks for it (the paid link kept, the successor archived); never a third link, never a refusal
// that advises making one. Each kill is held at an exact request and checked to have landed there.
// Checkpoints skipped (state written once, at the end), as the project's own commands run Pulumi.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import { holdAt } from "../harness/hold-request.ts";
import { freshProject } from "../harness/project-states.ts";
import type { E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(27_000);
const SKIP = { env: { PULUMI_SKIP_CHECKPOINTS: "true" } };
const URN = "urn:pulumi:test::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";

function declare(project: E2eProject, amount: number): void {
  const args = { payment_instance_id: project.sandbox.instances.ready, title: "Voucher", amount_mode: "fixed", amount, usage_mode: "reusable" };
  writeFileSync(join(project.dir, "links", "links.yaml"), `links:\n  voucher: ${JSON.stringify(args)}\n`);
}

const writes = (project: E2eProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);
const byId = (project: E2eProject, id: string | undefined) => project.sandbox.links().find((link) => link.id === id);
const stateIds = async (project: E2eProject) =>
  (await project.exportStack()).deployment.resources.filter((resource) => resource.type.endsWith(":PaymentLink")).map((resource) => resource.id);

/** A project whose voucher one `up` made, with the sandbox layer `hold` in front of the API. */
async function withVoucher(hold: ReturnType<typeof holdAt>, amount = 1000): Promise<{ project: E2eProject; old: Link }> {
  const project = await freshProject({ layers: [hold.layer] });
  declare(project, amount);
  await project.run(["up", "--yes", "--skip-preview"], SKIP);
  return { project, old: project.sandbox.links()[0]! };
}

/** Runs `args`, killed once `hold` holds its request; the lock the kill left released, as after `pulumi cancel`. */
async function killedAt(project: E2eProject, hold: ReturnType<typeof holdAt>, args: string[]): Promise<void> {
  hold.arm();
  const run = await project.pulumi(args, { ...SKIP, killWhen: hold.arrived });
  hold.release();
  expect(run.killed, run.stdout).toBe(true);
  expect(hold.arrived()).toBe(true);
  await project.pulumi(["cancel", "--yes"], SKIP);
}

/** Converged: state holds `kept` only, live and as declared; a second up and a preview change nothing. */
async function expectConverged(project: E2eProject, kept: string): Promise<void> {
  expect(await stateIds(project)).toEqual([kept]);
  expect(byId(project, kept)?.status).toBe("active");
  expect(
    project.sandbox
      .links()
      .filter((link) => link.status !== "archived")
      .map((link) => link.id),
  ).toEqual([kept]);
  project.sandbox.resetRequests();
  const preview = await project.pulumi(["preview", "--expect-no-changes"], SKIP);
  expect(preview.code, preview.stdout).toBe(0);
  await project.run(["up", "--yes", "--skip-preview", "--refresh", "--expect-no-changes"], SKIP);
  expect(writes(project)).toEqual([]);
}

const archiveOf = (method: string, path: string) => method === "POST" && path.endsWith("/archive");

describe("a killed up --replace, then a plain up", () => {
  it(
    "killed after the new link was made, before the old one was archived: the plain up takes the new link and archives the old",
    async () => {
      const hold = holdAt(archiveOf, false);
      const { project, old } = await withVoucher(hold);
      await killedAt(project, hold, ["up", "--yes", "--skip-preview", "--replace", URN]);
      // Landed where drawn: the new link made, the old one not yet archived, state still on the old.
      expect(project.sandbox.links().map((link) => link.status)).toEqual(["active", "active"]);
      expect(await stateIds(project)).toEqual([old.id]);
      const made = project.sandbox.links().find((link) => link.id !== old.id)!;

      project.sandbox.resetRequests();
      const up = await project.run(["up", "--yes"], SKIP);
      expect(up.stdout).toContain("an earlier run began replacing this link and stopped before recording it");
      expect(writes(project)).toEqual(["POST /links/{id}/archive"]);
      expect(byId(project, old.id)?.status).toBe("archived");
      await expectConverged(project, made.id);
    },
    STEP,
  );

  it(
    "killed after the new link was created, before it was published: the plain up publishes that link and archives the old",
    async () => {
      const hold = holdAt((method, path) => method === "POST" && path.endsWith("/links"), true);
      const { project, old } = await withVoucher(hold);
      await killedAt(project, hold, ["up", "--yes", "--skip-preview", "--replace", URN]);
      const made = project.sandbox.links().find((link) => link.id !== old.id)!;
      expect(made.status).toBe("draft");

      project.sandbox.resetRequests();
      await project.run(["up", "--yes"], SKIP);
      expect(writes(project)).toEqual(["POST /links/{id}/publish", "POST /links/{id}/archive"]);
      await expectConverged(project, made.id);
    },
    STEP,
  );

  it(
    "killed after the old link was archived: the plain up records the new link, with no write",
    async () => {
      const hold = holdAt(archiveOf, true);
      const { project, old } = await withVoucher(hold);
      await killedAt(project, hold, ["up", "--yes", "--skip-preview", "--replace", URN]);
      expect(byId(project, old.id)?.status).toBe("archived");
      expect(await stateIds(project)).toEqual([old.id]);
      const made = project.sandbox.links().find((link) => link.id !== old.id)!;

      project.sandbox.resetRequests();
      await project.run(["up", "--yes"], SKIP);
      expect(writes(project)).toEqual([]);
      await expectConverged(project, made.id);
    },
    STEP,
  );
});

describe("a killed repricing of a paid link", () => {
  async function paidVoucher(hold: ReturnType<typeof holdAt>) {
    const made = await withVoucher(hold);
    await made.project.api("POST", `/sandbox/links/${made.old.id}/pay`, {});
    return made;
  }

  it(
    "then a plain up of the same declaration: the replacement is finished, no refusal, no third link",
    async () => {
      const hold = holdAt(archiveOf, true);
      const { project, old } = await paidVoucher(hold);
      declare(project, 1500);
      await killedAt(project, hold, ["up", "--yes", "--skip-preview"]);
      const made = project.sandbox.links().find((link) => link.id !== old.id)!;
      expect(made.amount).toBe("1500.00");

      project.sandbox.resetRequests();
      const up = await project.run(["up", "--yes"], SKIP);
      expect(up.stdout).not.toContain("declare a link under a new name");
      expect(writes(project).filter((route) => route === "POST /links")).toEqual([]);
      await expectConverged(project, made.id);
    },
    STEP,
  );

  it(
    "then up --plan with the plan reviewed before the kill: the plan's replacement is finished",
    async () => {
      const hold = holdAt(archiveOf, false);
      const { project, old } = await paidVoucher(hold);
      declare(project, 1500);
      await project.run(["preview", "--save-plan", "plan.json"], SKIP);
      await killedAt(project, hold, ["up", "--yes", "--skip-preview", "--plan", "plan.json"]);
      const made = project.sandbox.links().find((link) => link.id !== old.id)!;

      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview", "--plan", "plan.json"], SKIP);
      expect(writes(project)).toEqual(["POST /links/{id}/archive"]);
      await expectConverged(project, made.id);
    },
    STEP,
  );

  it(
    "then the declaration reverted: the paid link is kept and the successor the killed run made is archived",
    async () => {
      const hold = holdAt(archiveOf, false);
      const { project, old } = await paidVoucher(hold);
      declare(project, 1500);
      await killedAt(project, hold, ["up", "--yes", "--skip-preview"]);
      const made = project.sandbox.links().find((link) => link.id !== old.id)!;
      expect(byId(project, old.id)?.status).toBe("active");

      declare(project, 1000);
      project.sandbox.resetRequests();
      const preview = await project.run(["preview"], SKIP);
      expect(preview.stdout).toContain(`the declaration no longer asks for the replacement: this link is kept, and the link that run made (${made.id}`);
      const up = await project.run(["up", "--yes", "--skip-preview"], SKIP);
      expect(up.stdout).not.toContain("REPLACED");
      expect(writes(project)).toEqual(["POST /links/{id}/archive"]);
      expect(byId(project, made.id)?.status).toBe("archived");
      expect(byId(project, old.id)?.paid_count).toBe(1);
      await expectConverged(project, old.id);
    },
    STEP,
  );

  it(
    "killed again while the plain up finishes it: the next plain up still converges",
    async () => {
      const first = holdAt(archiveOf, false);
      const { project, old } = await paidVoucher(first);
      declare(project, 1500);
      await killedAt(project, first, ["up", "--yes", "--skip-preview"]);
      await killedAt(project, first, ["up", "--yes", "--skip-preview"]);
      const made = project.sandbox.links().filter((link) => link.id !== old.id);
      expect(made).toHaveLength(1);

      await project.run(["up", "--yes", "--skip-preview"], SKIP);
      await expectConverged(project, made[0]!.id);
    },
    STEP,
  );
});
