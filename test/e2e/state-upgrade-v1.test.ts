// State is a public interface: state written by 1.0 (its stored provider text names the package,
// `require("mytpe-links/provider/v1")`; its marks are the resources' URNs; no state_version field,
// so state version 1) is refreshed, updated, replaced and destroyed by this version, and the first
// `up` records it as the current state version without an API write. The fixture is a real export
// from 1.0 (test/fixtures/state/v1-02676ce/README.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PAYMENT_LINK_PROVIDER, PAYMENT_LINK_TYPE, STATE_VERSION } from "../../src/provider/protocol.ts";
import { apiWrites, paymentLinks, projectWithFixtureState } from "../harness/state-fixtures.ts";
import { linksYaml, type E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(47_000);
const urn = (name: string) => `urn:pulumi:test::mytpe-links::${PAYMENT_LINK_TYPE}::${name}`;
const UPGRADE_NOTE = `state written by an earlier version of mytpe-links (state version 1); recording it as state version ${STATE_VERSION} (no API write)`;

const projectWithV1State = () => projectWithFixtureState("v1-02676ce");

const writes = apiWrites;
const liveLink = (project: E2eProject, id: string | undefined) => project.sandbox.links().find((link) => link.id === id);
const occurrences = (text: string, part: string) => text.split(part).length - 1;

/** The Diagnostics section of the CLI's output (its progress lines repeat each resource's last note). */
function diagnostics(stdout: string): string {
  const start = stdout.indexOf("Diagnostics:");
  return start === -1 ? "" : stdout.slice(start, stdout.indexOf("\nResources:", start));
}

describe("state written by 1.0 (02676ce)", () => {
  let project: E2eProject | undefined;
  afterEach(async () => project?.dispose());

  it(
    "holds 1.0's stored provider text, no state version, and links marked with their resources' URNs",
    async () => {
      project = await projectWithV1State();
      const links = await paymentLinks(project);
      expect(links.map((resource) => resource.urn)).toEqual([urn("v1-voucher"), urn("v1-paid"), urn("v1-paused")]);
      for (const resource of links) {
        expect(resource.inputs?.["__provider"]).toBe(PAYMENT_LINK_PROVIDER);
        expect(resource.outputs?.["__provider"]).toBe(PAYMENT_LINK_PROVIDER);
        expect(resource.outputs).not.toHaveProperty("state_version");
        expect(liveLink(project, resource.id)?.metadata?.["_pulumi_link"]).toBe(resource.urn);
      }
    },
    STEP,
  );

  it(
    "is refreshed by this version: the live payment on v1-paid is recorded, nothing is written, and the state version is left to up",
    async () => {
      project = await projectWithV1State();
      await project.run(["refresh", "--yes"]);
      const links = await paymentLinks(project);
      expect(links.find((resource) => resource.urn === urn("v1-paid"))?.outputs?.["paid_count"]).toBe(1);
      expect(writes(project)).toEqual([]);
      // A refresh records the live links, not the upgrade: the next up makes it and says so.
      for (const resource of links)
        expect([resource.inputs, resource.outputs]).not.toContainEqual(expect.objectContaining({ state_version: expect.anything() }));
    },
    STEP,
  );

  it(
    "is recorded as the current state version by the first up --refresh with no API write, said once per link; then nothing changes",
    async () => {
      project = await projectWithV1State();
      const labels = (await paymentLinks(project)).map(
        (resource) => `payment link "${String(resource.outputs?.["title"])}" (${String(resource.outputs?.["slug"])})`,
      );
      const up = await project.run(["up", "--yes", "--skip-preview", "--refresh"]);
      expect(writes(project)).toEqual([]);
      expect(up.stdout).toContain("3 updated");
      expect(labels.map((label) => occurrences(diagnostics(up.stdout), `${label}: ${UPGRADE_NOTE}`))).toEqual([1, 1, 1]);
      expect(occurrences(diagnostics(up.stdout), UPGRADE_NOTE)).toBe(3);
      const links = await paymentLinks(project);
      expect(links.map((resource) => resource.outputs?.["state_version"])).toEqual([STATE_VERSION, STATE_VERSION, STATE_VERSION]);
      expect(links.find((resource) => resource.urn === urn("v1-paid"))?.outputs?.["paid_count"]).toBe(1);

      const preview = await project.pulumi(["preview", "--expect-no-changes"]);
      expect(preview.code, preview.stdout).toBe(0);
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview", "--refresh", "--expect-no-changes"]);
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "replaces v1-voucher on up --replace once recorded: a new link marked <URN>#2@<owner>, the old one archived, then nothing left to write",
    async () => {
      project = await projectWithV1State();
      await project.run(["up", "--yes", "--skip-preview"]);
      const old = (await paymentLinks(project)).find((resource) => resource.urn === urn("v1-voucher"));
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview", "--replace", urn("v1-voucher")]);

      expect(writes(project)).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/archive"]);
      expect(liveLink(project, old?.id)?.status).toBe("archived");
      const fresh = (await paymentLinks(project)).find((resource) => resource.urn === urn("v1-voucher"));
      expect(fresh?.id).not.toBe(old?.id);
      expect(liveLink(project, fresh?.id)).toMatchObject({ status: "active", metadata: { campaign: "v1" } });
      // Generation 2 of v1-voucher, in the owner id the upgrade recorded.
      const owner = (await paymentLinks(project)).find((resource) => resource.id === fresh?.id)?.outputs?.["owner"];
      expect(liveLink(project, fresh?.id)?.metadata?.["_pulumi_link"]).toBe(`${urn("v1-voucher")}#2@${String(owner)}`);
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview", "--refresh", "--expect-no-changes"]);
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "is destroyed by this version while still in the 1.0 format: every link archived",
    async () => {
      project = await projectWithV1State();
      await project.run(["destroy", "--yes", "--skip-preview"]);
      expect(project.sandbox.links().map((link) => link.status)).toEqual(["archived", "archived", "archived"]);
      expect(await paymentLinks(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "keeps v1-voucher's link to its owner: another stack adopting it is refused at preview, naming the resource 1.0 marked",
    async () => {
      project = await projectWithV1State();
      const voucher = (await paymentLinks(project)).find((resource) => resource.urn === urn("v1-voucher"));
      const instance = project.sandbox.instances.ready;
      mkdirSync(join(project.dir, "other"));
      writeFileSync(
        join(project.dir, "other", "links.yaml"),
        linksYaml(instance, { taken: { title: "V1 voucher", amount_mode: "fixed", amount: 1500, usage_mode: "reusable", adopt: voucher!.id } }),
      );
      await project.run(["stack", "init", "other"]);
      await project.run(["config", "set", "mytpe:links", "other/"]);

      const refused = await project.pulumi(["preview", "--stack", "other"]);
      expect(refused.code).not.toBe(0);
      expect(refused.stdout).toContain(
        `link ${voucher!.id} is managed by resource "v1-voucher" of stack test (project mytpe-links) (its mark); a link has one owner`,
      );
      expect(writes(project)).toEqual([]);
      expect(liveLink(project, voucher!.id)?.metadata?.["_pulumi_link"]).toBe(urn("v1-voucher"));
    },
    STEP,
  );
});
