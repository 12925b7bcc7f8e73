// The Pulumi package schema of the `mytpe` plugin (mytpe:index:PaymentLink and the provider's
// config), generated from the one link model: the zod schema's JSON Schema form (link-spec.ts,
// json-schema-form.ts) gives each input's type, enum and description; link-fields.ts says which
// fields hold money. Pulumi's conventions, so every generated SDK reads as its language does:
// camelCase properties (plugin-names.ts maps them to the API's), amounts typed as numbers, enums
// with named constants, a `language` section naming each SDK's package. `npm run schema` writes it
// to plugin/schema.json, and the plugin serves the same text (test/plugin/plugin-schema.test.ts
// fails when the committed file is out of date).
import { z } from "zod";
import { applyJsonForms, type JsonSchema } from "../link/json-schema-form.ts";
import { LINK_FIELDS, MONEY_FIELDS, type LinkField } from "../link/link-fields.ts";
import { LinkFields } from "../link/link-spec.ts";
import { PAYMENT_LINK_TYPE, PLUGIN_LINK_TYPE } from "../provider/protocol.ts";
import { inPluginWords, pluginName, type StateField } from "./plugin-names.ts";

/** The plugin's package name: the `mytpe` of `mytpe:index:PaymentLink` and of `mytpe:apiKey`. */
export const PACKAGE_NAME = "mytpe";

export { PLUGIN_LINK_TYPE };

/** A property of a Pulumi schema (pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema). */
export type SchemaProperty = { [keyword: string]: unknown };

/** What the API adds to a link, and what state keeps beside the declaration (link-state.ts). */
const STATE_PROPERTIES: Record<StateField, SchemaProperty> = {
  status: { type: "string", description: "Live status: draft, active, paused, exhausted, expired or archived." },
  declared_status: { $ref: "#/types/mytpe:index:Status", description: "The status declared when state was last written: a link the platform ended keeps it." },
  slug: { type: "string", description: "Server-generated slug; the public URL is built from it." },
  url: { type: "string", description: "The public payment page, exactly as built from the slug." },
  paid_count: { type: "integer", description: "Successful payments so far." },
  total_collected: { type: "string", description: "Sum collected so far, as a decimal string." },
  marker: { type: "string", description: "The link's Pulumi identity (its URN), also kept in its metadata as its mark." },
};

/** The provider's settings (src/provider/provider-settings.ts reads them as `mytpe:<name>`). */
const CONFIG: Record<string, SchemaProperty> = {
  apiUrl: { type: "string", description: "Base URL of the MyTPE external API; https://api.mytpe.appp/api/ext when not set. Env: MYTPE_API_URL." },
  apiKey: { type: "string", secret: true, description: "MyTPE API key (X-Api-Key). Env: MYTPE_API_KEY." },
  apiSecret: { type: "string", secret: true, description: "MyTPE API secret (X-Api-Secret). Env: MYTPE_API_SECRET." },
  payUrl: { type: "string", description: "Base of the public payment page; https://pay.mytpe.appp when not set. Env: MYTPE_PAY_URL." },
  onPricingChange: {
    $ref: "#/types/mytpe:index:OnPricingChange",
    description: "For links that set no on_pricing_change: replace a paid link whose pricing changes, or fail.",
  },
  onTerminal: { $ref: "#/types/mytpe:index:OnTerminal", description: "For links that set no on_terminal: accept a link that has ended, or recreate it." },
  maxConcurrency: { type: "integer", description: "Requests in flight per provider process; 8 when not set. Env: MYTPE_MAX_CONCURRENCY." },
};

/** The package each generated SDK is (`pulumi package gen-sdk`, test/sdk/): its name in its language's registry. */
const LANGUAGE = {
  nodejs: { packageName: "@mytpe-links/pulumi-mytpe", dependencies: { "@pulumi/pulumi": "^3.216.0" } },
  python: { packageName: "pulumi_mytpe", requires: { pulumi: ">=3.216.0,<4.0.0" }, pyproject: { enabled: true } },
  go: { importBasePath: "github.com/mytpe-links/pulumi-mytpe/sdk/go/mytpe", generateResourceContainerTypes: false },
  csharp: { rootNamespace: "MyTpe", namespaces: { mytpe: "Links" }, packageReferences: { Pulumi: "3.*" } },
};

/** "usage_mode" -> "UsageMode", "one_shot" -> "OneShot": a type's or a constant's name. */
function typeName(field: string): string {
  return field.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());
}

