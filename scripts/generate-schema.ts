// `npm run schema`: writes plugin/schema.json, the Pulumi package schema of the plugin
// (src/plugin/plugin-schema.ts), and schema/links.schema.json, the JSON Schema of a links file, generated
// from the zod schema the check uses (program/link-files.ts `LinkFile`), for editors:
// `# yaml-language-server: $schema=../schema/links.schema.json` on a file's first line.
// Where zod cannot translate a rule (a refinement), the zod schema carries its JSON Schema form
// (link/json-schema-form.ts); test/schema.test.ts fails when the committed file is out of date.
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { applyJsonForms } from "../src/link/json-schema-form.ts";
import { LinkFile } from "../src/program/link-file-schema.ts";
import { pluginSchemaText } from "../src/plugin/plugin-schema.ts";
import manifest from "../package.json" with { type: "json" };

export const SCHEMA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "../schema/links.schema.json");
export const PLUGIN_SCHEMA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), "../plugin/schema.json");

/** The plugin's schema file's text, for this version of the package. */
export function pluginJsonSchema(): string {
  return pluginSchemaText(manifest.version);
}

/** The schema file's text: what a user may write (`io: "input"`), draft-07 for the widest editor support. */
export function linksJsonSchema(): string {
  const schema = z.toJSONSchema(LinkFile, { io: "input", target: "draft-07", unrepresentable: "any", override: applyJsonForms });
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  writeFileSync(SCHEMA_PATH, linksJsonSchema());
  writeFileSync(PLUGIN_SCHEMA_PATH, pluginJsonSchema());
  process.stdout.write(`wrote ${SCHEMA_PATH} and ${PLUGIN_SCHEMA_PATH}\n`);
}
