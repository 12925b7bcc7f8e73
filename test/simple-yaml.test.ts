import { readdirSync, readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { LineCounter, parse, parseDocument, isMap, isScalar } from "yaml";
import { readSimpleYaml } from "../program/simple-yaml.ts";
import { mulberry32 } from "../sandbox/faults.ts";

const FIXTURES = "test/fixtures/links";

/** yaml's answer for a text: its value, or "rejected" when it reports an error. */
function yamlValue(text: string): unknown {
  try {
    return parse(text, { uniqueKeys: false });
  } catch {
    return "rejected";
  }
}

/** Where yaml places each key of each second-level map, as readSimpleYaml reports them. */
function yamlKeyPositions(text: string): Record<string, Record<string, { line: number; col: number }>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const positions: Record<string, Record<string, { line: number; col: number }>> = {};
  if (!isMap(doc.contents)) return positions;
  for (const top of doc.contents.items) {
    if (!isScalar(top.key) || !isMap(top.value)) continue;
    const own: Record<string, { line: number; col: number }> = {};
    for (const pair of top.value.items) {
      if (isScalar(pair.key) && pair.key.range) own[String(pair.key.value)] = lineCounter.linePos(pair.key.range[0]);
    }
    positions[String(top.key.value)] = own;
  }
  return positions;
}

// Pieces of link files in the styles people write: every kind of scalar yaml's core schema
// resolves, quoting, comments, flow collections, block lists; and now and then something the fast
// reader must decline (anchors, tags, block scalars, escapes, tabs, nested flow, a duplicate key).
const PLAIN = ["fixed", "open", "limited", "DZD", "3e4f5a6b-7c8d-4e0f-9a2b-3c4d5e6f7a8b", "https://example.com/a?b=c", "x#y", "a  b", "-x", "Voucher — 10 000 DZD", "café"];
const SCALARS = [
  ...PLAIN,
  "100", "-2", "+7", "2500.5", "1.50", "0012.5", "1e3", "1E-2", "0x1F", "0o17", "007", ".inf", "-.Inf", ".nan", "~", "null", "Null", "true", "False", "TRUE", "yes", "no", "on",
  "2027-03-01T09:00:00+01:00", "12:30", "1_000", "0.", ".5",
  '"quoted # not a comment"', '"a: b"', '""', "'it''s'", "''", "'single'", '"+213555123456"', '"007"',
];
const DECLINED = ["\"quoted\" tail", "[a] b", "{a: b}c", "&anchor 1", "!!str 1", "|", ">", '"escaped \\n"', "{a: {b: c}}", "[a, [b]]", '"unterminated', "*alias", "a\tb", "? x"];

function scalarOrCollection(next: () => number, pick: <T>(values: readonly T[]) => T): string {
  const roll = next();
  if (roll < 0.015) return pick(DECLINED);
  if (roll < 0.12) return `[${Array.from({ length: Math.floor(next() * 3) }, () => pick(SCALARS)).join(", ")}${next() < 0.2 ? ", " : ""}]`;
  if (roll < 0.2) {
    const keys = ["campaign", "index", "a", '"quoted key"', "'k'"];
    return `{${keys.slice(0, Math.floor(next() * 3)).map((key) => `${key}: ${pick(SCALARS)}`).join(", ")}}`;
  }
  return pick(SCALARS);
}

