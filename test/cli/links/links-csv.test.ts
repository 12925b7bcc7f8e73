import { describe, expect, it } from "vitest";
import type { LinkRow } from "../../../src/cli/links/link-rows.ts";
import { csvField, linksCsv } from "../../../src/cli/links/links-csv.ts";

const row = (fields: Partial<LinkRow> & { name: string }): LinkRow => ({
  id: fields.name,
  title: fields.name,
  status: "active",
  url: `https://pay.mytpe.appp/${fields.name}`,
  paid_count: 0,
  total_collected: "0.00",
  currency: "DZD",
  amount_mode: "fixed",
  amount: "1500.00",
  metadata: {},
  drift: [],
  ...fields,
});

describe("the links as CSV", () => {
  it("has the fixed columns, then one column per metadata key of any link, sorted", () => {
    const csv = linksCsv([
      row({ name: "a", metadata: { campaign: "spring", region: "alger" } }),
      row({ name: "b", amount_mode: "open", amount: null, status: "paused", metadata: { batch: "7" } }),
    ]);
    expect(csv.split("\r\n")).toEqual([
      "name,title,url,status,amount,currency,batch,campaign,region",
      "a,a,https://pay.mytpe.appp/a,active,1500.00,DZD,,spring,alger",
      "b,b,https://pay.mytpe.appp/b,paused,,DZD,7,,",
      "",
    ]);
  });

  it("prefixes a metadata key that is also a fixed column's name", () => {
    expect(linksCsv([row({ name: "a", metadata: { title: "internal" } })]).split("\r\n")[0]).toBe("name,title,url,status,amount,currency,metadata.title");
  });

  it.each([
    ["plain", "plain"],
    ["10,000 DZD", '"10,000 DZD"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["Café — عربي", "Café — عربي"],
    ["", ""],
    ['=HYPERLINK("https://evil.example","Pay")', '"\'=HYPERLINK(""https://evil.example"",""Pay"")"'],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ["-cmd", "'-cmd"],
    ["@SUM(A1:A2)", "'@SUM(A1:A2)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", '"\'\r=1+1"'],
    ["a=1+1", "a=1+1"],
  ])("writes %j as %s (RFC 4180, formulas neutralised as OWASP advises)", (value, field) => {
    expect(csvField(value)).toBe(field);
  });

  it("keeps a title with a comma and quotes in one field, the URL exactly as given", () => {
    const csv = linksCsv([row({ name: "v", title: 'Voucher "10,000"', url: "https://pay.mytpe.appp/v-10-000?x=1" })]);
    expect(csv.split("\r\n")[1]).toBe('v,"Voucher ""10,000""",https://pay.mytpe.appp/v-10-000?x=1,active,1500.00,DZD');
  });

  it("neutralises hostile titles, metadata values and metadata keys in the export", () => {
    const csv = linksCsv([row({ name: "spring", title: '=IMPORTXML("https://evil.example","//a")', metadata: { "@owner": "+33 6 12", note: "-5" } })]);
    expect(csv).toMatchInlineSnapshot(`
      "name,title,url,status,amount,currency,'@owner,note
      spring,"'=IMPORTXML(""https://evil.example"",""//a"")",https://pay.mytpe.appp/spring,active,1500.00,DZD,'+33 6 12,'-5
      "
    `);
  });
});
