import { describe, expect, it } from "vitest";
import { bytes, markdownTable, rate, seconds } from "../../../scripts/bench/table.ts";

describe("markdownTable", () => {
  it("pads every column to its widest cell", () => {
    expect(
      markdownTable(
        ["measurement", "N = 100"],
        [
          ["wall", "12.3 s"],
          ["rate", "8.1 links/s"],
        ],
      ),
    ).toMatchInlineSnapshot(`
      "| measurement | N = 100     |
      | ----------- | ----------- |
      | wall        | 12.3 s      |
      | rate        | 8.1 links/s |"
    `);
  });

  it("escapes pipes and fills missing cells, so a row never breaks the table", () => {
    expect(markdownTable(["a", "b"], [["x|y"]])).toMatchInlineSnapshot(`
      "| a    | b   |
      | ---- | --- |
      | x\\|y |     |"
    `);
  });
});

describe("units", () => {
  it("shows seconds with one decimal", () => {
    expect(seconds(12_345)).toBe("12.3 s");
  });

  it("shows links per second, and n/a for no time", () => {
    expect(rate(500, 10_000)).toBe("50.0 links/s");
    expect(rate(500, 0)).toBe("n/a");
  });

  it("shows bytes in B, KB and MB of 1,024", () => {
    expect([bytes(812), bytes(3 * 1024), bytes(5.5 * 1024 * 1024)]).toEqual(["812 B", "3.0 KB", "5.5 MB"]);
  });
});