function generatedText(next: () => number): string {
  const pick = <T,>(values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;
  const indent = pick(["  ", "    ", " "]);
  const out: string[] = [];
  if (next() < 0.3) out.push("# yaml-language-server: $schema=../schema/links.schema.json", "");
  const fields = ["title", "amount_mode", "amount", "usage_mode", "max_uses", "metadata", "allowed_payers", "status", "\"currency\"", "form_id", "title"];
  const body = (depth: string) => {
    const count = 1 + Math.floor(next() * 6);
    const used = new Set<string>();
    for (let i = 0; i < count; i++) {
      let key = pick(fields);
      if (used.has(key) && next() < 0.9) continue; // a duplicate key, sometimes
      used.add(key);
      // Keys yaml does not read as the same string (it would give "1.5" for 1.50), or not as a key.
      if (next() < 0.02) key = pick(["true", "1", "1.50", "0x1F", "null", "~", "a b", "-x"]);
      const roll = next();
      if (roll < 0.08) {
        out.push(`${depth}${key}:`);
        const itemIndent = next() < 0.5 ? depth : depth + indent;
        for (let j = 0; j < 1 + Math.floor(next() * 3); j++) out.push(`${itemIndent}- ${pick(SCALARS)}`);
      } else if (roll < 0.14) {
        out.push(`${depth}${key}:${next() < 0.3 ? "   # nested" : ""}`);
        for (let j = 0; j < 1 + Math.floor(next() * 3); j++) out.push(`${depth}${indent}k${j}: ${pick(SCALARS)}`);
      } else if (roll < 0.17) {
        out.push(`${depth}${key}:`);
      } else {
        out.push(`${depth}${key}: ${scalarOrCollection(next, pick)}${next() < 0.1 ? "  # a comment" : ""}`);
        // A deeper line continues a plain scalar (or breaks a quoted one).
        if (next() < 0.05) out.push(`${depth}${indent}${indent}continued words`);
      }
      if (next() < 0.05) out.push("");
      if (next() < 0.03) out.push(`${depth}# a comment line`);
    }
  };
  if (next() < 0.6) {
    out.push("defaults:");
    body(indent);
  }
  out.push(pick(["links:", "links:  # the links", '"links":']));
  for (let l = 0; l < 1 + Math.floor(next() * 4); l++) {
    out.push(`${indent}${pick(["voucher", "link-1", "spring-2027", "'quoted-name'", "voucher"])}${next() < 0.5 ? "" : `-${l}`}:`);
    body(indent + indent);
  }
  return out.join("\n") + (next() < 0.8 ? "\n" : "");
}

describe("readSimpleYaml", () => {
  const texts = [
    ...readdirSync(FIXTURES, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".yaml"))
      .map((name) => readFileSync(`${FIXTURES}/${name}`, "utf8")),
    readFileSync("links/spring-2027.yaml", "utf8"),
  ];
  const SNIPPETS = [
    "a: 1\nb: -2\nc: 1.50\nd: 0x1F\ne: 0o17\nf: 1e3\ng: .inf\nh: ~\ni: null\nj: true\nk: False\nl:\nm: 007",
    "a: 'it''s'\nb: \"x # y\"\nc: x # comment\nd: x#y\ne: https://example.com/a?b=c\nf: -x\ng: a  b",
    "a: [1, two, \"3\", 'four', ]\nb: {x: 1, y: two}\nc: []\nd: {}",
    "a:\n- 1\n- 2\nb:\n  - x\n  - y",
    "a: b\n  c",
    "a: \"b\\nc\"",
    "a: &x 1\nb: *x",
    "a: !!str 1",
    "a: |\n  text",
    "a: {b: {c: d}}",
    "a: [b: c]",
    "a:b",
    "a: 1\na: 2",
    "__proto__: {}",
    "? a\n: b",
    "a: 2027-03-01T09:00:00+01:00\nb: [2027-03-01T09:00:00+01:00]",
    "- a\n- b",
    "a: b: c",
    "\"a b\": 1\n'c': 2\n1: x",
    "a:\n  b: 1\n c: 2",
    "a: 1\n---\nb: 2",
    "true: 1",
    "a: \"unterminated",
    "a: x\r\nb: y",
    // yaml refuses an implicit key more than 1024 characters before its colon.
    `${"k".repeat(1024)}: 1`,
    `${"k".repeat(1025)}: 1`,
    `"${"k".repeat(1023)}": 1`,
    `a:\n  b: {${"k".repeat(1100)}: 1}\n  ${"k".repeat(1025)}: 2`,
  ];

  it.each([...texts.map((text, i) => [`fixture ${i}`, text]), ...SNIPPETS.map((text) => [JSON.stringify(text).slice(0, 80), text])])(
    "reads %s as yaml does, or declines it",
    (_label, text) => {
      const fast = readSimpleYaml(text as string);
      if (!fast) return;
      let expected: unknown;
      try {
        expected = parse(text as string, { uniqueKeys: false });
      } catch {
        throw new Error("the fast reader accepted a text that yaml rejects");
      }
      expect(isDeepStrictEqual(fast.value, expected)).toBe(true);
    },
  );

  it("reads the common link file subset", () => {
    expect(readSimpleYaml(readFileSync(`${FIXTURES}/valid-every-mode.yaml`, "utf8"))).toBeDefined();
    expect(readSimpleYaml("a: 1\nb: -2\nc: 1.50")?.value).toEqual({ a: 1, b: -2, c: 1.5 });
  });

  it("declines a key more than 1024 characters before its colon, which yaml refuses, and only such a key", () => {
    expect(readSimpleYaml(`${"k".repeat(1024)}: 1`)?.value).toEqual({ ["k".repeat(1024)]: 1 });
    expect(readSimpleYaml(`${"k".repeat(1025)}: 1`)).toBeUndefined();
    expect(readSimpleYaml(`links:\n  voucher:\n    metadata:\n      ${"k".repeat(1025)}: x`)).toBeUndefined();
  });

  it("declines what it does not understand: aliases, tags, block scalars, nested flow, duplicates", () => {
    for (const text of ["a: &x 1\nb: *x", "a: !!str 1", "a: |\n  text", "a: {b: {c: d}}", "a: 1\na: 2", "a: b\n  c"]) {
      expect(readSimpleYaml(text)).toBeUndefined();
    }
  });
});

describe("readSimpleYaml on generated link files", () => {
  it("reads 3,000 generated texts as yaml does (values and key positions), or declines them", () => {
    const next = mulberry32(424242); // seeded: a failure replays
    let read = 0;
    for (let i = 0; i < 3000; i++) {
      const text = generatedText(next);
      const fast = readSimpleYaml(text);
      if (!fast) continue;
      read++;
      const expected = yamlValue(text);
      if (!isDeepStrictEqual(fast.value, expected)) {
        throw new Error(`text ${i} read differently:\n${text}\nfast: ${JSON.stringify(fast.value)}\nyaml: ${JSON.stringify(expected)}`);
      }
      const positions = Object.fromEntries([...fast.keys].map(([key, own]) => [key, Object.fromEntries(own)]));
      const yamlPositions = yamlKeyPositions(text);
      for (const [key, own] of Object.entries(positions)) expect(own, `text ${i}, keys of ${key}:\n${text}`).toEqual(yamlPositions[key]);
    }
    // Most texts are in the subset: the comparison above is not vacuous.
    expect(read).toBeGreaterThan(900);
  });
});
