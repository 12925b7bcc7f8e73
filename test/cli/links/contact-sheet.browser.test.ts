// The contact sheet in a real headless browser (the Chromium of the npm package @sparticuz/chromium,
// test/harness/bundled-chromium.ts, driven by playwright-core): every code is loaded and drawn,
// and each drawn code decodes back to its link's URL, on screen and as printed. Nothing to install
// by hand: `npm ci` brings the browser.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledChromium, CHROMIUM_FLAGS } from "../../harness/bundled-chromium.ts";
import type { LinkRow } from "../../../src/cli/links/link-rows.ts";
import { writeQrCodes } from "../../../src/cli/links/qr-codes.ts";
import { decodePng } from "./qr-decode.ts";

const row = (name: string, title: string, status = "active"): LinkRow => ({
  name,
  id: name,
  title,
  status,
  url: `https://pay.mytpe.appp/${name}-k3x9`,
  paid_count: 0,
  total_collected: "0.00",
  currency: "DZD",
  amount_mode: "fixed",
  amount: "1500.00",
  metadata: {},
  drift: [],
});
const ROWS = [
  row("voucher-10k", "Spring voucher — 10,000 DZD"),
  row("donation", "Solidarity fund: give what you can"),
  row("early-bird", "Early-bird ticket", "paused"),
  row("concert", "Concert — 1 May"),
  row("cafe", "Café des Arts <abonnement> & co"),
];
const ACTIVE = ROWS.filter((one) => one.status === "active");

describe("the contact sheet in a headless browser", () => {
  let dir = "";
  let profile = "";
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    const browser = await bundledChromium();
    dir = mkdtempSync(join(tmpdir(), "mytpe-sheet-"));
    profile = mkdtempSync(join(tmpdir(), "mytpe-chromium-"));
    await writeQrCodes(dir, ROWS, "local");
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      env: { ...process.env, ...browser.env },
      args: CHROMIUM_FLAGS,
      headless: true,
      viewport: { width: 1400, height: 900 },
      deviceScaleFactor: 2,
    });
    page = await context.newPage();
    await page.goto(`file://${join(dir, "index.html")}`, { waitUntil: "load" });
  }, 120_000);
  afterAll(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  });

  it("loads and draws every active link's code, with its title and URL", async () => {
    const cards = await page.$$eval(".card", (figures) =>
      figures.map((figure) => {
        const image = figure.querySelector("img")!;
        const box = image.getBoundingClientRect();
        return {
          id: figure.id,
          loaded: image.complete && image.naturalWidth > 0 && image.naturalHeight > 0,
          width: box.width,
          height: box.height,
          title: figure.querySelector(".title")?.textContent,
          url: figure.querySelector(".url")?.textContent,
        };
      }),
    );
    expect(cards).toEqual(ACTIVE.map((one) => ({ id: one.name, loaded: true, width: 192, height: 192, title: one.title, url: one.url })));
  });

  it("draws codes that decode back to the links' URLs", async () => {
    for (const one of ACTIVE) {
      const shot = await page.locator(`#${one.name} img`).screenshot();
      expect(decodePng(shot), one.name).toBe(one.url);
    }
  });

  it("prints three cards a row, each code still readable, whatever the width on screen", async () => {
    const onScreen = await page.$$eval(".card", (figures) => new Set(figures.map((figure) => Math.round(figure.getBoundingClientRect().top))).size);
    expect(onScreen).toBe(1);
    await page.emulateMedia({ media: "print" });
    try {
      const tops = await page.$$eval(".card", (figures) => figures.map((figure) => Math.round(figure.getBoundingClientRect().top)));
      expect(tops[0]).toBe(tops[1]);
      expect(tops[1]).toBe(tops[2]);
      expect(tops[3]).toBeGreaterThan(tops[0]!);
      const shot = await page.locator(`#${ACTIVE[3]!.name} img`).screenshot();
      expect(decodePng(shot)).toBe(ACTIVE[3]!.url);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }
  });
});
