// What a failed API call says: each error status of the API, and a transport that drops, times
// out or answers something that is not JSON.
import { describe, expect, it } from "vitest";
import { apiRequest } from "../../src/provider/api-client.ts";
import { LINK_ID, CREATE, LINK_BODY, failure, mockApi } from "./mock-api.ts";

const { config, mock } = mockApi();

describe("apiRequest", () => {
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

      const error = await failure(apiRequest(config(), { operation: "read payment link", link: "Spring voucher" }, "GET", `/links/${LINK_ID}`));

      expect(error.status).toBe(502);
      expect(error.code).toBe("HTTP_502");
      expect(error.fieldErrors).toEqual({});
      expect(error.message).toBe(
        `read payment link "Spring voucher" failed: <html><body><h1>502 Bad Gateway</h1></body></html> [HTTP 502 HTTP_502, GET /links/${LINK_ID}]`,
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
      expect(error.message).toBe('create payment link "Spring voucher" failed: no response from the MyTPE API (socket hang up) [NETWORK_ERROR, POST /links]');
    });

    it("keeps the transport's error code when it has one", async () => {
      mock("GET", "/me").replyWithError(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:4010"), { code: "ECONNREFUSED" }));
      const error = await failure(apiRequest(config(), { operation: "check credentials" }, "GET", "/me"));
      expect(error.status).toBe(0);
      expect(error.code).toBe("ECONNREFUSED");
      expect(error.message).toBe("check credentials failed: no response from the MyTPE API (connect ECONNREFUSED 127.0.0.1:4010) [ECONNREFUSED, GET /me]");
    });

    it("refuses a successful answer whose body is not JSON", async () => {
      mock("GET", `/links/${LINK_ID}`).reply(200, "<html>maintenance</html>");

      const error = await failure(apiRequest(config(), { operation: "read payment link", link: "Spring voucher" }, "GET", `/links/${LINK_ID}`));

      expect(error.status).toBe(200);
      expect(error.code).toBe("BAD_RESPONSE");
      expect(error.message).toBe(
        'read payment link "Spring voucher" failed: the MyTPE API answered 200 with a body that is not JSON ' +
          `[HTTP 200 BAD_RESPONSE, GET /links/${LINK_ID}]`,
      );
    });

    it("gives up with status 0 when the API does not answer within timeoutMs", async () => {
      mock("GET", "/me")
        .reply(200, { data: { id: "trader" } })
        .delay(1_500);

      const started = Date.now();
      const error = await failure(apiRequest(config({ timeoutMs: 50 }), { operation: "check credentials" }, "GET", "/me"));

      expect(error.status).toBe(0);
      expect(error.message).toContain("check credentials failed: no response from the MyTPE API");
      expect(Date.now() - started).toBeLessThan(1_000);
    });
  });
});
