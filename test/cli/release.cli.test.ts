// `mytpe-links release` through the real CLI: the stack forgets the link first and unmarks it
// second, so a release stopped between the two leaves a marked link no state holds — an orphan the
// report names and `release --link` finishes — never an unmarked link a state still holds; a
// protected link is refused before anything changes.
import { expect, it } from "vitest";
import { jsonResponse, type Layer } from "../../src/sandbox/pipeline.ts";
import { disposedWithTest } from "../harness/project-states.ts";
import { linksYaml } from "../harness/temp-project.ts";
import { createCliProject } from "./links/cli-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(20_000);
const FIELDS = { amount_mode: "fixed", amount: 1000, usage_mode: "reusable" };
const held = async (project: Awaited<ReturnType<typeof createCliProject>>) =>
  (await project.exportStack()).deployment.resources.filter((resource) => resource.type.endsWith(":PaymentLink")).map((resource) => resource.id);

it(
  "forgets the link from state before it unmarks it: stopped between, the link is a marked orphan, and release --link finishes",
  async () => {
    let failPuts = false;
    const failing: Layer = async (req, next) => (failPuts && req.method === "PUT" ? jsonResponse(500, { error: "SERVER_ERROR", message: "Down." }) : next(req));
    const project = disposedWithTest(await createCliProject({ layers: [failing] }));
    const kept = { kept: { title: "Kept", ...FIELDS } };
    project.writeLinks(linksYaml(project.sandbox.instances.ready, { ...kept, shared: { title: "Shared", ...FIELDS } }));
    await project.run(["up", "--yes", "--skip-preview"]);
    const link = project.sandbox.links().find((one) => one.title === "Shared");

    failPuts = true;
    const stopped = await project.cli(["release", "shared", "--stack", "test"]);
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toContain(`if this stops half-way, finish it with \`mytpe-links release --link ${link!.id} --stack test --owner `);
    expect(await held(project)).not.toContain(link!.id);
    expect(project.sandbox.links().find((one) => one.id === link!.id)?.metadata).toEqual(link!.metadata);

    failPuts = false;
    project.writeLinks(linksYaml(project.sandbox.instances.ready, kept));
    const report = await project.cli(["links"]);
    expect(report.code).toBe(3);
    expect(report.stdout).toContain(`${link!.id} ${link!.slug} "Shared" (active), marked by shared`);
    const finished = await project.cli(["release", "--link", link!.id, "--stack", "test"]);
    expect(finished.code, finished.stderr).toBe(0);
    const released = project.sandbox.links().find((one) => one.id === link!.id);
    expect(released?.metadata ?? null).toBeNull();
    expect(released?.status).toBe("active");
  },
  STEP,
);

it(
  "refuses a protected link before anything changes",
  async () => {
    const project = disposedWithTest(await createCliProject());
    project.writeLinks(linksYaml(project.sandbox.instances.ready, { shared: { title: "Shared", ...FIELDS } }));
    await project.run(["up", "--yes", "--skip-preview"]);
    const [link] = project.sandbox.links();
    const urn = "urn:pulumi:test::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::shared";
    await project.run(["state", "protect", urn, "--yes"]);
    project.sandbox.resetRequests();

    const refused = await project.cli(["release", "shared", "--stack", "test"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`shared is protected in stack test; nothing was changed: unprotect it first (\`pulumi state unprotect '${urn}'\`)`);
    expect(await held(project)).toEqual([link!.id]);
    expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
    expect(project.sandbox.links()[0]?.metadata).toEqual(link!.metadata);
  },
  STEP,
);
