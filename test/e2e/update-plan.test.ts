// The merge step of the GitOps workflow (.github/workflows/links.yml) applies the update plan saved
// by the pull request's preview (`npm run plan -- --save-plan`), as the project's commands run
// Pulumi (state written once per run): exactly the reviewed change, and nothing if the
// declarations moved on after the review.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";

const STEP = 120_000;

describe("pulumi up --plan with the plan saved by the reviewed preview", () => {
  let project: E2eProject;
  const declare = (title: string, amount = 1000) =>
    project.writeLinks(
      linksYaml(project.sandbox.instances.ready, {
        voucher: { title, amount_mode: "fixed", amount, usage_mode: "reusable" },
        steady: { title: "Steady", amount_mode: "fixed", amount: 500, usage_mode: "reusable" },
      }),
    );
  const writes = () => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);

  beforeAll(async () => {
    project = await createE2eProject({ env: { PULUMI_SKIP_CHECKPOINTS: "true" } });
    declare("Voucher");
    await project.run(["up", "--yes", "--skip-preview"]);
  }, 20 * 60_000);
  afterAll(async () => project?.dispose());

  it("applies the reviewed change and nothing else", async () => {
    declare("Voucher, spring edition");
    await project.run(["preview", "--save-plan", "reviewed.json"]);
    project.sandbox.resetRequests();
    await project.run(["up", "--yes", "--plan", "reviewed.json"]);

    expect(writes()).toEqual(["PUT /links/{id}"]);
    expect(project.sandbox.links().map((link) => link.title).sort()).toEqual(["Steady", "Voucher, spring edition"]);
  }, STEP);

  it("refuses a plan the declarations no longer match, naming the link and the field, and writes nothing", async () => {
    declare("Voucher, summer edition");
    await project.run(["preview", "--save-plan", "reviewed.json"]);
    // A push after the review changes the price too.
    declare("Voucher, summer edition", 2000);
    project.sandbox.resetRequests();
    const up = await project.pulumi(["up", "--yes", "--plan", "reviewed.json"]);

    expect(up.code).not.toBe(0);
    expect(up.stdout + up.stderr).toMatch(/PaymentLink::voucher violates plan: properties changed: .*amount/);
    expect(writes()).toEqual([]);
    expect(project.sandbox.links().find((link) => link.title.startsWith("Voucher"))?.amount).toBe("1000.00");
  }, STEP);
});
