import { describe, expect, it } from "vitest";
import { countCalls, formatCalls } from "../../../scripts/bench/calls.ts";

const req = (route: string | null, status = 200) => ({ method: route?.split(" ")[0] ?? "GET", route, status });

describe("countCalls", () => {
  it("counts GETs as reads and every other method as a write, by route", () => {
    const count = countCalls([req("GET /links"), req("POST /links", 201), req("POST /links/{id}/publish"), req("GET /links/{id}")]);
    expect(count).toEqual({
      total: 4,
      reads: 2,
      writes: 2,
      failed: 0,
      byRoute: { "GET /links": 1, "POST /links": 1, "POST /links/{id}/publish": 1, "GET /links/{id}": 1 },
    });
  });

  it("leaves out the sandbox's own control routes", () => {
    expect(countCalls([req("PUT /sandbox/faults"), req("GET /sandbox/stats"), req("GET /links")]).total).toBe(1);
  });

  it("counts error answers and dropped connections as failed", () => {
    expect(countCalls([req("POST /links", 503), req("POST /links", 0), req("POST /links", 201)]).failed).toBe(2);
  });

  it("files a path no route matched under unmatched", () => {
    expect(countCalls([{ method: "GET", route: null, status: 404 }]).byRoute).toEqual({ unmatched: 1 });
  });
});

describe("formatCalls", () => {
  it("names the routes of a link's life in order, with the total first", () => {
    const count = countCalls([req("POST /links/{id}/publish"), req("POST /links", 201), req("GET /links")]);
    expect(formatCalls(count)).toMatchInlineSnapshot(`"3 (list 1, create 1, publish 1)"`);
  });

  it("says 0 when no call was made", () => {
    expect(formatCalls(countCalls([]))).toBe("0");
  });

  it("keeps routes it has no short name for, and reports failures", () => {
    const count = countCalls([req("GET /instances"), req("POST /links", 500)]);
    expect(formatCalls(count)).toMatchInlineSnapshot(`"2 (create 1, GET /instances 1, 1 failed)"`);
  });
});
