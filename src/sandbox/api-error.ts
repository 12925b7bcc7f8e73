// The one error type handlers throw. The server turns it into the contract's envelope
// `{"error": CODE, "message": text, "errors"?: {...}}`; anything else becomes a 500.

/** Laravel-style field errors: field (or `field.index`) → messages, in rule order. */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldErrors | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, errors?: FieldErrors, headers: Record<string, string> = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.errors = errors;
    this.headers = headers;
  }

  toBody(): Record<string, unknown> {
    return this.errors === undefined ? { error: this.code, message: this.message } : { error: this.code, message: this.message, errors: this.errors };
  }
}

export function notFound(message: string): ApiError {
  return new ApiError(404, "NOT_FOUND", message);
}

export function invalidState(message: string): ApiError {
  return new ApiError(409, "INVALID_STATE", message);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, "BAD_REQUEST", message);
}

/** 422 whose top-level message is the first field message, as the brief asks. */
export function validationFailed(errors: FieldErrors): ApiError {
  const first = Object.values(errors)[0]?.[0] ?? "The given data was invalid.";
  return new ApiError(422, "VALIDATION_ERROR", first, errors);
}
