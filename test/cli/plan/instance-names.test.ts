import { describe, expect, it } from "vitest";
import { buildPlan } from "../../../src/cli/plan.ts";
import { createdInstances, readInstanceNames, withInstanceNames } from "../../../src/cli/plan/instance-names.ts";
import { mockApi } from "../../provider/mock-api.ts";
import { FIXTURES, readFixture } from "./preview-fixtures.ts";

const READY = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";
const OTHER = "1c4e7a2b-8d3f-4f6a-9b0c-5d7e9f1a2b3c";

describe("the payment instance of each new link in the plan", () => {
  const api = mockApi();
  const { plan } = buildPlan(readFixture("create.jsonl"), { root: FIXTURES, stack: "test" });

  it("is the instance each create names, listed once", () => {
    expect(plan.links.every((link) => link.instance?.id === READY)).toBe(true);
    expect(createdInstances(plan)).toEqual([READY]);
  });

  it("is named in every create row when the API gives its name, by id whatever its case", () => {
    const named = withInstanceNames(plan, new Map([[READY, "Boutique Alger Centre"]]));
    expect(named.links.map((link) => link.instance)).toEqual(plan.links.map(() => ({ id: READY, name: "Boutique Alger Centre" })));
    expect(withInstanceNames(plan, new Map([[OTHER, "Annexe"]]))).toEqual(plan);
  });

  it("is read with GET /instances/{id}, once per instance; an instance the keys cannot read keeps its id, said once", async () => {
    api.mock("GET", `/instances/${READY}`).reply(200, { data: { id: READY, name: "Boutique Alger Centre" } });
    api.mock("GET", `/instances/${OTHER}`).reply(404, { error: "NOT_FOUND", message: "Not found." });
    const said: string[] = [];
    const names = await readInstanceNames(api.config(), [READY, READY.toUpperCase(), OTHER], (line) => said.push(line));
    expect([...names]).toEqual([[READY, "Boutique Alger Centre"]]);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^plan: the name of a payment instance could not be read, the plan shows its id: .*404/);
  });
});
