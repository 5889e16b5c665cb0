import { z } from "zod";
import { log } from "@/lib/platform/log";

// One error type crosses the wire: { error: { code, message, fields? } } with the status below.
const statusByCode = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof statusByCode;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string[]>;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: Record<string, string[]>; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = extra.fields;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  get status(): number {
    return statusByCode[this.code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields && { fields: this.fields }) } };
  }
}

export function validationError(error: z.ZodError): AppError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    (fields[key] ??= []).push(issue.message);
  }
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  return new AppError("unprocessable", `${where}${first?.message ?? "Invalid input"}`, { fields });
}

/** Turns any thrown value into an HTTP response; unknown errors are logged with the request id. */
export function errorResponse(err: unknown, requestId: string): Response {
  const appError = err instanceof z.ZodError ? validationError(err) : err instanceof AppError ? err : null;
  if (appError) {
    const headers: Record<string, string> = { "x-request-id": requestId };
    if (appError.retryAfterSeconds !== undefined) headers["retry-after"] = String(appError.retryAfterSeconds);
    return Response.json(appError.toJSON(), { status: appError.status, headers });
  }
  log.error("unhandled error", { error: err instanceof Error ? err : String(err) });
  return Response.json(
    { error: { code: "internal", message: `Something went wrong (request ${requestId}).` } },
    { status: 500, headers: { "x-request-id": requestId } },
  );
}
