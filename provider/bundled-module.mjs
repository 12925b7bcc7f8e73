// Runs inside the Pulumi program, the Pulumi provider host and some tools, in a plain `node`:
// turns a TypeScript entry of this repo into one JavaScript module built by esbuild, cached in
// node_modules/.cache/mytpe-links/ and rebuilt when a file of the repo it was built from (or
// package-lock.json) no longer has the content it was built from (content, not dates: a copy
// that keeps old dates must not run a stale bundle). Loading TypeScript through tsx instead costs
// every process ~0.5–1.5 s (its loader hooks see every module, packages included): paid by each
// pulumi command twice (program and provider host) and by `npm run check` (issues #3 and #7).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The file URL of an up-to-date bundle of `entry` (a path relative to the repo).
 * `packages: "external"` leaves packages to be loaded from node_modules, so the bundle shares them
 * with its process (the Pulumi SDK must be one instance per process); "bundle" puts them in.
 * `format: "cjs"` gives a CommonJS script instead of an ES module, for a loader that keeps V8's
 * compiled code between runs (tools/run-bundled.mjs); `import.meta.url` still names the bundle.
 */
export async function bundledModule(entry, { packages = "bundle", format = "esm", log } = {}) {
  const source = resolve(REPO, entry);
  const cache = process.env["MYTPE_BUNDLE_DIR"] ?? join(REPO, "node_modules", ".cache", "mytpe-links");
  // Named after the repo too: copies of the repo (benchmarks) share one node_modules.
  const key = sha256(`${REPO}\0${source}\0${packages}\0${format}`).slice(0, 12);
  const name = `${relative(REPO, source).replace(/[\\/]/g, "_").replace(/\.ts$/, "")}-${key}.${format === "cjs" ? "cjs" : "mjs"}`;
  const bundle = join(cache, name);
  if (!isFresh(bundle)) {
    await rebuild(source, bundle, packages, format);
    if (log) log(`built ${name}`);
  }
  return pathToFileURL(bundle).href;
}

function isFresh(bundle) {
  const inputsFile = `${bundle}.inputs.json`;
  if (!existsSync(bundle) || !existsSync(inputsFile)) return false;
  /** @type {Record<string, string>} path relative to the repo → sha256 of its content */
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(inputsFile, "utf8"));
  } catch {
    return false; // unreadable: build again
  }
  return Object.entries(inputs).every(([input, digest]) => digestOf(join(REPO, input)) === digest);
}

function digestOf(path) {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined; // gone: the bundle is stale
  }
}

/** The hex sha256 of a text or of bytes: what bundles and their caches are known by. */
export function sha256(data) {
  return createHash("sha256").update(data).digest("hex");
}

async function rebuild(source, bundle, packages, format) {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [source],
    absWorkingDir: REPO,
    bundle: true,
    packages: packages === "external" ? "external" : undefined,
    platform: "node",
    format,
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "error",
    ...(format === "cjs"
      ? // A tool recognises itself as the main module by import.meta.url, which CommonJS lacks.
        { define: { "import.meta.url": "__bundle_url" }, banner: { js: "var __bundle_url = require('node:url').pathToFileURL(__filename).href;" } }
      : // CommonJS packages bundled into an ES module still call require() for Node built-ins.
        { banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" } }),
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced nothing for ${source}`);
  // Repo files only: packages change with package-lock.json, which is watched instead.
  const paths = Object.keys(result.metafile.inputs)
    .map((input) => relative(REPO, resolve(REPO, input)))
    .filter((input) => !input.startsWith("node_modules") && !input.startsWith(".."));
  const inputs = Object.fromEntries([...paths, "package-lock.json"].map((input) => [input, digestOf(join(REPO, input))]));
  mkdirSync(dirname(bundle), { recursive: true });
  // Written aside then renamed: a concurrent process sees the old bundle or the new one, never half
  // of one. The bundle first: between the two renames, old digests beside a new bundle only cause
  // one more build, while new digests beside the old bundle would run stale code.
  const suffix = `${process.pid}.${Date.now()}.tmp`;
  writeFileSync(`${bundle}.${suffix}`, output.contents);
  writeFileSync(`${bundle}.inputs.json.${suffix}`, JSON.stringify(inputs));
  renameSync(`${bundle}.${suffix}`, bundle);
  renameSync(`${bundle}.inputs.json.${suffix}`, `${bundle}.inputs.json`);
}
