// Another trader's keys through the real CLI: the API answers 404 for this stack's links and their
// instance as for missing ones, so nothing may be taken for "gone". refresh and destroy fail, naming
// the keys (their id's prefix, never the secret) and the API URL, and change neither state nor the
// live links; up makes no second link.
import { afterEach, describe, expect, it } from "vitest";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(23_000);
const FIXED = { amount_mode: "fixed", amount: 1000, usage_mode: "reusable" };

async function stackWithTwoLinks(): Promise<E2eProject> {
  const project = await createE2eProject();
  project.writeLinks(
    linksYaml(project.sandbox.instances.ready, { voucher: { title: "Voucher", ...FIXED }, draft: { title: "Draft", ...FIXED, status: "draft" } }),
  );
  await project.run(["up", "--yes", "--skip-preview"]);
  return project;
}

const otherKeys = (project: E2eProject) => ({
  env: { MYTPE_API_KEY: project.sandbox.otherTrader.apiKey, MYTPE_API_SECRET: project.sandbox.otherTrader.apiSecret },
});

/** Each link's id, status and slug, live and in state, to compare before and after. */
async function snapshot(project: E2eProject) {
  const live = project.sandbox
    .links()
    .map((link) => `${link.title} ${link.id} ${link.status} ${link.slug}`)
    .sort();
  const state = (await project.exportStack()).deployment.resources
    .filter((resource) => resource.type.endsWith("mytpe:PaymentLink"))
    .map(
      (resource) =>
        `${String(resource.outputs?.["title"])} ${String(resource.id)} ${String(resource.outputs?.["status"])} ${String(resource.outputs?.["slug"])}`,
    )
    .sort();
  return { live, state };
}

function expectNamesKeysAndApi(project: E2eProject, output: string): void {
  expect(output).toContain(`the MyTPE API at ${project.sandbox.url} answers 404 for its payment instance ${project.sandbox.instances.ready}`);
  expect(output).toContain("to the API key mtk_live_9988…");
  expect(output).toContain("nothing was changed");
  expect(output).not.toContain(project.sandbox.otherTrader.apiSecret);
  expect(output).not.toContain(project.sandbox.otherTrader.apiKey);
}

describe("another trader's keys", () => {
  let project: E2eProject | undefined;
  afterEach(async () => project?.dispose());

  it(
    "make refresh fail, naming the keys and the API, with state and live links unchanged",
    async () => {
      project = await stackWithTwoLinks();
      const before = await snapshot(project);
      expect(before.live).toHaveLength(2);

      const refresh = await project.pulumi(["refresh", "--yes"], otherKeys(project));
      expect(refresh.code).not.toBe(0);
      expectNamesKeysAndApi(project, refresh.stdout + refresh.stderr);
      expect(await snapshot(project)).toEqual(before);
    },
    STEP,
  );

  it(
    "make destroy fail, leaving every link live and state intact",
    async () => {
      project = await stackWithTwoLinks();
      const before = await snapshot(project);

      const destroy = await project.pulumi(["destroy", "--yes"], otherKeys(project));
      expect(destroy.code).not.toBe(0);
      expectNamesKeysAndApi(project, destroy.stdout + destroy.stderr);
      expect(await snapshot(project)).toEqual(before);
      expect(
        project.sandbox
          .links()
          .map((link) => link.status)
          .sort(),
      ).toEqual(["active", "draft"]);
    },
    STEP,
  );

  it(
    "make up --refresh and an up with a change fail without a second link",
    async () => {
      project = await stackWithTwoLinks();
      const before = await snapshot(project);
      project.sandbox.resetRequests();

      const refreshing = await project.pulumi(["up", "--yes", "--refresh"], otherKeys(project));
      expect(refreshing.code).not.toBe(0);
      project.writeLinks(
        linksYaml(project.sandbox.instances.ready, { voucher: { title: "Voucher renamed", ...FIXED }, draft: { title: "Draft", ...FIXED, status: "draft" } }),
      );
      const changed = await project.pulumi(["up", "--yes"], otherKeys(project));
      expect(changed.code).not.toBe(0);
      expectNamesKeysAndApi(project, changed.stdout + changed.stderr);

      expect(await snapshot(project)).toEqual(before);
      expect(project.sandbox.requests.filter((request) => request.route === "POST /links")).toEqual([]);
    },
    STEP,
  );
});
