import { describe, expect, it } from "vitest";
import { describeMark, formatMark, isOwnerId, namesResource, parseMark, projectStackOf, recordedOwner } from "../../src/provider/owner-mark.ts";

const URN = "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";
const CHILD = "urn:pulumi:prod::shop::my:Campaign$pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";
const OWNER = "3f2a1c4e-9b7d-4e21-8a5f-0c6d2e1b4a97";

describe("reading a mark's text", () => {
  it.each([
    ["a state version 3 mark names its resource, generation and owner", `${URN}#1@${OWNER}`, { urn: URN, generation: 1, replaced: false, owner: OWNER }],
    ["a flagged state version 3 mark", `${URN}#4!replaced@${OWNER}`, { urn: URN, generation: 4, replaced: true, owner: OWNER }],
    ["a targeted replacement's flag", `${URN}#4!owed@${OWNER}`, { urn: URN, generation: 4, replaced: true, owner: OWNER, owed: true }],
    ["a 1.x mark is the URN itself: generation 1, no owner", URN, { urn: URN, generation: 1, replaced: false }],
    ["a 2.x generation suffix, no owner", `${URN}#3`, { urn: URN, generation: 3, replaced: false, owner: undefined }],
    ["a 2.x replacement flag, no owner", `${URN}#2!replaced`, { urn: URN, generation: 2, replaced: true, owner: undefined }],
    ["a pre-1.0 mark is generation 0", "shop/prod/voucher", { urn: "shop/prod/voucher", generation: 0, replaced: false }],
    ["a malformed suffix is part of the name", `${URN}#02`, { urn: `${URN}#02`, generation: 1, replaced: false }],
    ["an owner of the wrong form is part of the name", `${URN}#1@x`, { urn: `${URN}#1@x`, generation: 1, replaced: false }],
  ])("%s", (_case, text, expected) => {
    expect(parseMark(text)).toEqual(expected);
  });

  it("reads no mark as none", () => {
    expect(parseMark(undefined)).toBeUndefined();
  });
});

describe("writing a mark", () => {
  it.each([
    ["with an owner, always the full form", { urn: URN, generation: 1, replaced: false, owner: OWNER }, `${URN}#1@${OWNER}`],
    ["with an owner, flagged", { urn: URN, generation: 2, replaced: true, owner: OWNER }, `${URN}#2!replaced@${OWNER}`],
    ["with an owner, flagged for a targeted replacement", { urn: URN, generation: 2, replaced: true, owed: true, owner: OWNER }, `${URN}#2!owed@${OWNER}`],
    ["without an owner, generation 1 as 1.x wrote it", { urn: URN, generation: 1, replaced: false }, URN],
    ["without an owner, generation 3 as 2.x wrote it", { urn: URN, generation: 3, replaced: false }, `${URN}#3`],
  ])("%s, and reads it back", (_case, mark, text) => {
    expect(formatMark(mark)).toBe(text);
    expect(parseMark(text)).toMatchObject(mark);
  });
});

describe("which resource a mark names", () => {
  it.each([
    ["its own URN", `${URN}#2@${OWNER}`, URN, true],
    [
      "the plugin's type and the dynamic one name one resource (a type alias)",
      `${URN.replace("pulumi-nodejs:dynamic/mytpe:PaymentLink", "mytpe:index:PaymentLink")}#2`,
      URN,
      true,
    ],
    ["the pre-1.0 mark of a resource without a parent", "shop/prod/voucher", URN, true],
    ["never the pre-1.0 mark for a resource with a parent", "shop/prod/voucher", CHILD, false],
    ["never another resource's URN sharing the prefix", `${URN}-2`, URN, false],
  ])("%s", (_case, text, urn, expected) => {
    expect(namesResource(parseMark(text)!, urn)).toBe(expected);
  });

  it.each([
    [`${URN}#1@${OWNER}`, { project: "shop", stack: "prod" }],
    ["shop/prod/voucher", { project: "shop", stack: "prod" }],
  ])("reads the project and stack of %s", (text, expected) => {
    expect(projectStackOf(parseMark(text)!)).toEqual(expected);
  });

  it("names the owner for people: resource, stack, project and state", () => {
    expect(describeMark(parseMark(`${URN}#1@${OWNER}`)!)).toBe(`resource "voucher" of stack prod (project shop, state ${OWNER})`);
    expect(describeMark(parseMark(URN)!)).toBe('resource "voucher" of stack prod (project shop)');
    expect(describeMark(parseMark("shop/prod/voucher")!)).toBe('"shop/prod/voucher" (a mark written before 1.0)');
  });
});

describe("a state's owner id", () => {
  it.each([
    ["the one its links record", [OWNER, OWNER], OWNER],
    ["the most common one when its links came from two states", ["aaaaaaaa-1", OWNER, OWNER], OWNER],
    ["the smallest on a tie", ["bbbbbbbb-2", "aaaaaaaa-1"], "aaaaaaaa-1"],
    ["none when no link records one (a new state, state from before version 3)", [undefined, null, 7], undefined],
  ])("is %s", (_case, owners, expected) => {
    expect(recordedOwner(owners)).toBe(expected);
  });

  it("is of the form a mark can carry", () => {
    expect(isOwnerId(OWNER)).toBe(true);
    expect(isOwnerId("has space")).toBe(false);
    expect(isOwnerId(undefined)).toBe(false);
  });
});
