import { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { apiRequest, isApiError, redact, type ApiConfig, type ApiError } from "../../src/provider/api-client.ts";

const ORIGIN = "https://api.mytpe.test";
const BASE_URL = `${ORIGIN}/api/ext`;
const KEY = "mtk_live_0123456789abcdef0123456789abcdef";
const SECRET = "mts_live_fedcba9876543210fedcba9876543210";
const LINK_ID = "5b1e7c2a-9f3d-4e6a-8b0c-1d2e3f4a5b6c";
const CREATE = { operation: "create payment link", link: "Spring voucher" } as const;
const LINK_BODY = { payment_instance_id: "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69", title: "Spring voucher", amount: "4500.00" };

let agent: MockAgent;

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});

afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

function config(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return { apiUrl: BASE_URL, apiKey: KEY, apiSecret: SECRET, dispatcher: agent, ...overrides };
}

function mock(method: string, path: string) {
  return agent.get(ORIGIN).intercept({ path: `/api/ext${path}`, method });
}

/** Lower-cased request headers, whatever shape the dispatcher handed them over in. */
function headersOf(headers: Headers | Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) out[name.toLowerCase()] = value;
  return out;
}

/** Runs a call that must fail and returns its error, checked to be an ApiError. */
async function failure(call: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await call.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  expect(isApiError(error)).toBe(true);
  return error as ApiError;
}

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
    await expect(
      apiRequest(config(), { operation: "pause payment link" }, "POST", `/links/${LINK_ID}/pause`),
    ).resolves.toBeUndefined();
  });

  describe("error statuses", () => {
    const ERRORS = [
      { status: 400, code: "BAD_REQUEST", message: "Malformed JSON body.", errors: undefined },
      { status: 401, code: "UNAUTHORIZED", message: "Invalid API credentials.", errors: undefined },
      { status: 404, code: "NOT_FOUND", message: "Payment link not found.", errors: undefined },
      { status: 409, code: "INVALID_STATE", message: "Cannot publish a link that is archived.", errors: undefined },
      {
        status: 422,
        code: "VALIDATION_ERROR",
        message: "The given data was invalid.",
        errors: { amount: ["The amount must be greater than 0."], max_uses: ["Required.", "Must be at least 1."] },
      },
      { status: 429, code: "TOO_MANY_REQUESTS", message: "Too many requests.", errors: undefined },
      { status: 500, code: "SERVER_ERROR", message: "Server error.", errors: undefined },
      { status: 503, code: "SERVICE_UNAVAILABLE", message: "Down for maintenance.", errors: undefined },
    ] as const;

    it.each(ERRORS)("turns a $status $code answer into a MyTpeApiError that says what failed", async (answer) => {
      mock("POST", "/links").reply(
        answer.status,
        { error: answer.code, message: answer.message, ...(answer.errors ? { errors: answer.errors } : {}) },
        answer.status === 429 ? { headers: { "retry-after": "7" } } : {},
      );

      const error = await failure(apiRequest(config(), CREATE, "POST", "/links", LINK_BODY));

      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe("MyTpeApiError");
      expect(error.status).toBe(answer.status);
      expect(error.code).toBe(answer.code);
      expect(error.fieldErrors).toEqual(answer.errors ?? {});
      expect(error.method).toBe("POST");
      expect(error.path).toBe("/links");
      expect(error.message.startsWith(`create payment link "Spring voucher" failed: ${answer.message}`)).toBe(true);
      expect(error.message.endsWith(`[HTTP ${answer.status} ${answer.code}, POST /links]`)).toBe(true);
      for (const [field, messages] of Object.entries(answer.errors ?? {})) {
        expect(error.message).toContain(`${field}: ${messages.join(" ")}`);
      }
    });

    it("pins the message of a 422 with field errors", async () => {
      mock("POST", "/links").reply(422, {
        error: "VALIDATION_ERROR",
        message: "The given data was invalid.",
        errors: {
          amount: ["The amount must be greater than 0."],
          max_uses: ["The max uses field is required when usage mode is limited."],
        },
      });

      const error = await failure(apiRequest(config(), CREATE, "POST", "/links", LINK_BODY));

      expect(error.message).toBe(
        'create payment link "Spring voucher" failed: The given data was invalid. ' +
          "(amount: The amount must be greater than 0.; max_uses: The max uses field is required when usage mode is limited.) " +
          "[HTTP 422 VALIDATION_ERROR, POST /links]",
      );
    });

    it("pins the message of a 502 whose body is an HTML page, not JSON", async () => {
      mock("GET", `/links/${LINK_ID}`).reply(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", {
        headers: { "content-type": "text/html" },
      });

      const error = await failure(
        apiRequest(config(), { operation: "read payment link", link: "Spring voucher" }, "GET", `/links/${LINK_ID}`),
      );

      expect(error.status).toBe(502);
      expect(error.code).toBe("HTTP_502");
      expect(error.fieldErrors).toEqual({});
      expect(error.message).toBe(
        'read payment link "Spring voucher" failed: <html><body><h1>502 Bad Gateway</h1></body></html> ' +
          `[HTTP 502 HTTP_502, GET /links/${LINK_ID}]`,
      );
    });

    it("keeps only the start of a long non-JSON error body", async () => {
      mock("GET", "/me").reply(500, "x".repeat(1000));
      const error = await failure(apiRequest(config(), { operation: "check credentials" }, "GET", "/me"));
      expect(error.message).toBe(`check credentials failed: ${"x".repeat(200)} [HTTP 500 HTTP_500, GET /me]`);
    });

    it("says no message when an error answer has an empty body", async () => {
      mock("GET", "/me").reply(500, "");
      const error = await failure(apiRequest(config(), { operation: "check credentials" }, "GET", "/me"));
      expect(error.message).toBe("check credentials failed: no message [HTTP 500 HTTP_500, GET /me]");
    });

    it("reads a field error given as a single string as a list of one", async () => {
      mock("PUT", `/links/${LINK_ID}`).reply(422, {
        error: "VALIDATION_ERROR",
        message: "Invalid.",
        errors: { title: "The title is too long." },
      });
      const error = await failure(
        apiRequest(config(), { operation: "update payment link", link: "Spring voucher" }, "PUT", `/links/${LINK_ID}`, {
          title: "t",
        }),
      );
      expect(error.fieldErrors).toEqual({ title: ["The title is too long."] });
    });

    it("names the operation alone when there is no link", async () => {
      mock("GET", "/me").reply(401, { error: "UNAUTHORIZED", message: "Invalid API credentials." });
      const error = await failure(apiRequest(config(), { operation: "check credentials" }, "GET", "/me"));
      expect(error.message).toBe("check credentials failed: Invalid API credentials. [HTTP 401 UNAUTHORIZED, GET /me]");
    });
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

  describe("transport failures", () => {
    it("pins the message of a dropped connection, which has status 0", async () => {
      mock("POST", "/links").replyWithError(new Error("socket hang up"));

      const error = await failure(apiRequest(config(), CREATE, "POST", "/links", LINK_BODY));

      expect(error.name).toBe("MyTpeApiError");
      expect(error.status).toBe(0);
      expect(error.code).toBe("NETWORK_ERROR");
      expect(error.fieldErrors).toEqual({});
      expect(error.method).toBe("POST");
      expect(error.path).toBe("/links");
      expect(error.message).toBe(
        'create payment link "Spring voucher" failed: no response from the MyTPE API (socket hang up) [NETWORK_ERROR, POST /links]',
      );
    });

    it("keeps the transport's error code when it has one", async () => {
      mock("GET", "/me").replyWithError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4010"), { code: "ECONNREFUSED" }));
      const error = await failure(apiRequest(config(), { operation: "check credentials" }, "GET", "/me"));
      expect(error.status).toBe(0);
      expect(error.code).toBe("ECONNREFUSED");
      expect(error.message).toBe(
        "check credentials failed: no response from the MyTPE API (connect ECONNREFUSED 127.0.0.1:4010) [ECONNREFUSED, GET /me]",
      );
    });

    it("refuses a successful answer whose body is not JSON", async () => {
      mock("GET", `/links/${LINK_ID}`).reply(200, "<html>maintenance</html>");

      const error = await failure(
        apiRequest(config(), { operation: "read payment link", link: "Spring voucher" }, "GET", `/links/${LINK_ID}`),
      );

      expect(error.status).toBe(200);
      expect(error.code).toBe("BAD_RESPONSE");
      expect(error.message).toBe(
        'read payment link "Spring voucher" failed: the MyTPE API answered 200 with a body that is not JSON ' +
          `[HTTP 200 BAD_RESPONSE, GET /links/${LINK_ID}]`,
      );
    });

    it("gives up with status 0 when the API does not answer within timeoutMs", async () => {
      mock("GET", "/me").reply(200, { data: { id: "trader" } }).delay(1_500);

      const started = Date.now();
      const error = await failure(apiRequest(config({ timeoutMs: 50 }), { operation: "check credentials" }, "GET", "/me"));

      expect(error.status).toBe(0);
      expect(error.message).toContain("check credentials failed: no response from the MyTPE API");
      expect(Date.now() - started).toBeLessThan(1_000);
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
