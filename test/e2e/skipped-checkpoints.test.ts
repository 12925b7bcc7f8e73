// With PULUMI_SKIP_CHECKPOINTS=true (what the project's own commands run `pulumi up` with, for
// speed: see README "Speed"), the engine writes the state once at the end of a run instead of
// after every step, so a run killed mid-way leaves the state as it was before the run. The links
// it made are found again by their mark. The riskiest moment is a replacement (a paid link's price
// changed): killed after the new link is live and before the paid one is archived.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import { jsonResponse } from "../../src/sandbox/pipeline.ts";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(25_000);
const SKIP = { env: { PULUMI_SKIP_CHECKPOINTS: "true" } };

describe("pulumi up with checkpoints skipped, killed between a replacement's new link and the archive of the paid one", () => {
  let project: E2eProject;
  let holdArchive = false;
  let archiveArrived = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  // Holds the archive call, so the kill lands after the new link is published and before the
  // paid link is archived, whatever the machine's speed; the held call then fails, unapplied,
  // as one cut off by the kill would.
  const holdingArchive: Layer = async (req, next) => {
    if (!holdArchive || req.method !== "POST" || !req.path.endsWith("/archive")) return next(req);
    archiveArrived = true;
    await released;
    return jsonResponse(503, { error: "SERVICE_UNAVAILABLE", message: "Cut off." });
  };
  const declared = (amount: number) => ({
    "price-paid": { title: "Price paid", amount_mode: "fixed", amount, usage_mode: "reusable" },
    steady: { title: "Steady", amount_mode: "fixed", amount: 700, usage_mode: "reusable" },
  });
  const titled = (title: string): Link[] => project.sandbox.links().filter((link) => link.title === title);
  const writes = () => project.sandbox.requests.filter((request) => request.method !== "GET");
  // What the killed run left, seen right after the kill.
  let paid: Link;
  let killedAfter: (string | null)[];
  let statusesAfterKill: string[];

  beforeAll(async () => {
    project = await createE2eProject({ layers: [holdingArchive] });
    project.writeLinks(linksYaml(project.sandbox.instances.ready, declared(1000)));
    await project.run(["up", "--yes", "--skip-preview"], SKIP);
    paid = titled("Price paid")[0]!;
    const payment = await project.api("POST", `/sandbox/links/${paid.id}/pay`, { payer: "customer@example.com" });
    expect(payment.status).toBe(201);

    project.writeLinks(linksYaml(project.sandbox.instances.ready, declared(1500)));
    project.sandbox.resetRequests();
    holdArchive = true;
    const up = await project.pulumi(["up", "--yes", "--skip-preview"], {
      ...SKIP,
      killWhen: () => archiveArrived,
    });
    expect(up.killed).toBe(true);
    killedAfter = writes().map((request) => request.route);
    statusesAfterKill = titled("Price paid").map((link) => link.status);
    holdArchive = false;
    release();
    await project.pulumi(["cancel", "--yes"], SKIP);
  }, 20 * 60_000);
  afterAll(async () => project?.dispose());

  it("was killed with the new link live and the paid one still collecting", () => {
    expect(killedAfter).toEqual(["POST /links", "POST /links/{id}/publish"]);
    // The archive call was held when the kill landed, and never applied.
    expect(statusesAfterKill).toEqual(["active", "active"]);
  });

  it(
    "recovers with the next up: the paid link archived, the new one kept, no third link, and nothing left to do after",
    async () => {
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview"], SKIP);

      const links = titled("Price paid");
      expect(links).toHaveLength(2);
      expect(links.find((link) => link.id === paid.id)?.status).toBe("archived");
      const fresh = links.find((link) => link.id !== paid.id);
      expect(fresh?.status).toBe("active");
      expect(fresh?.amount).toBe("1500.00");
      expect(writes().map((request) => request.route)).toEqual(["POST /links/{id}/archive"]);

      const state = await project.exportStack();
      const ids = state.deployment.resources.filter((resource) => resource.type.endsWith(":PaymentLink")).map((resource) => resource.id);
      expect(ids).toContain(fresh?.id);
      expect(ids).not.toContain(paid.id);
      expect(titled("Steady")).toHaveLength(1);

      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview", "--expect-no-changes"], SKIP);
      expect(writes()).toEqual([]);
    },
    STEP,
  );
});
