// The fixed world the sandbox starts from: one trader, its key pair, two payment instances and two
// forms; and a second trader with its own key pair, one ready instance and one published form, so
// that "another trader's keys" can be tried (the API answers 404 for what is not theirs). Ids and
// keys never change so that stack configs and demos can hard-code them.

/** The trader that owns every resource in the sandbox (what `GET /me` answers). */
export type Trader = {
  id: string;
  email: string;
  name: string;
  role: "trader";
  created_at: string;
};

/** A payment instance as `GET /instances/{id}` returns it (contract §7). */
export type PaymentInstance = {
  id: string;
  name: string;
  description: string | null;
  acceptance_status: "ready" | "pending_documents" | "documents_submitted" | "rejected";
  status: "active" | "suspended";
  currency: string;
  created_at: string;
  updated_at: string;
};

/** A form as `GET /forms/{id}` returns it (contract §7). */
export type Form = {
  id: string;
  name: string;
  description: string | null;
  status: "draft" | "published" | "archived";
  fields_count: number;
  created_at: string;
  updated_at: string;
};

export const TRADER: Trader = {
  id: "5b0c7f0e-3a4d-4c1b-9f6e-2d8a1c3b4e5f",
  email: "sandbox.trader@example.dz",
  name: "Sandbox Trader",
  role: "trader",
  created_at: "2025-01-15T09:30:00.000000Z",
};

// Same shape as real keys (`mtk_live_` / `mts_live_` + 32 hex) so client-side format checks pass.
export const API_KEY = "mtk_live_0123456789abcdef0123456789abcdef";
export const API_SECRET = "mts_live_fedcba9876543210fedcba9876543210";

export const READY_INSTANCE_ID = "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69";
export const PENDING_INSTANCE_ID = "1c4e7a2b-8d3f-4f6a-9b0c-5d7e9f1a2b3c";
export const PUBLISHED_FORM_ID = "e2f4a6c8-1b3d-4e5f-8a7b-9c0d1e2f3a4b";
export const DRAFT_FORM_ID = "7a9b1c3d-5e7f-4a2b-8c4d-6e8f0a1b2c3d";

/** The second trader: sees none of the first trader's resources, and the first sees none of its. */
export const OTHER_TRADER: Trader = {
  id: "8e3d2c1b-6a5f-4e7d-9c8b-3a2f1e0d9c8b",
  email: "other.trader@example.dz",
  name: "Other Sandbox Trader",
  role: "trader",
  created_at: "2025-05-06T10:15:00.000000Z",
};

export const OTHER_API_KEY = "mtk_live_99887766554433221100ffeeddccbbaa";
export const OTHER_API_SECRET = "mts_live_aabbccddeeff00112233445566778899";
export const OTHER_READY_INSTANCE_ID = "3f8e6d4c-2b1a-4c9e-8d7f-6e5d4c3b2a19";
export const OTHER_PUBLISHED_FORM_ID = "b5c7d9e1-3f2a-4b6c-8d0e-2f4a6b8c0d1e";

export function seedInstances(): PaymentInstance[] {
  return [
    {
      id: READY_INSTANCE_ID,
      name: "Boutique Alger Centre",
      description: "Main shop, CIB and Edahabia",
      acceptance_status: "ready",
      status: "active",
      currency: "DZD",
      created_at: "2025-01-20T10:00:00.000000Z",
      updated_at: "2025-02-03T14:12:45.000000Z",
    },
    {
      id: PENDING_INSTANCE_ID,
      name: "Annexe Oran",
      description: "Waiting for the commercial register extract",
      acceptance_status: "pending_documents",
      status: "active",
      currency: "DZD",
      created_at: "2025-03-02T08:45:00.000000Z",
      updated_at: "2025-03-02T08:45:00.000000Z",
    },
    {
      id: OTHER_READY_INSTANCE_ID,
      name: "Librairie Constantine",
      description: "The other trader's shop",
      acceptance_status: "ready",
      status: "active",
      currency: "DZD",
      created_at: "2025-05-06T10:30:00.000000Z",
      updated_at: "2025-05-06T10:30:00.000000Z",
    },
  ];
}

export function seedForms(): Form[] {
  return [
    {
      id: PUBLISHED_FORM_ID,
      name: "Customer details",
      description: "Full name, phone and delivery wilaya",
      status: "published",
      fields_count: 3,
      created_at: "2025-02-10T11:20:00.000000Z",
      updated_at: "2025-02-11T16:05:30.000000Z",
    },
    {
      id: DRAFT_FORM_ID,
      name: "Event registration (draft)",
      description: null,
      status: "draft",
      fields_count: 5,
      created_at: "2025-04-01T09:00:00.000000Z",
      updated_at: "2025-04-01T09:00:00.000000Z",
    },
    {
      id: OTHER_PUBLISHED_FORM_ID,
      name: "Reader details",
      description: null,
      status: "published",
      fields_count: 2,
      created_at: "2025-05-06T11:00:00.000000Z",
      updated_at: "2025-05-06T11:00:00.000000Z",
    },
  ];
}
