// `node tools/run-bundled.mjs tools/<tool>.ts [args...]`: runs a TypeScript tool of this repo in a
// plain `node`, as one cached bundle (provider/bundled-module.mjs), packages included: no tsx
// startup, which `npm run check` on 10,000 links cannot afford (issue #3). The tool sees itself as
// the main module: process.argv[1] is the bundle, and so is its import.meta.url.
//
// The bundle is a CommonJS script run through node:vm with V8's code cache beside it, so a run
// starts with the bytecode an earlier run compiled (the bundle's 1 MB, zod and yaml mostly, and
// every function the tool then called) instead of compiling it again: ~50 ms of the ~0.4 s that a
// one-file `npm run check` takes. ES modules cannot take a code cache in Node 20 (hence also: a
// tool run this way cannot use top-level await, which esbuild refuses in CommonJS).
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import { bundledModule, sha256 } from "../provider/bundled-module.mjs";

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("usage: node tools/run-bundled.mjs tools/<tool>.ts [args...]\n");
  process.exit(2);
}
const log = process.env["MYTPE_BUNDLE_LOG"] ? (/** @type {string} */ line) => process.stderr.write(`${line}\n`) : undefined;
const bundle = fileURLToPath(await bundledModule(entry, { packages: "bundle", format: "cjs", log }));
process.argv = [process.argv[0] ?? "node", bundle, ...args];
runWithCodeCache(bundle);

/**
 * Runs a CommonJS bundle as Node would, with a code cache in `<bundle>.v8cache`: the sha256 of the
 * bundle it was made from, a newline, then V8's data. V8 itself only checks the source's length,
 * so the digest is what keeps a cache from running against another bundle.
 */
function runWithCodeCache(file) {
  const code = readFileSync(file, "utf8");
  const digest = sha256(code);
  const cacheFile = `${file}.v8cache`;
  const cachedData = readCache(cacheFile, digest);
  // The wrapper Node itself puts around a CommonJS module.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${code}\n});`;
  const script = new Script(wrapped, { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  if (cachedData && !script.cachedDataRejected) return;
  // Made after the run, so it also holds the functions the run compiled. Written aside, then
  // renamed: a concurrent run reads the old cache or the new one.
  const temporary = `${cacheFile}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, Buffer.concat([Buffer.from(`${digest}\n`), script.createCachedData()]));
  renameSync(temporary, cacheFile);
  if (log) log(`cached ${cacheFile}`);
}

/** V8's data from a cache file made from this very bundle, or undefined. */
function readCache(cacheFile, digest) {
  let data;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  return data.subarray(0, 65).toString("latin1") === `${digest}\n` ? data.subarray(65) : undefined;
}
