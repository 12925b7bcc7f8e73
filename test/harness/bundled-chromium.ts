// Chromium for the browser tests, from the npm registry: the headless Chromium that the package
// @sparticuz/chromium (a devDependency) ships brotli-compressed, so `npm ci && npm test` needs no
// browser on the machine. Unpacked once per package version into <tmp>/mytpe-chromium-<version>:
// the browser (the package's own executablePath(), with TMPDIR pointing where it unpacks), its
// fonts, and the shared libraries it needs beyond glibc (NSS, NSPR, expat: the package's al2023
// archive), which a stock Debian does not have. Unpacked into a staging folder then renamed, so test
// files starting at once never run a half-written browser.
import { execFile } from "node:child_process";
import { chmodSync, createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { createBrotliDecompress } from "node:zlib";
import { fileURLToPath } from "node:url";

/** The flags every test browser runs with: headless, no sandbox (CI runs as root), nothing reaching the network by itself. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface BundledChromium {
  executablePath: string;
  /** The folder it was unpacked into (its libraries in lib/, its fonts in fonts/). */
  folder: string;
  /** The environment to start it with: its own libraries first, its own fonts. */
  env: Record<string, string>;
}

const PACKAGE = "@sparticuz/chromium";
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The package's folder (its `bin/` holds the archives) and version. */
function chromiumPackage(): { root: string; version: string } {
  // Resolves to <root>/build/cjs/index.cjs; the exports map does not expose package.json.
  const root = resolve(dirname(createRequire(join(REPO, "package.json")).resolve(PACKAGE)), "..", "..");
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return { root, version };
}

/** The browser of @sparticuz/chromium, unpacked under `parent` if it is not yet (about 5 s, ~200 MB). */
export async function bundledChromium(parent = tmpdir()): Promise<BundledChromium> {
  const { root, version } = chromiumPackage();
  const folder = join(parent, `mytpe-chromium-${version}`);
  if (!existsSync(join(folder, "chromium"))) await unpack(root, folder);
  return {
    executablePath: join(folder, "chromium"),
    folder,
    env: {
      LD_LIBRARY_PATH: [join(folder, "lib"), process.env["LD_LIBRARY_PATH"]].filter(Boolean).join(":"),
      FONTCONFIG_PATH: join(folder, "fonts"),
    },
  };
}

async function unpack(root: string, folder: string): Promise<void> {
  const staging = mkdtempSync(`${folder}.partial-`);
  try {
    // The package unpacks chromium, fonts/ and the SwiftShader libraries into os.tmpdir().
    const script = `const { default: Chromium } = await import(${JSON.stringify(PACKAGE)}); process.stdout.write(await Chromium.executablePath());`;
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      cwd: REPO,
      env: { ...process.env, TMPDIR: staging },
    });
    if (stdout !== join(staging, "chromium")) throw new Error(`${PACKAGE} unpacked its browser to ${stdout}, not into ${staging}`);
    // Unpacked as 0700: another user of the machine runs the same shared copy.
    chmodSync(stdout, 0o755);
    // lib/: libnss3, libnspr4, libexpat... (the package uses them on Amazon Linux only).
    await untarBrotli(join(root, "bin", "al2023.tar.br"), staging);
    // The package's fonts.conf names Lambda's folders; this one names where the fonts are.
    const fonts = join(folder, "fonts");
    writeFileSync(
      join(staging, "fonts", "fonts.conf"),
      `<?xml version="1.0"?>\n<fontconfig>\n  <dir>${fonts}/fonts</dir>\n  <cachedir>${fonts}/cache</cachedir>\n</fontconfig>\n`,
    );
    try {
      renameSync(staging, folder);
    } catch (error) {
      // Another test file unpacked it first: use theirs.
      if (!existsSync(join(folder, "chromium"))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Extracts a brotli-compressed tar archive into `into` with the system's tar (from a file: tar may stop reading before the stream's padding). */
async function untarBrotli(archive: string, into: string): Promise<void> {
  const tarFile = join(into, `${basename(archive, ".br")}`);
  await pipeline(createReadStream(archive), createBrotliDecompress(), createWriteStream(tarFile));
  await promisify(execFile)("tar", ["-x", "-f", tarFile, "-C", into]);
  rmSync(tarFile);
}
