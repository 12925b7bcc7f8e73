// A refresh records the live link whatever the declaration says: the engine diffs every refreshed
// resource against its last declaration (for the refresh's display), and that diff must neither
// refuse nor write — the `up` that follows decides, and says it once. Through the real CLI.
import { describe, expect, it } from "vitest";
import { holdAt } from "../harness/hold-request.ts";
import { projectWithLinks } from "../harness/project-states.ts";
import { linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(48_000);
const SKIP = { env: { PULUMI_SKIP_CHECKPOINTS: "true" } };
const reusable = (title: string) => ({ title, amount_mode: "fixed", amount: 1000, usage_mode: "reusable" });
const LINKS = { voucher: reusable("Voucher"), other: reusable("Other") };

const writes = (project: E2eProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);
const linkTitled = (project: E2eProject, title: string) => project.sandbox.links().find((link) => link.title === title)!;

async function stateStatus(project: E2eProject): Promise<Record<string, unknown>> {
  const resources = (await project.exportStack()).deployment.resources.filter((resource) => resource.type.endsWith(":PaymentLink"));
  return Object.fromEntries(resources.map((resource) => [resource.urn.split("::").pop(), resource.outputs?.["status"]]));
}

describe("a refresh records the live link and leaves deciding to up", () => {
  it(
    "records a link archived on the dashboard though it is declared active; the next up refuses, once, saying what to do",
    async () => {
      const project = await projectWithLinks(LINKS);
      expect((await project.api("POST", `/links/${linkTitled(project, "Voucher").id}/archive`)).status).toBe(200);
      project.sandbox.resetRequests();

      await project.run(["refresh", "--yes", "--skip-preview"]);
      expect(await stateStatus(project)).toEqual({ voucher: "archived", other: "active" });

      const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
      expect(up.code).not.toBe(0);
      const diagnostics = up.stdout.slice(up.stdout.indexOf("Diagnostics:"));
      expect(diagnostics.split("the link is archived and an archived link never accepts payments again").length - 1).toBe(1);
      expect(diagnostics).toContain("declare status: archived to keep it ended");
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "finishes a removal killed after its link was archived with one up --refresh, and makes no link",
    async () => {
      const hold = holdAt((method, path) => method === "POST" && path.endsWith("/archive"), true);
      const project = await projectWithLinks(LINKS, { layers: [hold.layer] });
      const removed = linkTitled(project, "Voucher");
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { other: LINKS.other }));
      hold.arm();
      const killed = await project.pulumi(["up", "--yes", "--skip-preview"], { ...SKIP, killWhen: hold.arrived });
      hold.release();
      expect(killed.killed).toBe(true);
      expect(linkTitled(project, "Voucher").status).toBe("archived");
      await project.pulumi(["cancel", "--yes"], SKIP);

      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview", "--refresh"], SKIP);
      expect(writes(project).filter((route) => route === "POST /links" || route === "PUT /links/{id}")).toEqual([]);
      expect(await stateStatus(project)).toEqual({ other: "active" });
      expect(
        project.sandbox
          .links()
          .map((link) => [link.id === removed.id, link.status])
          .sort(),
      ).toEqual([
        [false, "active"],
        [true, "archived"],
      ]);
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview", "--refresh", "--expect-no-changes"], SKIP);
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "removes a live link in an up --refresh with one archive and no other write",
    async () => {
      const project = await projectWithLinks(LINKS);
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { other: LINKS.other }));
      project.sandbox.resetRequests();

      await project.run(["up", "--yes", "--skip-preview", "--refresh"]);
      expect(writes(project)).toEqual(["POST /links/{id}/archive"]);
      expect(linkTitled(project, "Voucher").metadata?.["_pulumi_link"]).toMatch(/::voucher#1@[0-9a-f-]+$/);
    },
    STEP,
  );
});
