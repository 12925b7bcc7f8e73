// State records the protocol version that wrote it (protocol.ts STATE_VERSION, state-version.ts):
// a package meeting state written by a newer one refuses, naming the version to install, and
// changes neither state nor the live links; state written now carries the version.
import { afterEach, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { STATE_VERSION } from "../../src/provider/protocol.ts";
import { packageVersion } from "../../src/provider/state-version.ts";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(26_000);
const FIXED = { amount_mode: "fixed", amount: 1000, usage_mode: "reusable" };
const NEWER = { state_version: STATE_VERSION + 1, written_by: "9.1.0" };

/** A stack with one link whose state says a newer mytpe-links wrote it. */
async function stackFromNewerVersion(): Promise<E2eProject> {
  const project = await createE2eProject();
  project.writeLinks(linksYaml(project.sandbox.instances.ready, { voucher: { title: "Voucher", ...FIXED } }));
  await project.run(["up", "--yes", "--skip-preview"]);
  const exported = await project.exportStack();
  for (const resource of exported.deployment.resources) {
    if (!resource.type.endsWith("mytpe:PaymentLink")) continue;
    Object.assign(resource.inputs ?? {}, NEWER);
    Object.assign(resource.outputs ?? {}, NEWER);
  }
  const file = join(project.dir, "newer-state.json");
  writeFileSync(file, JSON.stringify(exported));
  await project.run(["stack", "import", "--file", file]);
  return project;
}

const linkState = async (project: E2eProject) =>
  (await project.exportStack()).deployment.resources.filter((resource) => resource.type.endsWith("mytpe:PaymentLink")).map((resource) => resource.outputs);

describe("state written by a newer mytpe-links", () => {
  let project: E2eProject | undefined;
  afterEach(async () => project?.dispose());

  it(
    "is recorded with its version by this one",
    async () => {
      project = await createE2eProject();
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { voucher: { title: "Voucher", ...FIXED } }));
      await project.run(["up", "--yes", "--skip-preview"]);
      expect(await linkState(project)).toEqual([expect.objectContaining({ state_version: STATE_VERSION, written_by: packageVersion() })]);
    },
    STEP,
  );

  it(
    "is refused by refresh, up and destroy, naming the version to install, with state and the live link unchanged",
    async () => {
      project = await stackFromNewerVersion();
      const before = await linkState(project);
      project.writeLinks(linksYaml(project.sandbox.instances.ready, { voucher: { title: "Voucher renamed", ...FIXED } }));
      project.sandbox.resetRequests();

      for (const command of [
        ["refresh", "--yes"],
        ["up", "--yes"],
        ["destroy", "--yes"],
      ]) {
        const result = await project.pulumi(command);
        expect(result.code, command.join(" ")).not.toBe(0);
        expect(result.stdout, command.join(" ")).toContain("its state was written by mytpe-links 9.1.0");
        expect(result.stdout, command.join(" ")).toContain("install mytpe-links 9.1.0 or later");
      }
      expect(await linkState(project)).toEqual(before);
      expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
      expect(project.sandbox.links().map((link) => `${link.title} ${link.status}`)).toEqual(["Voucher active"]);
    },
    STEP,
  );
});
