// program/main.mjs (Pulumi.yaml `main`) runs program/index.ts as a bundle and re-exports its
// stack outputs by name: an output added to index.ts alone would silently vanish from the stack.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const exported = (file: string) => [...readFileSync(file, "utf8").matchAll(/^export (?:const|let|function|class) (\w+)/gm)].map((match) => match[1]).sort();

describe("the program's entry", () => {
  it("re-exports every stack output program/index.ts declares, and nothing else", () => {
    expect(exported("program/index.ts")).toEqual(["linkUrls"]);
    expect(exported("program/main.mjs")).toEqual(exported("program/index.ts"));
  });

  it("is what Pulumi.yaml runs", () => {
    expect(readFileSync("Pulumi.yaml", "utf8")).toMatch(/^main: program\/main\.mjs$/m);
  });
});
