// The scan of dist/ finds every way compiled code loads a module, and nothing else.
import { describe, expect, it } from "vitest";
import { moduleSpecifiers, packageOf } from "./module-specifiers.ts";

describe("moduleSpecifiers", () => {
  const cases: [string, string, string[]][] = [
    ["a static import", 'import { z } from "zod";', ["zod"]],
    ["a side-effect import", 'import "./register.js";', ["./register.js"]],
    ["a namespace import of a builtin", 'import * as fs from "node:fs";', ["node:fs"]],
    ["a re-export", 'export { PaymentLink } from "./resources/payment-link.js";', ["./resources/payment-link.js"]],
    ["an export of everything", 'export * from "@pulumi/pulumi/output.js";', ["@pulumi/pulumi/output.js"]],
    ["a dynamic import, awaited in a method", 'class A { async m() { const { request } = await import("undici"); } }', ["undici"]],
    ["a require, as a provider does lazily", 'function f() { return require("@pulumi/pulumi/proto/engine_pb.js"); }', ["@pulumi/pulumi/proto/engine_pb.js"]],
    ["a require from createRequire, named require", 'const require = createRequire(import.meta.url); const y = require("yaml");', ["yaml"]],
    ["require.resolve", 'const where = require.resolve("qrcode/package.json");', ["qrcode/package.json"]],
    ["a template literal without substitutions", "const q = require(`tinyglobby`);", ["tinyglobby"]],
    ["an import in a comment: none", '// import x from "left-pad";\n/* require("left-pad") */', []],
    ["code inside a string: none", 'const text = `exports.handler=()=>require("mytpe-links/provider/v1").handler()`;', []],
    ["a method named require on an object: none", 'const m = loader.require("left-pad");', []],
  ];
  it.each(cases)("finds %s", (_, code, expected) => {
    expect(moduleSpecifiers("file.js", code)).toEqual({ specifiers: expected, computed: [] });
  });

  it("reports the loads it cannot check: a computed specifier", () => {
    const code = 'const p = require("node:path"); function load(d, s) { return require(p.join(d, s)); } const m = await import(name);';
    expect(moduleSpecifiers("file.js", code)).toEqual({ specifiers: ["node:path"], computed: ["require(p.join(d, s))", "import(name)"] });
  });
});

describe("packageOf", () => {
  const cases: [string, string | undefined][] = [
    ["zod", "zod"],
    ["zod/v4/core", "zod"],
    ["@pulumi/pulumi", "@pulumi/pulumi"],
    ["@pulumi/pulumi/proto/engine_pb.js", "@pulumi/pulumi"],
    ["node:fs", "node:fs"],
    ["./local.js", undefined],
    ["../up.js", undefined],
    ["/abs/path.js", undefined],
  ];
  it.each(cases)("names the package of %s: %s", (specifier, expected) => {
    expect(packageOf(specifier)).toBe(expected);
  });
});
