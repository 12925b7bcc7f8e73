// A create looks for its own links among the few a listing files under its resource, not among
// every link of the instance; whatever the index files, every mark that names the resource
// (owner-mark.ts `namesResource`, whatever its owner id) must be among them.
import { describe, expect, it } from "vitest";
import type { Link } from "../../src/link/link.ts";
import { Listing, markKey, ownerKeys } from "../../src/provider/link-listing.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";
import { namesResource, parseMark } from "../../src/provider/owner-mark.ts";

const URN = "urn:pulumi:test::campaign::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";
const PLUGIN_URN = "urn:pulumi:test::campaign::mytpe:index:PaymentLink::voucher";
const CHILD = "urn:pulumi:test::campaign::acme:Campaign$pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";
const HASHED = "urn:pulumi:test::campaign::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher#2";

const marked = (id: string, mark?: string) => ({ id, status: "active", metadata: mark === undefined ? null : { [MARKER_KEY]: mark } }) as Link;

const OWNER = "3f2a1c4e-9b7d-4e21-8a5f-0c6d2e1b4a97";

const MARKS = [
  URN,
  `${URN}#1@${OWNER}`,
  `${URN}#3!owed@${OWNER}`,
  `${PLUGIN_URN}#2@${OWNER}`,
  `${HASHED}#1@${OWNER}`,
  `${URN}#2`,
  `${URN}#7!replaced`,
  PLUGIN_URN,
  `${PLUGIN_URN}#3`,
  CHILD,
  `${CHILD}#2`,
  HASHED,
  `${HASHED}#4`,
  "campaign/test/voucher",
  "campaign/test/other",
  `${URN}-two`,
  `${URN}#0`,
  `${URN}#2#3`,
  "urn:pulumi:prod::campaign::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher",
];

describe("Listing.markedBy", () => {
  it.each([URN, PLUGIN_URN, CHILD, HASHED])("holds every link whose mark names %s, whatever its owner id", (urn) => {
    const listing = Listing.of([...MARKS.map((mark, i) => marked(`id-${i}`, mark)), marked("unmarked")]);
    const own = MARKS.flatMap((mark, i) => (namesResource(parseMark(mark)!, urn) ? [`id-${i}`] : []));
    expect(own.length).toBeGreaterThan(0);
    expect(listing.markedBy(urn).map((link) => link.id)).toEqual(expect.arrayContaining(own));
  });

  it("holds none of the links marked by other resources", () => {
    const listing = Listing.of([marked("a", URN), marked("b", `${URN}-two`), marked("c", CHILD), marked("d")]);
    expect(listing.markedBy(URN).map((link) => link.id)).toEqual(["a"]);
  });

  it("follows a link whose mark a write changed (a rename), and one written for the first time", () => {
    const listing = Listing.of([marked("a", URN), marked("b")]);
    listing.set("a", marked("a", CHILD));
    listing.set("b", marked("b", `${URN}#2`));
    expect(listing.markedBy(URN).map((link) => link.id)).toEqual(["b"]);
    expect(listing.markedBy(CHILD).map((link) => link.id)).toEqual(["a"]);
    listing.delete("b");
    expect(listing.markedBy(URN)).toEqual([]);
  });

  it("answers with every link for an identity that is not a URN (a marker kept from before 1.0)", () => {
    const listing = Listing.of([marked("a", URN), marked("b")]);
    expect(listing.markedBy("campaign/test/voucher").map((link) => link.id)).toEqual(["a", "b"]);
  });

  it("is a Map of the links by id, as every reader of a listing uses it", () => {
    const listing = Listing.of([marked("a", URN), marked("b")]);
    expect([...listing.keys()]).toEqual(["a", "b"]);
    expect(listing.get("b")?.id).toBe("b");
  });
});

describe("markKey and ownerKeys", () => {
  it("file a mark of any generation under one of its resource's keys", () => {
    for (const mark of [URN, `${URN}#2`, `${URN}#12!replaced`, `${PLUGIN_URN}#2`, `${URN}#4@${OWNER}`, `${PLUGIN_URN}#1!owed@${OWNER}`])
      expect(ownerKeys(URN)).toContain(markKey(mark));
    expect(ownerKeys(URN)).toContain(markKey("campaign/test/voucher"));
  });
});
