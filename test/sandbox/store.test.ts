import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox/server.ts";
import { Store } from "../../src/sandbox/store.ts";
import { linkOf, startHarness, type Harness } from "./harness.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe("state persistence", () => {
  it("creates the state file's folder and writes it after a change", async () => {
    h = await startHarness();
    expect(existsSync(h.statePath)).toBe(false);
    const link = await h.createLink();
    const saved = JSON.parse(await readFile(h.statePath, "utf8")) as { links: { id: string }[] };
    expect(saved.links.map((l) => l.id)).toEqual([link.id]);
    expect(await readdir(dirname(h.statePath))).toEqual(["state.json"]);
  });

  it("links, payments and statuses survive a restart on the same state file", async () => {
    h = await startHarness();
    const link = await h.createActive({ usage_mode: "limited", max_uses: 3 });
    await h.pay(link.id);
    const archived = await h.createLink({ title: "Old" });
    await h.api("POST", `/links/${archived.id}/archive`);
    const before = h.sandbox.links();

    await h.restart();

    const after = linkOf(await h.api("GET", `/links/${link.id}`));
    expect(after).toMatchObject({ id: link.id, status: "active", paid_count: 1, total_collected: "4500.00" });
    expect(h.sandbox.links()).toEqual(before);
    expect(h.sandbox.transactions()).toHaveLength(1);
    expect((await h.pay(link.id)).status).toBe(201);
  });

  it("an expiry applied on read is persisted", async () => {
    h = await startHarness();
    const link = await h.createActive({ expires_at: new Date(h.now().getTime() + 1_000).toISOString() });
    h.advance(1_000);
    expect(linkOf(await h.api("GET", `/links/${link.id}`)).status).toBe("expired");
    const saved = JSON.parse(await readFile(h.statePath, "utf8")) as { links: { status: string }[] };
    expect(saved.links[0]?.status).toBe("expired");
  });

  it("refuses to start on a corrupt state file with a message naming it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mytpe-sandbox-"));
    const path = join(dir, "state.json");
    await writeFile(path, "{ not json");
    try {
      await expect(startSandbox({ statePath: path })).rejects.toThrow(`Sandbox state file ${path} is not valid JSON`);
      expect(() => Store.open(path)).toThrow(/delete it to start from the seed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps state in memory only when no state path is given", async () => {
    const sandbox = await startSandbox();
    try {
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/ext$/);
      expect(sandbox.payUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay$/);
      expect(sandbox.links()).toEqual([]);
    } finally {
      await sandbox.close();
    }
  });
});
