import { describe, expect, it } from "vitest";
import { brokerDecision, type BrokerRule } from "../../src/broker/broker-request.ts";

const RULE: BrokerRule = {
  upstream: new URL("https://api.mytpe.appp/api/ext"),
  clientKey: `mtk_live_${"1".repeat(32)}`,
  clientSecret: `mts_live_${"2".repeat(32)}`,
};
const CLIENT = { apiKey: RULE.clientKey, apiSecret: RULE.clientSecret };

describe("what the read-only broker does with a request", () => {
  it.each([
    ["/links?page=2&per_page=100", "https://api.mytpe.appp/api/ext/links?page=2&per_page=100"],
    ["/links/5b1e7c2a-9f3d-4e6a-8b0c-1d2e3f4a5b6c", "https://api.mytpe.appp/api/ext/links/5b1e7c2a-9f3d-4e6a-8b0c-1d2e3f4a5b6c"],
    ["/instances/9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69", "https://api.mytpe.appp/api/ext/instances/9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69"],
    ["/me", "https://api.mytpe.appp/api/ext/me"],
  ])("forwards GET %s to %s", (target, url) => {
    expect(brokerDecision({ method: "GET", target, ...CLIENT }, RULE)).toEqual({ kind: "forward", url: new URL(url) });
  });

  it.each(["POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get"])("refuses %s, whoever asks: only GET is forwarded", (method) => {
    expect(brokerDecision({ method, target: "/links", ...CLIENT }, RULE)).toMatchObject({
      kind: "refuse",
      status: 405,
      error: "METHOD_NOT_ALLOWED",
      headers: { allow: "GET" },
    });
  });

  it.each([
    ["no credentials", {}],
    ["a wrong secret", { ...CLIENT, apiSecret: `mts_live_${"3".repeat(32)}` }],
    ["the key only", { apiKey: RULE.clientKey }],
    ["a prefix of the key", { apiKey: RULE.clientKey.slice(0, -1), apiSecret: RULE.clientSecret }],
  ])("refuses a GET with %s, as the API would", (_, credentials) => {
    expect(brokerDecision({ method: "GET", target: "/links", ...credentials }, RULE)).toEqual({
      kind: "refuse",
      status: 401,
      error: "UNAUTHORIZED",
      message: "Invalid API credentials.",
    });
  });

  it.each([
    "/../admin",
    "/links/../../admin",
    "/%2e%2e/%2e%2e/admin",
    "/..\\..\\admin",
    "//evil.example/api/ext/links",
    "http://evil.example/api/ext/links",
    "",
    "*",
  ])("refuses the target %j: it leaves the API's base path or host", (target) => {
    expect(brokerDecision({ method: "GET", target, ...CLIENT }, RULE)).toMatchObject({ kind: "refuse", status: 400 });
  });
});
