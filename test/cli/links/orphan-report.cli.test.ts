// The orphan report of `mytpe-links links`, through the real CLI: a run killed after it created a
// link, whose declaration is then removed, leaves a live, payable link that no state holds; `links`
// names it (exit 3) with what to do, and `release --link` unmarks it.
import { expect, it } from "vitest";
import { jsonResponse, type Layer } from "../../../src/sandbox/pipeline.ts";
import { disposedWithTest } from "../../harness/project-states.ts";
import { linksYaml } from "../../harness/temp-project.ts";
import { createCliProject } from "./cli-project.ts";

const FIELDS = { amount_mode: "fixed", amount: 1000, usage_mode: "reusable" };

it("reports a live link marked by the stack that its state does not hold, with the commands that settle it, and release --link unmarks it", async () => {
  let hold = false;
  let arrived = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  // Holds the publish of the new link, so the kill lands after its create whatever the machine's speed.
  const holdingPublish: Layer = async (req, next) => {
    if (!hold || !req.path.endsWith("/publish")) return next(req);
    arrived = true;
    await released;
    return jsonResponse(503, { error: "SERVICE_UNAVAILABLE", message: "Cut off." });
  };
  const project = disposedWithTest(await createCliProject({ layers: [holdingPublish] }));
  const instance = project.sandbox.instances.ready;
  project.writeLinks(linksYaml(instance, { kept: { title: "Kept", ...FIELDS } }));
  await project.run(["up", "--yes", "--skip-preview"]);

  project.writeLinks(linksYaml(instance, { kept: { title: "Kept", ...FIELDS }, dropped: { title: "Dropped", ...FIELDS } }));
  hold = true;
  const killed = await project.pulumi(["up", "--yes", "--skip-preview"], { env: { PULUMI_SKIP_CHECKPOINTS: "true" }, killWhen: () => arrived });
  hold = false;
  release();
  expect(killed.killed).toBe(true);
  await project.pulumi(["cancel", "--yes"]);
  project.writeLinks(linksYaml(instance, { kept: { title: "Kept", ...FIELDS } }));
  await project.run(["up", "--yes", "--skip-preview"]);
  const orphan = project.sandbox.links().find((link) => link.title === "Dropped")!;

  const report = await project.cli(["links"]);
  expect(report.code).toBe(3);
  expect(report.stdout).toContain("1 live link carries a mark of stack test that its state does not hold (payable, managed by nobody):");
  expect(report.stdout).toContain(
    `  ${orphan.id} ${orphan.slug} "Dropped" (draft), marked by dropped: declare dropped again to take it back (add status: archived to stop it), ` +
      `or \`mytpe-links release --link ${orphan.id} --stack test\` to unmark it for adoption elsewhere`,
  );

  const released2 = await project.cli(["release", "--link", orphan.id, "--stack", "test"]);
  expect(released2.code, released2.stderr).toBe(0);
  expect(project.sandbox.links().find((link) => link.id === orphan.id)?.metadata ?? null).toBeNull();
  expect((await project.cli(["links"])).code).toBe(0);
}, 300_000);
