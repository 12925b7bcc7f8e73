// The test browser comes from the npm package alone: unpacked once, whole even when test files ask
// for it at the same moment, and needing nothing from the machine but glibc.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundledChromium } from "./bundled-chromium.ts";

// glibc (libc6) and libgcc-s1: on every Debian, required packages.
const SYSTEM = new Set(["linux-vdso.so.1", "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libgcc_s.so.1", "ld-linux-x86-64.so.2"]);

describe("bundledChromium", () => {
  const parent = mkdtempSync(join(tmpdir(), "mytpe-browser-test-"));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it("unpacks one complete browser when two test files ask for it at once, and leaves no staging folder", async () => {
    const [first, second] = await Promise.all([bundledChromium(parent), bundledChromium(parent)]);
    expect(second.executablePath).toBe(first.executablePath);
    expect(readdirSync(parent)).toEqual([basename(first.folder)]);
    const version = spawnSync(first.executablePath, ["--version"], { encoding: "utf8", env: { ...process.env, ...first.env } });
    expect(version.stderr).toBe("");
    expect(version.stdout).toMatch(/^Chromium \d+\./);
  }, 120_000);

  it("finds every shared library of the browser in its own folder, but glibc's", async () => {
    const browser = await bundledChromium(parent);
    const ldd = execFileSync("ldd", [browser.executablePath], { encoding: "utf8", env: { ...process.env, ...browser.env } });
    const libraries = ldd
      .trim()
      .split("\n")
      .map((line) => /^\s*(\S+)(?: => (\S+))?/.exec(line)!)
      .map(([, name, path]) => ({ name: basename(name!), from: path === undefined || path === "not" ? path : dirname(path) }));
    expect(libraries.filter((library) => library.from === "not")).toEqual([]);
    const outside = libraries.filter((library) => !SYSTEM.has(library.name) && library.from !== join(browser.folder, "lib"));
    expect(outside).toEqual([]);
    expect(libraries.map((library) => library.name)).toContain("libnss3.so");
  });

  it("reuses the browser already unpacked", async () => {
    const before = await bundledChromium(parent);
    const unpackedAt = statSync(before.executablePath).mtimeMs;
    const again = await bundledChromium(parent);
    expect(again.executablePath).toBe(before.executablePath);
    expect(statSync(again.executablePath).mtimeMs).toBe(unpackedAt);
  });
});
