/**
 * A refusal the caller can act on: carries the HTTP status (4xx) and a short code. Route handlers throw it and the
 * app's error handler answers with `{ error: code, message }`; the CLI prints the message.
 */

/** HTTP statuses a {@link RequestError} may carry. */
export type RequestErrorStatus = 400 | 403 | 404 | 409 | 422;

/** A 4xx refusal with a message that says what is wrong and, where it helps, what to do. */
export class RequestError extends Error {
  /** HTTP status (read by Fastify's error handler). */
  readonly statusCode: RequestErrorStatus;
  /** Short machine-readable reason, e.g. `CatalogConflict`. */
  readonly code: string;

  constructor(statusCode: RequestErrorStatus, code: string, message: string) {
    super(message);
    this.name = "RequestError";
    this.statusCode = statusCode;
    this.code = code;
  }
}
