import { randomUUID } from "node:crypto";
import { Agent, Dispatcher, RetryAgent, request } from "undici";
import { ASSUMPTIONS } from "./assumptions";
import {
  AuthenticationError,
  ConnectionError,
  InventError,
  NotFoundError,
  RateLimitedError,
  ServerError,
  ValidationError,
} from "./errors";
import { Logger, silentLogger } from "./log";

/** Options of {@link InventClient}. Only `apiKey` is required. */
export interface InventClientOptions {
  apiKey: string;
  /** Default `https://api.useinvent.com`. */
  baseUrl?: string;
  /** Org used when a call names none. Default `c`, the key's own org. */
  orgId?: string;
  /** Where retries and waits are reported. */
  logger?: Logger;
  /** Replaces the pooled keep-alive agent (tests pass undici's `MockAgent`). */
  dispatcher?: Dispatcher;
  /** Deadline of one attempt (headers and body each). Default 30 s. */
  requestTimeoutMs?: number;
  /** Retries after the first attempt. Default 5. */
  maxRetries?: number;
  /** Most time one call may spend waiting between attempts, in total. Default 120 s. */
  retryBudgetMs?: number;
  /** First backoff delay; doubles each retry, with full jitter. Default 500 ms. */
  minRetryDelayMs?: number;
  /** Longest single wait, `Retry-After` included. Default 30 s. */
  maxRetryDelayMs?: number;
  /** Client-side ceiling on requests per minute. Default the API's documented 500. */
  requestsPerMinute?: number;
}

/** One call's options. */
export interface RequestOptions {
  /** Org to address; default the client's org. */
  org?: string;
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /**
   * Whether sending the request twice is harmless. Default: true for GET, PATCH and DELETE, false for POST
   * (the API has no idempotency key, so a POST whose answer was lost may have taken effect).
   */
  idempotent?: boolean;
}

/** A response: parsed JSON body plus headers (pagination lives there). */
export interface InventResponse<T> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** Network failures that happen before the request reached the server: always safe to retry. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETDOWN",
]);
/** Failures after which the server may or may not have acted: retried only for idempotent requests. */
const AMBIGUOUS_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CONNECT_TIMEOUT",
  "ETIMEDOUT",
]);
const RETRY_STATUSES = [429, 500, 502, 503, 504];

/**
 * Keeps a process under the API's per-minute request ceiling: a sliding window of start times. Pulumi runs
 * many resource operations at once; without this a large stack would hit 429s and spend its time waiting.
 */
export class RequestRateLimiter {
  private readonly starts: number[] = [];
  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until another request may start (0 = now), reserving the slot when it is 0. */
  tryAcquire(): number {
    const t = this.now();
    while (this.starts.length && this.starts[0] <= t - 60_000) this.starts.shift();
    if (this.starts.length < this.perMinute) {
      this.starts.push(t);
      return 0;
    }
    return this.starts[0] + 60_000 - t;
  }

