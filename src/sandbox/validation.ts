// Laravel's validation vocabulary: an ordered bag of field errors and the message sentences its
// default English language file produces, so the sandbox's 422s read like the real API's.

import { validationFailed, type FieldErrors } from "./api-error.ts";

/** Laravel shows `max_uses` as "max uses" in messages. */
export function attribute(field: string): string {
  return field.replaceAll("_", " ");
}

export const say = {
  required: (f: string) => `The ${attribute(f)} field is required.`,
  requiredIf: (f: string, other: string, value: string) => `The ${attribute(f)} field is required when ${attribute(other)} is ${value}.`,
  prohibited: (f: string) => `The ${attribute(f)} field is prohibited.`,
  prohibitedIf: (f: string, other: string, value: string) => `The ${attribute(f)} field is prohibited when ${attribute(other)} is ${value}.`,
  string: (f: string) => `The ${attribute(f)} must be a string.`,
  maxChars: (f: string, n: number) => `The ${attribute(f)} may not be greater than ${n} characters.`,
  numeric: (f: string) => `The ${attribute(f)} must be a number.`,
  decimals: (f: string) => `The ${attribute(f)} may not have more than 2 decimal places.`,
  integerDigits: (f: string) => `The ${attribute(f)} may not have more than 12 integer digits.`,
  greaterThanZero: (f: string) => `The ${attribute(f)} must be greater than 0.`,
  integer: (f: string) => `The ${attribute(f)} must be an integer.`,
  atLeast: (f: string, n: number) => `The ${attribute(f)} must be at least ${n}.`,
  atMost: (f: string, n: number) => `The ${attribute(f)} may not be greater than ${n}.`,
  invalidChoice: (f: string) => `The selected ${attribute(f)} is invalid.`,
  date: (f: string) => `The ${attribute(f)} must be an ISO 8601 date-time with a time zone offset (e.g. 2026-05-01T09:00:00+01:00).`,
  after: (f: string, other: string) => `The ${attribute(f)} must be a date after ${attribute(other)}.`,
  lte: (f: string, other: string) => `The ${attribute(f)} must be less than or equal to ${attribute(other)}.`,
  array: (f: string) => `The ${attribute(f)} must be an array.`,
  object: (f: string) => `The ${attribute(f)} must be an object.`,
  minItems: (f: string, n: number) => `The ${attribute(f)} must have at least ${n} items.`,
  maxItems: (f: string, n: number) => `The ${attribute(f)} may not have more than ${n} items.`,
  url: (f: string) => `The ${attribute(f)} format is invalid.`,
  uuid: (f: string) => `The ${attribute(f)} must be a valid UUID.`,
} as const;

export class ErrorBag {
  private readonly messages = new Map<string, string[]>();

  add(field: string, message: string): void {
    const list = this.messages.get(field);
    if (list === undefined) this.messages.set(field, [message]);
    else list.push(message);
  }

  has(field: string): boolean {
    return this.messages.has(field);
  }

  get isEmpty(): boolean {
    return this.messages.size === 0;
  }

  /**
   * Field errors ordered like the rule list `order` (dotted children such as `allowed_payers.3`
   * follow their parent); fields outside `order` come last in the order they were added.
   */
  toFieldErrors(order: readonly string[] = []): FieldErrors {
    const rank = (field: string): number => {
      const i = order.indexOf(field.split(".")[0] ?? field);
      return i === -1 ? order.length : i;
    };
    const entries = [...this.messages.entries()];
    const sorted = entries.map((entry, index) => ({ entry, index })).sort((a, b) => rank(a.entry[0]) - rank(b.entry[0]) || a.index - b.index);
    const out: FieldErrors = {};
    for (const { entry } of sorted) out[entry[0]] = entry[1];
    return out;
  }

  /** Throws the 422 when anything was recorded. */
  throwIfAny(order: readonly string[] = []): void {
    if (!this.isEmpty) throw validationFailed(this.toFieldErrors(order));
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(text: string): boolean {
  return UUID.test(text);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Length in characters as PHP's mb_strlen counts them (code points, not UTF-16 units). */
export function charLength(text: string): number {
  return [...text].length;
}