/** Its description in the plugin's names (`when usageMode is limited`). */
function described(property: SchemaProperty): SchemaProperty {
  return typeof property["description"] === "string" ? { ...property, description: inPluginWords(property["description"]) } : property;
}

/** Properties keyed by their plugin names, their descriptions in the plugin's words. */
function named(properties: Record<string, SchemaProperty>): Record<string, SchemaProperty> {
  return Object.fromEntries(Object.entries(properties).map(([name, property]) => [pluginName(name), described(property)]));
}

/** The JSON Schema of one declared field without `null` among its types (absent means null here). */
function withoutNull(schema: JsonSchema): JsonSchema {
  const anyOf = schema["anyOf"];
  if (Array.isArray(anyOf)) {
    const value = (anyOf as JsonSchema[]).find((option) => option["type"] !== "null");
    return { ...(value ?? {}), description: schema["description"] };
  }
  const types = Array.isArray(schema["type"]) ? (schema["type"] as string[]).filter((type) => type !== "null") : schema["type"];
  return { ...schema, type: Array.isArray(types) && types.length === 1 ? types[0] : types };
}

/** A declared field as a Pulumi input: a scalar, a list, a map, an enum; an amount (a number or a decimal text in link files) a number. */
function inputProperty(field: string, json: JsonSchema, enums: Map<string, readonly string[]>): SchemaProperty {
  const schema = withoutNull(json);
  const description = typeof schema["description"] === "string" ? { description: schema["description"] } : {};
  if (Array.isArray(schema["enum"])) {
    enums.set(typeName(field), schema["enum"] as string[]);
    return { $ref: `#/types/mytpe:index:${typeName(field)}`, ...description };
  }
  const type = schema["type"];
  if (Array.isArray(type)) return { type: type.includes("number") ? "number" : "string", ...description };
  if (type === "array") return { type, items: { type: (schema["items"] as JsonSchema)["type"] }, ...description };
  if (type === "object") return { type, additionalProperties: { type: "string" }, ...description };
  return { type, ...description };
}

/** A declared field as state holds it: money as the API's exact decimal text, the rest as declared. */
function outputProperty(field: string, input: SchemaProperty): SchemaProperty {
  return MONEY_FIELDS.has(field as LinkField) ? { ...input, type: "string" } : input;
}

/** The whole package schema, as the plugin serves it and `pulumi package add` reads it. */
export function pluginSchema(version: string): Record<string, unknown> {
  const json = z.toJSONSchema(LinkFields, { io: "input", target: "draft-07", unrepresentable: "any", override: applyJsonForms }) as JsonSchema;
  const fields = json["properties"] as Record<string, JsonSchema>;
  const enums = new Map<string, readonly string[]>();
  const inputs = Object.fromEntries(Object.entries(fields).map(([field, schema]) => [field, inputProperty(field, schema, enums)]));
  const declaredOutputs = [...LINK_FIELDS, "on_pricing_change", "on_terminal"].map((field) => [field, outputProperty(field, inputs[field] ?? {})]);
  const required = json["required"] as string[];
  return {
    name: PACKAGE_NAME,
    displayName: "MyTPE payment links",
    version,
    description: "MyTPE payment links as code: the provider of mytpe-links, served as a Pulumi plugin.",
    keywords: ["mytpe", "payments", "payment-links", "category/utility"],
    license: "MIT",
    repository: "https://www.npmjs.com/package/mytpe-links",
    config: { variables: named(CONFIG) },
    provider: { description: "The MyTPE provider: which API, which credentials, and the stack-wide link settings.", inputProperties: named(CONFIG) },
    types: Object.fromEntries(
      [...enums].map(([name, values]) => [`mytpe:index:${name}`, { type: "string", enum: values.map((value) => ({ name: typeName(value), value })) }]),
    ),
    resources: {
      [PLUGIN_LINK_TYPE]: {
        description: "A MyTPE payment link, created, published, paused, resumed, updated or archived to match its declaration.",
        aliases: [{ type: PAYMENT_LINK_TYPE }],
        inputProperties: named(inputs),
        requiredInputs: required.map(pluginName),
        properties: named({ ...Object.fromEntries(declaredOutputs), ...STATE_PROPERTIES }),
        required: [...required, "status", "slug", "url", "paid_count", "total_collected"].map(pluginName),
      },
    },
    language: LANGUAGE,
  };
}

/** The schema file's text (plugin/schema.json). */
export function pluginSchemaText(version: string): string {
  return `${JSON.stringify(pluginSchema(version), null, 2)}\n`;
}
