import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LINK_SPEC_KEYS } from "../src/link/link-spec.ts";
import { linksJsonSchema, SCHEMA_PATH } from "../scripts/generate-schema.ts";

// As in a campaign repository: the schema the installed package ships (node_modules/mytpe-links
// points at this repository here).
const SCHEMA_LINE = "# yaml-language-server: $schema=../node_modules/mytpe-links/schema/links.schema.json";

describe("schema/links.schema.json", () => {
  it("is up to date with the zod schema (run `npm run schema` when this fails)", () => {
    expect(readFileSync(SCHEMA_PATH, "utf8")).toBe(linksJsonSchema());
  });

  it("describes defaults and links, with the link name pattern and every link field", () => {
    const schema = JSON.parse(linksJsonSchema()) as {
      properties: { links: { propertyNames: { pattern: string } } };
      additionalProperties: boolean;
      definitions: { "payment-link": { properties: Record<string, unknown>; additionalProperties: boolean } };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.links.propertyNames.pattern).toBe("^[a-z0-9][a-z0-9-]{0,62}$");
    expect(Object.keys(schema.definitions["payment-link"].properties)).toEqual(LINK_SPEC_KEYS);
    expect(schema.definitions["payment-link"].additionalProperties).toBe(false);
  });

  it("is named on the first line of every example links file", () => {
    for (const name of readdirSync("links").filter((file) => /\.ya?ml$/.test(file))) {
      expect(readFileSync(`links/${name}`, "utf8").split("\n")[0], name).toBe(SCHEMA_LINE);
    }
    expect(readFileSync("node_modules/mytpe-links/schema/links.schema.json", "utf8")).toBe(linksJsonSchema());
  });
});
