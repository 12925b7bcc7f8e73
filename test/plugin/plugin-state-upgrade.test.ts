// State is a public interface: state written by main's plugin at d8ac2c6 (every key a wire name:
// test/fixtures/state/plugin-d8ac2c6/README.md) is read by this version, whose schema names the
// same properties in camelCase, through the real CLI: the program renamed to the plugin's names
// previews no change and its up writes nothing, the links keep their ids and marks; the next
// change updates in place.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { pluginProps } from "../../src/plugin/plugin-names.ts";
import { REPO } from "../harness/temp-project.ts";
import { createYamlProject, type YamlProject, type YamlResources } from "../yaml/yaml-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const FIXTURE = join(REPO, "test", "fixtures", "state", "plugin-d8ac2c6");
const STEP = stepTimeout(14_000);

/** The fixture's program (wire names, as main's plugin took them), in the plugin's names now. */
function renamedProgram(title?: string): YamlResources {
  const program = readFileSync(join(FIXTURE, "Pulumi.yaml"), "utf8");
  const resources = JSON.parse(/^resources: (.*)$/m.exec(program)![1]!) as YamlResources;
  return Object.fromEntries(
    Object.entries(resources).map(([name, resource]) => [
      name,
      { ...resource, properties: { ...pluginProps(resource.properties), ...(title && name === "voucher" ? { title } : {}) } },
    ]),
  );
}

const writes = (project: YamlProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);

describe("state written by main's plugin (d8ac2c6, wire-name keys)", () => {
  let project: YamlProject | undefined;
  afterEach(async () => project?.dispose());

  async function projectWithPluginState(): Promise<YamlProject> {
    const made = await createYamlProject({ sandboxState: join(FIXTURE, "sandbox-state.json") });
    await made.run(["stack", "import", "--file", join(FIXTURE, "stack-export.json")]);
    made.sandbox.resetRequests();
    return made;
  }

  it(
    "is upgraded by the first up with no API write, each link keeping its id and mark, its state in the plugin's names; then nothing changes",
    async () => {
      project = await projectWithPluginState();
      const before = project.sandbox.links();
      project.writeProgram(renamedProgram());

      // State version 2 → 3 (the owner id recorded, the plugin's names): an update that sends nothing.
      const up = await project.run(["up", "--yes", "--skip-preview"]);
      expect(up.stdout).toContain("state written by an earlier version of mytpe-links (state version 2); recording it as state version 3 (no API write)");
      const preview = await project.pulumi(["preview", "--expect-no-changes"]);
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      await project.run(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
      expect(writes(project)).toEqual([]);
      const voucher = (await project.exportStack()).deployment.resources.find((resource) => resource.urn.endsWith("::voucher"));
      expect(voucher?.outputs).toMatchObject({ maxUses: 10, stateVersion: 3 });
      expect(voucher?.outputs).not.toHaveProperty("max_uses");
      expect(project.sandbox.links()).toEqual(before);
      const links = (await project.exportStack()).deployment.resources.filter((resource) => resource.type === "mytpe:index:PaymentLink");
      for (const link of links) expect(before.find((live) => live.id === link.id)?.metadata?.["_pulumi_link"]).toBe(link.urn);
    },
    STEP,
  );

  it(
    "updates a link in place afterwards, its state then in the plugin's names",
    async () => {
      project = await projectWithPluginState();
      project.writeProgram(renamedProgram("Plugin voucher, renamed"));
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(writes(project)).toEqual(["PUT /links/{id}"]);
      const voucher = (await project.exportStack()).deployment.resources.find((resource) => resource.urn.endsWith("::voucher"));
      expect(voucher?.outputs).toMatchObject({ title: "Plugin voucher, renamed", maxUses: 10, paidCount: 0 });
      expect(voucher?.outputs).not.toHaveProperty("max_uses");
    },
    STEP,
  );
});
