/**
 * Typed errors raised by the Invent client. Every message names the request (method and path, never the
 * key), the status, what the server said, and what to do about it.
 */
export class InventError extends Error {
  override readonly name: string = "InventError";
  /** HTTP status, when the server answered. */
  readonly status?: number;
  /** `METHOD /path` of the failed request, for messages and logs. */
  readonly request?: string;
  /** The server's own message(s), when it sent any. */
  readonly serverMessages: string[];
  /** Id of the call (`x-request-id`), to quote when asking the vendor about it. */
  readonly requestId?: string;

  constructor(
    message: string,
    details: { status?: number; request?: string; serverMessages?: string[]; requestId?: string } = {},
  ) {
    super(message);
    this.status = details.status;
    this.request = details.request;
    this.serverMessages = details.serverMessages ?? [];
    this.requestId = details.requestId;
  }
}

/** 401: the API key is missing, wrong, revoked, or the endpoint is not open to API keys. */
export class AuthenticationError extends InventError {
  override readonly name = "AuthenticationError";
}

/** 400: the server rejected a parameter or the body. `serverMessages` says which. */
export class ValidationError extends InventError {
  override readonly name = "ValidationError";
}

/** 404: the object (or the org) does not exist, or this key cannot see it. */
export class NotFoundError extends InventError {
  override readonly name = "NotFoundError";
}

/** Which server limit a 429 hit: the per-IP request rate, or the per-org hourly assistant creations. */
export type RateLimit = "requests-per-minute" | "assistant-creation";

/** 429: rate limited, still so after the client's retries. `retryAfterSeconds` is the server's hint. */
export class RateLimitedError extends InventError {
  override readonly name = "RateLimitedError";
  readonly retryAfterSeconds?: number;
  /** The limit that was hit, judged from the request (only assistant creation is under the hourly one). */
  readonly limit?: RateLimit;
  /** When the server said the request may be sent again (this machine's clock). */
  readonly retryAt?: Date;
  constructor(
    message: string,
    details: ConstructorParameters<typeof InventError>[1] & {
      retryAfterSeconds?: number;
      limit?: RateLimit;
      retryAt?: Date;
    },
  ) {
    super(message, details);
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.limit = details.limit;
    this.retryAt = details.retryAt;
  }
}

/** 5xx: the service failed, still so after the client's retries (where retrying was safe). */
export class ServerError extends InventError {
  override readonly name = "ServerError";
}

/** No HTTP answer: refused, reset, DNS failure, or the per-request deadline passed. */
export class ConnectionError extends InventError {
  override readonly name = "ConnectionError";
}

/** The provider is not configured well enough to call the API (no key, bad base URL). */
export class ConfigurationError extends InventError {
  override readonly name = "ConfigurationError";
}
