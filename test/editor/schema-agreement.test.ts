import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { editorSchemaErrors } from "../harness/editor-schema.ts";
import { linkFile, random } from "../harness/link-file-generator.ts";
import { formatProblem, parseLinkFile } from "../../src/program/link-files.ts";

// Seeded: the same files on every run. Change the seed to explore; a failure prints the file.
const SEED = 17;
const FILES = 2000;

function verdicts() {
  const next = random(SEED);
  return Array.from({ length: FILES }, () => {
    const { text } = linkFile(next);
    const schema = editorSchemaErrors(parse(text)).map((error) => `${error.instancePath} ${error.message ?? ""}`);
    return { text, schema, check: parseLinkFile("generated.yaml", text).problems.map(formatProblem) };
  });
}

describe("the editor schema, held to check on generated links files (ajv, draft-07)", () => {
  const all = verdicts();

  it("refuses no file that check accepts, among files both accept, files both refuse and files only check refuses", () => {
    expect(all.filter((v) => v.schema.length > 0 && v.check.length === 0)).toEqual([]);
    // The verdicts met each kind of file, so the agreement above is not vacuous.
    const count = (schema: boolean, check: boolean) => all.filter((v) => v.schema.length > 0 === schema && v.check.length > 0 === check).length;
    expect(count(false, false)).toBeGreaterThan(FILES / 10);
    expect(count(true, true)).toBeGreaterThan(FILES / 5);
    expect(count(false, true)).toBeGreaterThan(FILES / 20);
  });
});
