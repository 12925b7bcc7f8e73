// One listing of an instance in flight at a time, shared by every caller: the creates retrying
// after an outage join the next one instead of each starting their own, and a failed listing is
// shared by its waiters, the next one waiting for a backoff.
import { describe, expect, it } from "vitest";
import { Listing } from "../../src/provider/link-listing.ts";
import { SharedListing } from "../../src/provider/shared-listing.ts";

function lister(options: { fail?: (n: number) => boolean; ms?: number } = {}) {
  const started: number[] = [];
  const list = async () => {
    const n = started.push(Date.now());
    await new Promise((resolve) => setTimeout(resolve, options.ms ?? 20));
    if (options.fail?.(n)) throw new Error(`listing ${n} failed`);
    return Listing.of([]);
  };
  return { list, started };
}

describe("SharedListing", () => {
  it("starts one listing for many callers at once, and answers later ones from it", async () => {
    const { list, started } = lister();
    const shared = new SharedListing(list, () => 0);
    const all = await Promise.all(Array.from({ length: 20 }, () => shared.current()));
    expect(new Set(all).size).toBe(1);
    await shared.current();
    expect(started).toHaveLength(1);
  });

  it("gives every caller asking for a fresh listing while one is scheduled that same listing", async () => {
    const { list, started } = lister();
    const shared = new SharedListing(list, () => 0);
    await Promise.all(Array.from({ length: 20 }, (_, i) => shared.fresh(i === 0 ? 30 : 5)));
    expect(started).toHaveLength(1);
  });

  it("starts a fresh listing only after the one in flight, never two at a time", async () => {
    const { list, started } = lister({ ms: 40 });
    const shared = new SharedListing(list, () => 0);
    const first = shared.current();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = shared.fresh(0);
    const third = shared.fresh(0);
    await Promise.all([first, second, third]);
    expect(started).toHaveLength(2);
    expect((started[1] as number) - (started[0] as number)).toBeGreaterThanOrEqual(39);
    expect(await third).toBe(await second);
  });

  it("fails every caller waiting for a listing that failed, once, and lists again only after the backoff", async () => {
    const { list, started } = lister({ fail: (n) => n === 1 });
    const shared = new SharedListing(list, () => 100);
    const waiting = await Promise.allSettled(Array.from({ length: 5 }, () => shared.current()));
    expect(waiting.map((one) => one.status)).toEqual(Array(5).fill("rejected"));
    expect(shared.has()).toBe(false);
    const retried = await Promise.all([shared.current(), shared.fresh(0)]);
    expect(retried[0]).toBe(retried[1]);
    expect(started).toHaveLength(2);
    expect((started[1] as number) - (started[0] as number)).toBeGreaterThanOrEqual(100);
  });
});
