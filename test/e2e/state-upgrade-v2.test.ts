// State is a public interface: state written by the previous main (d8ac2c6, state version 2: marks
// `<URN>` and `<URN>#<n>`, naming no owner) is refreshed, upgraded, replaced, protected from a second
// state and destroyed by this version. The first `up` records the state's owner id (state version 3)
// with no API write; the live marks keep their older form until a link is written anyway. The
// fixture is a real export from d8ac2c6 (test/fixtures/state/v2-d8ac2c6/README.md).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localBackendUrl } from "../../src/cli/pulumi-env.ts";
import { parseMark } from "../../src/provider/owner-mark.ts";
import { PAYMENT_LINK_TYPE, STATE_VERSION } from "../../src/provider/protocol.ts";
import { disposedWithTest } from "../harness/project-states.ts";
import { apiWrites, paymentLinks, projectWithFixtureState } from "../harness/state-fixtures.ts";
import type { E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(20_000);
const NAMES = ["v2-paid", "v2-adopted", "v2-voucher", "v2-paused", "v2-replaced"];
const urn = (name: string) => `urn:pulumi:test::mytpe-links::${PAYMENT_LINK_TYPE}::${name}`;
const UPGRADE_NOTE = `state written by an earlier version of mytpe-links (state version 2); recording it as state version ${STATE_VERSION} (no API write)`;

const projectWithV2State = async () => disposedWithTest(await projectWithFixtureState("v2-d8ac2c6"));

const writes = apiWrites;
const liveMark = (project: E2eProject, id: string | undefined) => project.sandbox.links().find((link) => link.id === id)?.metadata?.["_pulumi_link"];

describe("state written by the previous main (d8ac2c6, state version 2)", () => {
  it(
    "holds marks naming no owner, state version 2, and no owner id",
    async () => {
      const project = await projectWithV2State();
      const links = await paymentLinks(project);
      expect(links.map((resource) => resource.urn.split("::").pop())).toEqual(NAMES);
      for (const resource of links) {
        expect(resource.outputs?.["state_version"]).toBe(2);
        expect(resource.outputs).not.toHaveProperty("owner");
        const mark = parseMark(liveMark(project, resource.id) as string);
        expect([mark?.urn, mark?.owner]).toEqual([resource.urn, undefined]);
      }
      expect(liveMark(project, links.find((resource) => resource.urn === urn("v2-replaced"))?.id)).toBe(`${urn("v2-replaced")}#2`);
    },
    STEP,
  );

  it(
    "is refreshed with no write, the payment made after its export recorded, its version left to up",
    async () => {
      const project = await projectWithV2State();
      await project.run(["refresh", "--yes"]);
      const links = await paymentLinks(project);
      expect(links.find((resource) => resource.urn === urn("v2-paid"))?.outputs?.["paid_count"]).toBe(1);
      expect(links.map((resource) => resource.outputs?.["state_version"])).toEqual([2, 2, 2, 2, 2]);
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "is upgraded by the first up: one owner id recorded for every link, no API write, said once per link; then nothing changes",
    async () => {
      const project = await projectWithV2State();
      const marks = new Map((await paymentLinks(project)).map((resource) => [resource.id, liveMark(project, resource.id)]));
      const up = await project.run(["up", "--yes"]);
      expect(writes(project)).toEqual([]);
      expect(up.stdout.split(UPGRADE_NOTE).length - 1).toBeGreaterThanOrEqual(NAMES.length);
      const links = await paymentLinks(project);
      const owners = new Set(links.map((resource) => resource.outputs?.["owner"]));
      expect(owners.size).toBe(1);
      expect([...owners][0]).toMatch(/^[0-9a-f-]{36}$/);
      expect(links.map((resource) => [resource.outputs?.["state_version"], resource.inputs?.["state_version"]])).toEqual(
        NAMES.map(() => [STATE_VERSION, STATE_VERSION]),
      );
      // The live marks keep the form d8ac2c6 wrote until each link is written anyway.
      expect(new Map(links.map((resource) => [resource.id, liveMark(project, resource.id)]))).toEqual(marks);

      project.sandbox.resetRequests();
      const preview = await project.pulumi(["preview", "--expect-no-changes"]);
      expect(preview.code, preview.stdout).toBe(0);
      await project.run(["up", "--yes", "--skip-preview", "--refresh", "--expect-no-changes"]);
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "replaces v2-replaced on up --replace: generation 3, in the upgraded state's owner id, the old link archived",
    async () => {
      const project = await projectWithV2State();
      await project.run(["up", "--yes", "--skip-preview"]);
      const old = (await paymentLinks(project)).find((resource) => resource.urn === urn("v2-replaced"));
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview", "--replace", urn("v2-replaced")]);

      expect(writes(project)).toEqual(["POST /links", "POST /links/{id}/publish", "POST /links/{id}/archive"]);
      const fresh = (await paymentLinks(project)).find((resource) => resource.urn === urn("v2-replaced"));
      expect(fresh?.id).not.toBe(old?.id);
      expect(liveMark(project, fresh?.id)).toBe(`${urn("v2-replaced")}#3@${String(fresh?.outputs?.["owner"])}`);
      expect(project.sandbox.links().find((link) => link.id === old?.id)?.status).toBe("archived");
    },
    STEP,
  );

  it(
    "keeps its links from a second state with the same names: that state's preview refuses each, its up writes nothing",
    async () => {
      const project = await projectWithV2State();
      await project.run(["up", "--yes", "--skip-preview"]);
      mkdirSync(join(project.dir, ".laptop"));
      const laptop = { env: { PULUMI_BACKEND_URL: localBackendUrl(join(project.dir, ".laptop")) } };
      await project.run(["stack", "init", "test"], laptop);
      project.sandbox.resetRequests();

      const preview = await project.pulumi(["preview"], laptop);
      expect(preview.code).not.toBe(0);
      expect(preview.stdout).toContain("marked before mytpe-links recorded owners, and this stack's state does not hold it");
      expect((await project.pulumi(["up", "--yes"], laptop)).code).not.toBe(0);
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "is destroyed while still in the version 2 format: every live link archived",
    async () => {
      const project = await projectWithV2State();
      await project.run(["destroy", "--yes", "--skip-preview"]);
      expect(project.sandbox.links().map((link) => link.status)).toEqual(["archived", "archived", "archived", "archived", "archived", "archived"]);
      expect(await paymentLinks(project)).toEqual([]);
    },
    STEP,
  );
});
