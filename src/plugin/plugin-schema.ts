// The Pulumi package schema of the `mytpe` plugin (mytpe:index:PaymentLink and the provider's
// config), generated from the one link model: the zod schema's JSON Schema form (link-spec.ts,
// json-schema-form.ts) gives each input's type, enum and description; link-fields.ts says which
// fields hold money. `npm run schema` writes it to plugin/schema.json, and the plugin serves the
// same text (test/plugin/plugin-schema.test.ts fails when the committed file is out of date).
import { z } from "zod";
import { applyJsonForms, type JsonSchema } from "../link/json-schema-form.ts";
import { LINK_FIELDS, MONEY_FIELDS, type LinkField } from "../link/link-fields.ts";
import { LinkFields } from "../link/link-spec.ts";
import { PAYMENT_LINK_TYPE, PLUGIN_LINK_TYPE } from "../provider/protocol.ts";

/** The plugin's package name: the `mytpe` of `mytpe:index:PaymentLink` and of `mytpe:apiKey`. */
export const PACKAGE_NAME = "mytpe";

export { PLUGIN_LINK_TYPE };

/** A property of a Pulumi schema (pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema). */
export type SchemaProperty = { [keyword: string]: unknown };

/** What the API adds to a link, and what state keeps beside the declaration (link-state.ts). */
const STATE_PROPERTIES: Record<string, SchemaProperty> = {
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
  onPricingChange: { $ref: "#/types/mytpe:index:OnPricingChange", description: "For links that set no on_pricing_change: replace a paid link whose pricing changes, or fail." },
  onTerminal: { $ref: "#/types/mytpe:index:OnTerminal", description: "For links that set no on_terminal: accept a link that has ended, or recreate it." },
  maxConcurrency: { type: "integer", description: "Requests in flight per provider process; 8 when not set. Env: MYTPE_MAX_CONCURRENCY." },
};

/** "usage_mode" -> "UsageMode": the name of a field's enum type. */
function typeName(field: string): string {
  return field.replace(/(^|_)([a-z])/g, (_match, _sep: string, letter: string) => letter.toUpperCase());
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

/** A declared field as a Pulumi input: a scalar, a list, a map, a union of number and text, or an enum. */
function inputProperty(field: string, json: JsonSchema, enums: Map<string, readonly string[]>): SchemaProperty {
  const schema = withoutNull(json);
  const description = typeof schema["description"] === "string" ? { description: schema["description"] } : {};
  if (Array.isArray(schema["enum"])) {
    enums.set(typeName(field), schema["enum"] as string[]);
    return { $ref: `#/types/mytpe:index:${typeName(field)}`, ...description };
  }
  const type = schema["type"];
  if (Array.isArray(type)) return { oneOf: type.map((option: unknown) => ({ type: option })), ...description };
  if (type === "array") return { type, items: { type: (schema["items"] as JsonSchema)["type"] }, ...description };
  if (type === "object") return { type, additionalProperties: { type: "string" }, ...description };
  return { type, ...description };
}

/** A declared field as state holds it: money as a decimal string, other numbers as numbers. */
function outputProperty(field: string, input: SchemaProperty): SchemaProperty {
  if (!Array.isArray(input["oneOf"])) return input;
  const { oneOf: _oneOf, ...rest } = input;
  return { ...rest, type: MONEY_FIELDS.has(field as LinkField) ? "string" : "number" };
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
    config: { variables: CONFIG },
    provider: { description: "The MyTPE provider: which API, which credentials, and the stack-wide link settings.", inputProperties: CONFIG },
    types: Object.fromEntries(
      [...enums].map(([name, values]) => [
        `mytpe:index:${name}`,
        { type: "string", enum: values.map((value) => ({ value })) },
      ]),
    ),
    resources: {
      [PLUGIN_LINK_TYPE]: {
        description: "A MyTPE payment link, created, published, paused, resumed, updated or archived to match its declaration.",
        aliases: [{ type: PAYMENT_LINK_TYPE }],
        inputProperties: inputs,
        requiredInputs: required,
        properties: { ...Object.fromEntries(declaredOutputs), ...STATE_PROPERTIES },
        required: [...required, "status", "slug", "url", "paid_count", "total_collected"],
      },
    },
  };
}

/** The schema file's text (plugin/schema.json). */
export function pluginSchemaText(version: string): string {
  return `${JSON.stringify(pluginSchema(version), null, 2)}\n`;
}
