// A campaign against a rate-limited API goes through in one `pulumi up`, however slowly: every
// 429 (creates included) waits for its Retry-After, and each link is created once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createE2eProject, linksYaml, type E2eProject } from "../harness/temp-project.ts";

const LINKS = 120;

describe("pulumi up of 120 new links against an API that allows 20 requests a second", () => {
  let project: E2eProject;
  let up: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    project = await createE2eProject();
    project.writeLinks(
      linksYaml(
        project.sandbox.instances.ready,
        Object.fromEntries(
          Array.from({ length: LINKS }, (_, i) => [
            `throttled-${i}`,
            { title: `Rate limited ${i}`, amount_mode: "fixed", amount: 100 + i, usage_mode: "reusable" },
          ]),
        ),
      ),
    );
    project.sandbox.setFaults({ rate_limit: { limit: 20, window_s: 1 } });
    up = await project.pulumi(["up", "--yes", "--skip-preview"]);
  }, 10 * 60_000);
  afterAll(async () => project?.dispose());

  it("converges in one up, with no error", () => {
    expect(up.stderr).not.toContain("error");
    expect(up.code).toBe(0);
    expect(project.sandbox.links().filter((link) => link.status === "active")).toHaveLength(LINKS);
  });

  it("was throttled along the way and created each link exactly once", () => {
    expect(project.sandbox.faults().injected.rate_limited).toBeGreaterThan(0);
    const created = project.sandbox.requests.filter((request) => request.route === "POST /links" && request.status === 201);
    expect(created).toHaveLength(LINKS);
    expect(new Set(project.sandbox.links().map((link) => link.title)).size).toBe(LINKS);
  });
});