  async acquire(onWait: (ms: number) => void): Promise<void> {
    for (;;) {
      const wait = this.tryAcquire();
      if (wait === 0) return;
      onWait(wait);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function asMessages(body: unknown): string[] {
  if (body && typeof body === "object" && "message" in body) {
    const m = (body as { message: unknown }).message;
    if (Array.isArray(m)) return m.map(String);
    if (typeof m === "string") return [m];
  }
  if (typeof body === "string" && body.trim()) return [body.trim().slice(0, 500)];
  return [];
}

function retryAfterMs(
  headers: Record<string, string | string[] | undefined> | undefined,
): number | undefined {
  const raw = headers?.["retry-after"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * The one HTTP layer between resources and the Invent API: bearer auth, the org path, JSON, a deadline per
 * attempt, retries with exponential backoff and full jitter (honouring `Retry-After`) within a total wait
 * budget, a client-side rate limit, typed errors, and auto-pagination.
 *
 * Retries use undici's `RetryAgent`; this class only decides *whether* and *how long*, and reports each wait.
 */
export class InventClient {
  readonly baseUrl: string;
  readonly orgId: string;
  private readonly apiKey: string;
  private readonly logger: Logger;
  private readonly pool: Dispatcher;
  private readonly limiter: RequestRateLimiter;
  private readonly opts: Required<
    Pick<InventClientOptions, "maxRetries" | "retryBudgetMs" | "minRetryDelayMs" | "maxRetryDelayMs">
  >;

  constructor(options: InventClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? ASSUMPTIONS.defaultBaseUrl).replace(/\/+$/, "");
    this.orgId = options.orgId ?? ASSUMPTIONS.ownOrgAlias;
    this.logger = options.logger ?? silentLogger;
    const timeout = options.requestTimeoutMs ?? 30_000;
    this.pool =
      options.dispatcher ??
      new Agent({
        keepAliveTimeout: 10_000,
        connections: 16,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        connectTimeout: timeout,
      });
    this.limiter = new RequestRateLimiter(options.requestsPerMinute ?? ASSUMPTIONS.requestsPerMinute);
    this.opts = {
      maxRetries: options.maxRetries ?? 5,
      retryBudgetMs: options.retryBudgetMs ?? 120_000,
      minRetryDelayMs: options.minRetryDelayMs ?? 500,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
    };
  }

  /** `/orgs/{org}` for the given org or the client's default. */
  orgPath(org?: string): string {
    return `/orgs/${encodeURIComponent(org ?? this.orgId)}`;
  }

  get<T>(path: string, opts: RequestOptions = {}) {
    return this.request<T>("GET", path, opts).then((r) => r.body);
  }
  post<T>(path: string, body?: unknown, opts: RequestOptions = {}) {
    return this.request<T>("POST", path, { ...opts, body }).then((r) => r.body);
  }
  patch<T>(path: string, body: unknown, opts: RequestOptions = {}) {
    return this.request<T>("PATCH", path, { ...opts, body }).then((r) => r.body);
  }
  delete<T = unknown>(path: string, opts: RequestOptions = {}) {
    return this.request<T>("DELETE", path, opts).then((r) => r.body);
  }

  /**
   * Every item of a list endpoint, page by page (`take` = the API's maximum), stopping at the count the
   * `pagination-count` header gives, or at the first short page when the header is absent.
   */
  async *paginate<T>(path: string, opts: RequestOptions = {}): AsyncGenerator<T> {
    const take = ASSUMPTIONS.maxPageSize;
    for (let page = 1, seen = 0; ; page++) {
      const res = await this.request<T[]>("GET", path, { ...opts, query: { ...opts.query, page, take } });
      const items = Array.isArray(res.body) ? res.body : [];
      for (const item of items) yield item;
      seen += items.length;
      const total = Number(res.headers["pagination-count"]);
      const done = Number.isFinite(total) ? seen >= total : items.length < take;
      if (done || items.length === 0) return;
    }
  }

  async listAll<T>(path: string, opts: RequestOptions = {}): Promise<T[]> {
    const all: T[] = [];
    for await (const item of this.paginate<T>(path, opts)) all.push(item);
    return all;
  }

  /** One API call, `path` relative to the org (`/assistants`). Throws a typed {@link InventError}. */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<InventResponse<T>> {
    const orgPath = `${this.orgPath(opts.org)}${path}`;
    const label = `${method} ${orgPath}`;
    const idempotent = opts.idempotent ?? method !== "POST";
    const qs = opts.query
      ? Object.entries(opts.query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
          .join("&")
      : "";
    const url = `${this.baseUrl}${orgPath}${qs ? `?${qs}` : ""}`;

    await this.limiter.acquire((ms) =>
      this.logger.info(
        `${label}: waiting ${Math.ceil(ms / 1000)}s to stay under ${this.limiter.perMinute} requests/minute`,
      ),
    );

    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: method as Dispatcher.HttpMethod,
        dispatcher: this.retrying(label, idempotent),
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          accept: "application/json",
          "user-agent": "pulumi-invent",
          "x-request-id": randomUUID(),
          ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
      });
    } catch (err) {
      throw this.connectionError(label, err, idempotent);
    }
    const text = await res.body.text();
    let body: unknown = text;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON (a proxy's HTML page, say): keep the text for the error message.
      }
    } else {
      body = undefined;
    }
    if (res.statusCode >= 200 && res.statusCode < 300) {
      return { status: res.statusCode, headers: res.headers, body: body as T };
    }
    throw this.httpError(label, res.statusCode, res.headers, body);
  }

  /** A RetryAgent over the shared pool whose policy knows this call (label, idempotency, budget). */
  private retrying(label: string, idempotent: boolean): Dispatcher {
    const started = Date.now();
    let waited = 0;
    const { maxRetries, retryBudgetMs, minRetryDelayMs, maxRetryDelayMs } = this.opts;
    return new RetryAgent(this.pool, {
      throwOnError: false,
      maxRetries,
      methods: ["GET", "HEAD", "PATCH", "PUT", "DELETE", "POST", "OPTIONS"],
      statusCodes: RETRY_STATUSES,
      errorCodes: [...NOT_SENT_CODES, ...AMBIGUOUS_CODES],
      retry: (err, { state }, cb) => {
        const e = err as Error & { statusCode?: number; code?: string; headers?: Record<string, string> };
        const status = e.statusCode;
        const code = e.code === "UND_ERR_REQ_RETRY" ? undefined : e.code;
        const safe =
          (status === 429 && ASSUMPTIONS.rateLimitedRequestsAreNotProcessed) ||
          (code !== undefined && NOT_SENT_CODES.has(code)) ||
          (idempotent &&
            ((status !== undefined && status >= 500) || (code !== undefined && AMBIGUOUS_CODES.has(code))));
        if (!safe || state.counter > maxRetries) return cb(err);
        const hinted = ASSUMPTIONS.honourRetryAfter && status === 429 ? retryAfterMs(e.headers) : undefined;
        // A long hint (the hourly creation limit) is not worth sitting through: report it at once.
        if (hinted !== undefined && hinted > maxRetryDelayMs) return cb(err);
        const backoff = Math.random() * Math.min(maxRetryDelayMs, minRetryDelayMs * 2 ** (state.counter - 1));
        const delay = Math.min(
          maxRetryDelayMs,
          hinted !== undefined ? hinted + Math.random() * 250 : backoff,
        );
        if (waited + delay > retryBudgetMs) return cb(err);
        waited += delay;
        const why = status ? `answered ${status}` : `failed (${code ?? e.message})`;
        this.logger.info(
          `${label} ${why}; retry ${state.counter}/${maxRetries} in ${(delay / 1000).toFixed(1)}s` +
            (hinted !== undefined ? " (server asked via Retry-After)" : "") +
            ` [${Math.round((Date.now() - started) / 1000)}s so far]`,
        );
        setTimeout(() => cb(null), delay);
      },
    });
  }

  private redact(text: string): string {
    return this.apiKey ? text.split(this.apiKey).join("[redacted]") : text;
  }

  private httpError(
    label: string,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    body: unknown,
  ) {
    const serverMessages = asMessages(body).map((m) => this.redact(m));
    const said = serverMessages.length ? `: ${serverMessages.join("; ")}` : "";
    const details = { status, request: label, serverMessages };
    const head = `Invent API ${label} failed with ${status}${said}.`;
    switch (true) {
      case status === 401 || status === 403:
        return new AuthenticationError(
          `${head} Check the API key (invent:apiKey or INVENT_API_KEY): it may be wrong or revoked, or not allowed in this org.`,
          details,
        );
      case status === 400 || status === 422:
        return new ValidationError(`${head} Fix the named field(s) in your program.`, details);
      case status === 404:
        return new NotFoundError(
          `${head} The object or org does not exist, or this API key cannot see it (check orgId).`,
          details,
        );
      case status === 429: {
        const ms = retryAfterMs(headers);
        return new RateLimitedError(
          `${head} Rate limited${ms !== undefined ? `; the server asks to wait ${Math.ceil(ms / 1000)}s` : ""}. ` +
            "Retry later (assistant creation is limited to 10 per hour per org).",
          { ...details, retryAfterSeconds: ms !== undefined ? Math.ceil(ms / 1000) : undefined },
        );
      }
      case status >= 500:
        return new ServerError(`${head} The Invent service failed; retry later.`, details);
      default:
        return new InventError(`${head}`, details);
    }
  }

  private connectionError(label: string, err: unknown, idempotent: boolean): InventError {
    if (err instanceof InventError) return err;
    const e = err as Error & { code?: string };
    const what = this.redact(e.code ?? e.message ?? String(err));
    const maybe =
      !idempotent && !(e.code && NOT_SENT_CODES.has(e.code))
        ? " The request may or may not have taken effect."
        : "";
    return new ConnectionError(
      `Invent API ${label} got no answer (${what}) from ${this.baseUrl}.${maybe} Check the network and invent:baseUrl.`,
      { request: label },
    );
  }

  /** Closes pooled connections (tests; the provider process exits on its own). */
  async close(): Promise<void> {
    await this.pool.close();
  }
}
