// Drift through the real command line: a link edited in the dashboard, ended by the platform, or
// gone, is marked and makes `links` exit 3; `pulumi refresh` records it and the exit is 0 again.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LinksJson } from "../../../src/cli/links/links-json.ts";
import { linksYaml } from "../../harness/temp-project.ts";
import { createCliProject, type CliProject } from "./cli-project.ts";
import { stepTimeout } from "../../harness/step-timeout.ts";

const SETUP = 10 * 60_000;
const STEP = stepTimeout(17_000);

describe("drift in mytpe-links links", () => {
  let project: CliProject;
  const idOf = (title: string) => project.sandbox.links().find((link) => link.title === title)!.id;

  beforeAll(async () => {
    project = await createCliProject();
    project.writeLinks(
      linksYaml(project.sandbox.instances.ready, {
        edited: { title: "Edited in the dashboard", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" },
        "one-shot": { title: "One shot", amount_mode: "fixed", amount: 1000, usage_mode: "one_shot" },
        steady: { title: "Steady", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" },
      }),
    );
    await project.run(["up", "--yes"]);
  }, SETUP);
  afterAll(async () => project?.dispose());

  it(
    "marks a field edited in the dashboard, says what changed, and exits 3 until a refresh records it",
    async () => {
      await project.api("PUT", `/links/${idOf("Edited in the dashboard")}`, { title: "Edited by hand" });
      const drifted = await project.cli(["links"]);
      expect(drifted.code).toBe(3);
      expect(drifted.stdout).toMatch(/^edited\s+active\s+\S+\s+0\s+0\.00 DZD\s+links\/links\.yaml\s+title$/m);
      expect(drifted.stdout).toContain('  edited  title: "Edited in the dashboard" → "Edited by hand"');

      await project.run(["refresh", "--yes"]);
      const recorded = await project.cli(["links"]);
      expect(recorded.code, recorded.stdout).toBe(0);
      expect(recorded.stdout).not.toContain("Drift");
    },
    STEP,
  );

  it(
    "marks a link the platform ended since the last up as a change of status",
    async () => {
      await project.api("POST", `/sandbox/links/${idOf("One shot")}/pay`, {});
      const result = await project.cli(["links", "--json"]);
      expect(result.code).toBe(3);
      const json = JSON.parse(result.stdout) as LinksJson;
      expect(json.drift).toBe(true);
      expect(json.links.find((link) => link.name === "one-shot")).toMatchObject({
        status: "exhausted",
        paid_count: 1,
        drift: [{ field: "status", state: "active", live: "exhausted" }],
      });
      await project.run(["refresh", "--yes"]);
      expect((await project.cli(["links"])).code).toBe(0);
    },
    STEP,
  );

  it(
    "marks a link the API no longer has as gone",
    async () => {
      // The state names a link that does not exist (as after a link was removed by other means).
      const exported = JSON.parse((await project.run(["stack", "export"])).stdout) as { deployment: { resources: { urn: string; id?: string }[] } };
      const steady = exported.deployment.resources.find((resource) => resource.urn.endsWith("::steady"))!;
      const realId = steady.id!;
      steady.id = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
      await importStack(project, exported);
      try {
        const result = await project.cli(["links"]);
        expect(result.code).toBe(3);
        expect(result.stdout).toMatch(/^steady\s+gone\s/m);
        expect(result.stdout).toContain("  steady  status: active → gone");
      } finally {
        steady.id = realId;
        await importStack(project, exported);
      }
    },
    STEP,
  );
});

async function importStack(project: CliProject, deployment: unknown): Promise<void> {
  const file = join(project.dir, "state.json");
  writeFileSync(file, JSON.stringify(deployment));
  await project.run(["stack", "import", "--file", file]);
}
