// Adoption gives a link one owner: the adopted link is marked in the same `up`, a second
// declaration adopting it later (this stack or another) is refused at preview naming the owner,
// `mytpe-links release` hands it over without archiving it, and `adopt:` changed, removed or kept
// through a replacement does what the preview says. Through the real CLI.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { disposedWithTest } from "../harness/project-states.ts";
import { linksYaml } from "../harness/temp-project.ts";
import { markNames, named } from "../harness/marks.ts";
import { createCliProject, type CliProject } from "../cli/links/cli-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(42_000);
const FIELDS = { title: "Dashboard voucher", amount_mode: "fixed", amount: 1500, usage_mode: "reusable" };
const TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";
const writes = (project: CliProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);
const live = (project: CliProject, id: string) => project.sandbox.links().find((link) => link.id === id);

/** A link made in the MyTPE dashboard (not by any stack), published. */
async function dashboardLink(project: CliProject, fields: Record<string, unknown> = FIELDS): Promise<string> {
  const created = await project.api("POST", "/links", { payment_instance_id: project.sandbox.instances.ready, ...fields });
  const id = String(created.body.data["id"]);
  expect((await project.api("POST", `/links/${id}/publish`)).status).toBe(200);
  return id;
}

async function projectWithAdopted(): Promise<{ project: CliProject; id: string }> {
  const project = disposedWithTest(await createCliProject());
  const id = await dashboardLink(project);
  project.writeLinks(linksYaml(project.sandbox.instances.ready, { first: { ...FIELDS, adopt: id } }));
  project.sandbox.resetRequests();
  await project.run(["up", "--yes", "--skip-preview"]);
  return { project, id };
}

it(
  "adopting a link with no change marks it, and another declaration adopting it in a later run is refused at preview, naming the owner",
  async () => {
    const { project, id } = await projectWithAdopted();
    expect(writes(project)).toEqual(["PUT /links/{id}"]);
    expect(markNames(live(project, id)?.metadata?.["_pulumi_link"])).toEqual(named(`urn:pulumi:test::mytpe-links::${TYPE}::first`));

    // `first` keeps the link (its `adopt:` done with); `second` names it again.
    project.writeLinks(linksYaml(project.sandbox.instances.ready, { first: FIELDS, second: { ...FIELDS, adopt: id } }));
    project.sandbox.resetRequests();
    const preview = await project.pulumi(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.stdout).toContain(`link ${id} is managed by resource "first" of stack test (project mytpe-links, state `);
    expect(preview.stdout).toContain("(its mark); a link has one owner");
    expect(writes(project)).toEqual([]);
  },
  STEP,
);

it(
  "hands a link to another stack: refused while the giver owns it, then `release` unmarks and forgets it, and the other stack adopts it — never archived",
  async () => {
    const project = disposedWithTest(await createCliProject());
    const instance = project.sandbox.instances.ready;
    project.writeLinks(linksYaml(instance, { shared: FIELDS }));
    await project.run(["up", "--yes", "--skip-preview"]);
    const [link] = project.sandbox.links();
    const id = link!.id;
    mkdirSync(join(project.dir, "other"));
    writeFileSync(join(project.dir, "other", "links.yaml"), linksYaml(instance, { taken: { ...FIELDS, adopt: id } }));
    await project.run(["stack", "init", "other"]);
    await project.run(["config", "set", "mytpe:links", "other/"]);

    const refused = await project.pulumi(["preview", "--stack", "other"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain("in that stack run `mytpe-links release shared`");

    const released = await project.cli(["release", "shared", "--stack", "test"]);
    expect(released.code, released.stderr).toBe(0);
    expect(released.stdout).toContain(`released shared: link ${id}`);
    expect(live(project, id)?.metadata ?? null).toBeNull();
    const giver = await project.run(["stack", "export", "--stack", "test"]);
    expect(giver.stdout).not.toContain(id);

    await project.run(["up", "--yes", "--skip-preview", "--stack", "other"]);
    expect(project.sandbox.links().map((one) => [one.id, one.status, markNames(one.metadata?.["_pulumi_link"])])).toEqual([
      [id, "active", named(`urn:pulumi:other::mytpe-links::${TYPE}::taken`)],
    ]);
  },
  STEP,
);

it(
  "adopt changed to another link is refused; adopt removed is shown and sends nothing; an adopted link replaced, and replaced again, is archived each time for a new one",
  async () => {
    const { project, id } = await projectWithAdopted();
    const instance = project.sandbox.instances.ready;
    const other = await dashboardLink(project, { ...FIELDS, title: "Another" });

    project.writeLinks(linksYaml(instance, { first: { ...FIELDS, adopt: other } }));
    const changed = await project.pulumi(["preview"]);
    expect(changed.code).not.toBe(0);
    expect(changed.stdout).toContain(`adopt: ${other} on a resource that already manages link ${id}`);

    project.writeLinks(linksYaml(instance, { first: FIELDS }));
    project.sandbox.resetRequests();
    const removed = await project.run(["up", "--yes"]);
    expect(removed.stdout).toContain(`adopt removed: it keeps managing link ${id} (no API write)`);
    expect(writes(project)).toEqual([]);

    // Paid, then repriced with `adopt` declared again: a new link, the adopted one archived.
    expect((await project.api("POST", `/sandbox/links/${id}/pay`, {})).status).toBe(201);
    project.writeLinks(linksYaml(instance, { first: { ...FIELDS, amount: 1800, adopt: id } }));
    const replaced = await project.run(["up", "--yes"]);
    expect(replaced.stdout).toContain(`adopt: ${id} names the link being replaced; the new link is made, not adopted`);
    expect(live(project, id)?.status).toBe("archived");
    const fresh = project.sandbox.links().find((one) => one.id !== id && one.id !== other);
    expect([fresh?.status, fresh?.amount, markNames(fresh?.metadata?.["_pulumi_link"])]).toEqual([
      "active",
      "1800.00",
      named(`urn:pulumi:test::mytpe-links::${TYPE}::first`, 2),
    ]);

    // Replaced again by `up --replace`, `adopt` still declared: another new link, the adopted one never taken back.
    await project.run(["up", "--yes", "--skip-preview", "--replace", `urn:pulumi:test::mytpe-links::${TYPE}::first`]);
    const third = project.sandbox.links().find((one) => ![id, other, fresh?.id].includes(one.id));
    expect([third?.status, markNames(third?.metadata?.["_pulumi_link"])]).toEqual(["active", named(`urn:pulumi:test::mytpe-links::${TYPE}::first`, 3)]);
    expect([live(project, id)?.status, live(project, fresh!.id)?.status]).toEqual(["archived", "archived"]);
  },
  STEP,
);
