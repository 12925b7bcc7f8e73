// `node tools/run-bundled.mjs tools/<tool>.ts [args...]`: runs a TypeScript tool of this repo in a
// plain `node`, as one cached bundle (provider/bundled-module.mjs), packages included: no tsx
// startup, which `npm run check` on 10,000 links cannot afford (issue #3). The tool sees itself as
// the main module: process.argv[1] is the bundle.
import { fileURLToPath } from "node:url";
import { bundledModule } from "../provider/bundled-module.mjs";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node tools/run-bundled.mjs tools/<tool>.ts [args...]\n");
  process.exit(2);
}
const log = process.env["MYTPE_BUNDLE_LOG"] ? (/** @type {string} */ line) => process.stderr.write(`${line}\n`) : undefined;
const url = await bundledModule(entry, { packages: "bundle", log });
process.argv = [process.argv[0] ?? "node", fileURLToPath(url), ...args];
await import(url);
