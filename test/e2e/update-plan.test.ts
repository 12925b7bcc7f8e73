// The merge step of the GitOps workflow (.github/workflows/links.yml) applies the update plan saved
// by the pull request's preview (`npm run plan -- --save-plan`), as the project's commands run
// Pulumi (state written once per run): exactly the reviewed change, and nothing if the
// declarations moved on after the review.
import { describe, expect, it } from "vitest";
import { projectWithLinks } from "../harness/project-states.ts";
import { linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(38_000);

const declared = (title: string, amount = 1000) => ({
  voucher: { title, amount_mode: "fixed", amount, usage_mode: "reusable" },
  steady: { title: "Steady", amount_mode: "fixed", amount: 500, usage_mode: "reusable" },
});
const declare = (project: E2eProject, title: string, amount?: number) =>
  project.writeLinks(linksYaml(project.sandbox.instances.ready, declared(title, amount)));
const writes = (project: E2eProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);
/** A voucher and a steady link, made by one up run as the project's commands run it. */
const campaign = () => projectWithLinks(declared("Voucher"), { env: { PULUMI_SKIP_CHECKPOINTS: "true" } });

describe("pulumi up --plan with the plan saved by the reviewed preview", () => {
  it(
    "applies the reviewed change and nothing else",
    async () => {
      const project = await campaign();
      declare(project, "Voucher, spring edition");
      await project.run(["preview", "--save-plan", "reviewed.json"]);
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--plan", "reviewed.json"]);

      expect(writes(project)).toEqual(["PUT /links/{id}"]);
      expect(
        project.sandbox
          .links()
          .map((link) => link.title)
          .sort(),
      ).toEqual(["Steady", "Voucher, spring edition"]);
    },
    STEP,
  );

  it(
    "refuses a plan the declarations no longer match, naming the link and the field, and writes nothing",
    async () => {
      const project = await campaign();
      declare(project, "Voucher, summer edition");
      await project.run(["preview", "--save-plan", "reviewed.json"]);
      // A push after the review changes the price too.
      declare(project, "Voucher, summer edition", 2000);
      project.sandbox.resetRequests();
      const up = await project.pulumi(["up", "--yes", "--plan", "reviewed.json"]);

      expect(up.code).not.toBe(0);
      expect(up.stdout + up.stderr).toMatch(/PaymentLink::voucher violates plan: properties changed: .*amount/);
      expect(writes(project)).toEqual([]);
      expect(project.sandbox.links().find((link) => link.title === "Voucher")?.amount).toBe("1000.00");
    },
    STEP,
  );
});
