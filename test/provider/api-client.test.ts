// The API client: what a call sends, how credentials stay out of every message, and how an
// ApiError is recognised.
import { describe, expect, it } from "vitest";
import { apiRequest, isApiError, redact } from "../../src/provider/api-client.ts";
import { BASE_URL, KEY, SECRET, LINK_ID, CREATE, LINK_BODY, headersOf, failure, mockApi } from "./mock-api.ts";

const { config, mock } = mockApi();

describe("apiRequest", () => {
  it("sends the credentials, JSON headers and the JSON body", async () => {
    let seen: { headers: Record<string, string>; body: unknown } | undefined;
    mock("POST", "/links").reply(201, (opts) => {
      seen = { headers: headersOf(opts.headers), body: opts.body };
      return { data: { id: LINK_ID } };
    });

    await apiRequest(config(), CREATE, "POST", "/links", LINK_BODY);

    expect(seen?.headers).toMatchObject({
      "x-api-key": KEY,
      "x-api-secret": SECRET,
      accept: "application/json",
      "content-type": "application/json",
    });
    expect(JSON.parse(String(seen?.body))).toEqual(LINK_BODY);
  });

  it("sends no content-type and no body on a request without a body", async () => {
    let seen: { headers: Record<string, string>; body: unknown } | undefined;
    mock("GET", "/me").reply(200, (opts) => {
      seen = { headers: headersOf(opts.headers), body: opts.body };
      return { data: { id: "trader" } };
    });

    await apiRequest(config(), { operation: "check credentials" }, "GET", "/me");

    expect(seen?.headers["x-api-key"]).toBe(KEY);
    expect(seen?.headers["x-api-secret"]).toBe(SECRET);
    expect(seen?.headers).not.toHaveProperty("content-type");
    expect(seen?.body ?? undefined).toBeUndefined();
  });

  it.each([[BASE_URL], [`${BASE_URL}/`], [`${BASE_URL}//`]])("joins the base URL %s with the path", async (apiUrl) => {
    mock("GET", "/me").reply(200, { data: { id: "trader" } });
    await expect(apiRequest(config({ apiUrl }), { operation: "check credentials" }, "GET", "/me")).resolves.toEqual({
      data: { id: "trader" },
    });
  });

  it("returns the parsed envelope of a successful answer", async () => {
    const link = { id: LINK_ID, slug: "spring-x9f2", amount: "4500.00", status: "draft" };
    mock("POST", "/links").reply(201, { data: link });
    const answer = await apiRequest<{ data: typeof link }>(config(), CREATE, "POST", "/links", LINK_BODY);
    expect(answer).toEqual({ data: link });
  });

  it("returns a message-only answer as it is", async () => {
    mock("POST", `/links/${LINK_ID}/archive`).reply(200, { message: "Payment link archived." });
    const answer = await apiRequest(config(), { operation: "archive payment link", link: "Spring voucher" }, "POST", `/links/${LINK_ID}/archive`);
    expect(answer).toEqual({ message: "Payment link archived." });
  });

  it("returns undefined for a 204 without a body", async () => {
    mock("DELETE", "/webhooks/1").reply(204, "");
    await expect(apiRequest(config(), { operation: "delete webhook" }, "DELETE", "/webhooks/1")).resolves.toBeUndefined();
  });

  it("returns undefined for a 200 with an empty body", async () => {
    mock("POST", `/links/${LINK_ID}/pause`).reply(200, "");
    await expect(apiRequest(config(), { operation: "pause payment link" }, "POST", `/links/${LINK_ID}/pause`)).resolves.toBeUndefined();
  });

  describe("credentials", () => {
    it("never shows the credentials in an error message, even when the API echoes them", async () => {
      mock("POST", "/links").reply(422, {
        error: "VALIDATION_ERROR",
        message: `Invalid API credentials: key ${KEY}, secret ${SECRET}.`,
        errors: { "X-Api-Secret": [`${SECRET} is not a valid secret for ${KEY}.`] },
      });

      const error = await failure(apiRequest(config(), CREATE, "POST", "/links", LINK_BODY));

      expect(error.message).not.toContain(KEY);
      expect(error.message).not.toContain(SECRET);
      expect(error.message).toBe(
        'create payment link "Spring voucher" failed: Invalid API credentials: key ***, secret ***. ' +
          "(X-Api-Secret: *** is not a valid secret for ***.) [HTTP 422 VALIDATION_ERROR, POST /links]",
      );
    });

    it("never shows the credentials in a non-JSON error body", async () => {
      mock("GET", "/me").reply(500, `upstream rejected x-api-secret=${SECRET}`);
      const error = await failure(apiRequest(config(), { operation: "check credentials" }, "GET", "/me"));
      expect(error.message).not.toContain(SECRET);
      expect(error.message).toContain("x-api-secret=***");
    });

    it("never shows the credentials in a transport error", async () => {
      mock("GET", "/me").replyWithError(new Error(`proxy refused the request with key ${KEY}`));
      const error = await failure(apiRequest(config(), { operation: "check credentials" }, "GET", "/me"));
      expect(error.message).not.toContain(KEY);
      expect(error.message).toContain("with key ***");
    });
  });
});

describe("isApiError", () => {
  it("recognises an error by its name, as it survives serialization", () => {
    expect(isApiError(Object.assign(new Error("x"), { name: "MyTpeApiError" }))).toBe(true);
    expect(isApiError(new Error("x"))).toBe(false);
    expect(isApiError({ name: "MyTpeApiError", message: "not an Error" })).toBe(false);
    expect(isApiError(undefined)).toBe(false);
  });
});

describe("redact", () => {
  it("replaces every occurrence of the key and the secret", () => {
    expect(redact(`${KEY}:${SECRET} and again ${SECRET}`, { apiKey: KEY, apiSecret: SECRET })).toBe("***:*** and again ***");
  });

  it("leaves the text alone when the credentials are empty", () => {
    expect(redact("nothing to hide", { apiKey: "", apiSecret: "" })).toBe("nothing to hide");
  });
});
