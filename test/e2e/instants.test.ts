// Instants compare as instants, at the API's microsecond precision: after a refresh records the
// API's notation of a date, a preview shows no change and `up` sends nothing. The tests read the
// one project the up and refresh made; each declares what it previews.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(7_000);

const NEW_YEAR = {
  title: "New year",
  amount_mode: "fixed",
  amount: 100,
  usage_mode: "time_window",
  starts_at: "2027-12-01T00:00:00+01:00",
  ends_at: "2027-12-31T23:59:59+01:00",
};

describe("a time-window link after a refresh", () => {
  let project: E2eProject;
  const declare = (fields: Record<string, unknown>) => project.writeLinks(linksYaml(project.sandbox.instances.ready, { "new-year": fields }));

  beforeAll(async () => {
    project = await createE2eProject();
    declare(NEW_YEAR);
    await project.run(["up", "--yes"]);
    await project.run(["refresh", "--yes"]);
  }, 5 * 60_000);
  afterAll(async () => project?.dispose());

  it(
    "holds the API's notation of the instants in the declaration's, so a preview shows no change",
    async () => {
      declare(NEW_YEAR);
      const preview = await project.pulumi(["preview", "--diff", "--expect-no-changes"]);
      expect(preview.stdout).not.toContain("ends_at");
      expect(preview.code).toBe(0);
    },
    STEP,
  );

  it(
    "shows only the fields that change when another one does: no instant written another way",
    async () => {
      declare({ ...NEW_YEAR, title: "New year party" });
      const preview = await project.run(["preview", "--diff"]);
      expect(preview.stdout).toContain("~ title");
      expect(preview.stdout).not.toMatch(/~ (starts_at|ends_at)/);
    },
    STEP,
  );

  it(
    "sends nothing on up",
    async () => {
      declare(NEW_YEAR);
      project.sandbox.resetRequests();
      await project.run(["up", "--yes"]);
      expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
    },
    STEP,
  );
});
