// The API client's seam for tests: an injected undici MockAgent that refuses the network, and the
// helpers the api-client tests share (not a test file itself).
import { MockAgent } from "undici";
import { afterEach, beforeEach, expect } from "vitest";
import { isApiError, type ApiConfig, type ApiError } from "../../src/provider/api-client.ts";

const ORIGIN = "https://api.mytpe.test";
export const BASE_URL = `${ORIGIN}/api/ext`;
export const KEY = "mtk_live_0123456789abcdef0123456789abcdef";
export const SECRET = "mts_live_fedcba9876543210fedcba9876543210";
export const LINK_ID = "5b1e7c2a-9f3d-4e6a-8b0c-1d2e3f4a5b6c";
export const CREATE = { operation: "create payment link", link: "Spring voucher" } as const;
export const LINK_BODY = { payment_instance_id: "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69", title: "Spring voucher", amount: "4500.00" };

/**
 * A fresh MockAgent for each test of the calling file, with every interceptor required to be
 * used: `config` points the client at it, `mock` intercepts one call.
 */
export function mockApi() {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
  return {
    config: (overrides: Partial<ApiConfig> = {}): ApiConfig => ({ apiUrl: BASE_URL, apiKey: KEY, apiSecret: SECRET, dispatcher: agent, ...overrides }),
    mock: (method: string, path: string) => agent.get(ORIGIN).intercept({ path: `/api/ext${path}`, method }),
  };
}

/** Lower-cased request headers, whatever shape the dispatcher handed them over in. */
export function headersOf(headers: Headers | Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) out[name.toLowerCase()] = value;
  return out;
}

/** Runs a call that must fail and returns its error, checked to be an ApiError. */
export async function failure(call: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await call.then(
    (value) => {
      throw new Error(`expected the call to fail, it returned ${JSON.stringify(value)}`);
    },
    (reason: unknown) => reason,
  );
  expect(isApiError(error)).toBe(true);
  return error as ApiError;
}
