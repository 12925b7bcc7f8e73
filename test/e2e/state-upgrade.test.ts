// State is a public interface: state written by the version before the package (its stored
// provider walks up from the working directory to provider/payment-link-shim.cjs) is refreshed,
// updated and destroyed by this version, and the next `up` moves it to the versioned text that
// names the package (protocol.ts) without an API write. The fixture is a real export from that
// version (test/fixtures/state/v0-path-walking/README.md).
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LEGACY_PROVIDER_V0, PAYMENT_LINK_PROVIDER, STATE_VERSION } from "../../src/provider/protocol.ts";
import { createE2eProject, REPO, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const FIXTURE = join(REPO, "test", "fixtures", "state", "v0-path-walking");
const STEP = stepTimeout(30_000);

/** A fork of this repository holding the old state: the legacy file where the old text looks for it. */
async function projectWithV0State(): Promise<E2eProject> {
  const project = await createE2eProject({ sandboxState: join(FIXTURE, "sandbox-state.json") });
  mkdirSync(join(project.dir, "provider"));
  copyFileSync(join(REPO, "provider", "payment-link-shim.cjs"), join(project.dir, "provider", "payment-link-shim.cjs"));
  project.writeLinks(readFileSync(join(FIXTURE, "links.yaml"), "utf8"));
  await project.run(["stack", "import", "--file", join(FIXTURE, "stack-export.json")]);
  return project;
}

const providerTexts = async (project: E2eProject) =>
  (await project.exportStack()).deployment.resources
    .filter((resource) => resource.type === "pulumi-nodejs:dynamic/mytpe:PaymentLink")
    .flatMap((resource) => [resource.inputs?.["__provider"], resource.outputs?.["__provider"]]);

describe("state written by the version before the package", () => {
  let project: E2eProject | undefined;
  afterEach(async () => project?.dispose());

  it(
    "is refreshed by this version: the live payment is recorded",
    async () => {
      project = await projectWithV0State();
      await project.run(["refresh", "--yes"]);
      const paid = (await project.exportStack()).deployment.resources.find((resource) => resource.urn.endsWith("::v0-paid"));
      expect(paid?.outputs?.["paid_count"]).toBe(1);
    },
    STEP,
  );

  it(
    "is moved from the path-walking text to the versioned one by the next up, with no API write",
    async () => {
      project = await projectWithV0State();
      expect(new Set(await providerTexts(project))).toEqual(new Set([LEGACY_PROVIDER_V0]));
      project.sandbox.resetRequests();
      const up = await project.run(["up", "--yes"]);
      expect(up.stdout).toContain("3 updated");
      expect(up.stdout).toContain(
        `state written by an earlier version of mytpe-links (state version 0); recording it as state version ${STATE_VERSION} (no API write)`,
      );
      expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
      expect(new Set(await providerTexts(project))).toEqual(new Set([PAYMENT_LINK_PROVIDER]));
      const versions = (await project.exportStack()).deployment.resources.flatMap((resource) =>
        resource.outputs?.["state_version"] === undefined ? [] : [resource.outputs["state_version"]],
      );
      expect(versions).toEqual([STATE_VERSION, STATE_VERSION, STATE_VERSION]);
      // And from then on nothing changes.
      const again = await project.run(["preview", "--expect-no-changes"]);
      expect(again.code).toBe(0);
    },
    STEP,
  );

  it(
    "is destroyed by this version while still in the old format: every link archived",
    async () => {
      project = await projectWithV0State();
      await project.run(["destroy", "--yes"]);
      expect(project.sandbox.links().map((link) => link.status)).toEqual(["archived", "archived", "archived"]);
    },
    STEP,
  );

  it(
    "replaces the paid link on a price change once moved, as the live payment demands",
    async () => {
      project = await projectWithV0State();
      await project.run(["up", "--yes"]);
      project.writeLinks(readFileSync(join(FIXTURE, "links.yaml"), "utf8").replace("amount: 2000", "amount: 2500"));
      const preview = await project.run(["preview", "--diff"]);
      expect(preview.stdout).toMatch(/\+-pulumi-nodejs:dynamic\/mytpe:PaymentLink: \(replace\)\n(\s+\[id=[^\]]*\]\n)?\s+\[urn=[^\]]*::v0-paid\]/);
      expect(preview.stdout).toContain("+-1 to replace");
    },
    STEP,
  );
});
