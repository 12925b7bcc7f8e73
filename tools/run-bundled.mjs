// `node tools/run-bundled.mjs tools/<tool>.ts [args...]`: runs a TypeScript tool of this repo as
// one JavaScript file built by esbuild and cached in node_modules/.cache/mytpe-links/, rebuilt
// when a source of the repo it was built from (or package-lock.json) is newer than it. Plain
// JavaScript, so a plain `node` runs it: going through tsx costs ~0.5 s of startup (its loader,
// one transform lookup per module), which `npm run check` on 10,000 links cannot afford (issue #3).
// The tool sees itself as the main module: process.argv[1] is the bundle.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CACHE = process.env["MYTPE_BUNDLE_DIR"] ?? join(ROOT, "node_modules", ".cache", "mytpe-links");

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node tools/run-bundled.mjs tools/<tool>.ts [args...]\n");
  process.exit(2);
}
const source = resolve(ROOT, entry);
const bundle = join(CACHE, `${relative(ROOT, source).replace(/[\\/]/g, "_").replace(/\.ts$/, "")}.mjs`);
const inputsFile = `${bundle}.inputs.json`;

if (!isFresh()) await rebuild();
process.argv = [process.argv[0] ?? "node", bundle, ...args];
await import(pathToFileURL(bundle).href);

/** True when the bundle exists and no repo file it was built from changed since. */
function isFresh() {
  if (!existsSync(bundle) || !existsSync(inputsFile)) return false;
  const built = statSync(bundle).mtimeMs;
  /** @type {string[]} */
  const inputs = JSON.parse(readFileSync(inputsFile, "utf8"));
  return inputs.every((input) => {
    const path = join(ROOT, input);
    return existsSync(path) && statSync(path).mtimeMs <= built;
  });
}

async function rebuild() {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [source],
    absWorkingDir: ROOT,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "error",
    // CommonJS packages bundled into an ES module still call require() for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${entry}`);
  // Repo files only: packages change with package-lock.json, which is watched instead.
  const inputs = Object.keys(result.metafile.inputs)
    .map((input) => relative(ROOT, resolve(ROOT, input)))
    .filter((input) => !input.startsWith("node_modules") && !input.startsWith(".."));
  inputs.push("package-lock.json");
  mkdirSync(CACHE, { recursive: true });
  // Written aside then renamed: a concurrent run sees the old bundle or the new one, never half of one.
  const temp = `${bundle}.${process.pid}.tmp`;
  writeFileSync(temp, output.contents);
  writeFileSync(`${inputsFile}.${process.pid}.tmp`, JSON.stringify(inputs));
  renameSync(`${inputsFile}.${process.pid}.tmp`, inputsFile);
  renameSync(temp, bundle);
  if (process.env["MYTPE_BUNDLE_LOG"]) process.stderr.write(`built ${basename(bundle)} from ${inputs.length} files\n`);
}
