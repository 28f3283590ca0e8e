import { randomUUID } from "node:crypto";
import type { Dispatcher } from "undici";
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
import { serverMessagesOf } from "./error-body";
import { Logger, silentLogger } from "./log";

/**
 * undici, loaded on the first request rather than with the package: a Pulumi program that only declares
 * resources never makes one, and loading it cost each program about 65 ms of start-up.
 */
let undici: typeof import("undici") | undefined;
const http = (): typeof import("undici") => (undici ??= require("undici") as typeof import("undici"));

/** The client's only view of time, so tests can run an hour of waiting in a millisecond. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

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
  /** Retries after the first attempt on 5xx and connection errors. Default 5. */
  maxRetries?: number;
  /** Most time one call may spend waiting between those retries, in total. Default 120 s. */
  retryBudgetMs?: number;
  /** First backoff delay; doubles each retry, with full jitter. Default 500 ms. */
  minRetryDelayMs?: number;
  /** Longest single backoff wait. Default 30 s. Per-minute rate-limit waits are not capped by it. */
  maxRetryDelayMs?: number;
  /**
   * Retries of one call after the per-minute rate limit (429 with a `Retry-After` of at most about a minute),
   * counted apart from `maxRetries`: such a wait says nothing about this request. Default 5.
   */
  maxRateLimitRetries?: number;
  /** The API's ceiling on requests per minute. Default the documented 500; the client stays under it. */
  requestsPerMinute?: number;
  /**
   * A limiter to share: clients of one API host in one process must count against one window (the limit is
   * per client IP). Default a new one.
   */
  limiter?: RequestRateLimiter;
  /** Keeps the rate window between processes (see {@link RateWindowHistory}); used when `limiter` is not given. */
  rateHistory?: RateWindowHistory;
  /** Time source for every wait (tests pass a fake one). Default the system clock. */
  clock?: Clock;
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

/** Any final answer: status, headers, the body as text and parsed (JSON when it parses, else the text). */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
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

/** How long the first report of a wait period gathers the requests that join it, so a burst is one line. */
const REPORT_GATHER_MS = 500;

/** Options of {@link RequestRateLimiter}. */
export interface RateLimiterOptions {
  /** Length of the rolling window. Default 60 s. */
  windowMs?: number;
  /** How waits wait. Default real timers. */
  sleep?: (ms: number) => Promise<void>;
  /** Where waits are reported: one line per wait period, with the number of requests waiting. */
  logger?: Logger;
  /** The ceiling named in those lines (the documented one, above the margin). Default `perMinute`. */
  ceiling?: number;
  /**
   * Where the window outlives the process: the server counts per client IP across runs, so a run that starts
   * right after another must know what that one spent. Loaded once; saved as requests end.
   */
  history?: RateWindowHistory;
}

/** The ends of recent requests, kept between processes (e.g. in a temp file). Best effort: never throws. */
export interface RateWindowHistory {
  load(): number[];
  save(ends: number[]): void;
}

/** A request's place in the window: `release()` when its answer (or failure) came. */
export interface RateSlot {
  release(): void;
}

interface Ticket {
  label: string;
  admit: (slot: RateSlot) => void;
}

interface WaitPeriod {
  kind: "pause" | "window";
  started: number;
  until: number;
  waiters: Set<Ticket>;
  note?: PauseNote;
}

/** What a pause reports: `line` when one request waits, `why` in the line counting many. */
export interface PauseNote {
  line: string;
  why: string;
}

/**
 * Keeps a process under the API's per-minute request ceiling, and holds every request while the server has
 * said to wait. Pulumi runs many resource operations at once; without this a large stack would hit 429s and
 * spend its time waiting.
 *
 * The server counts a request when it arrives, which is somewhere between when the client sends it and when
 * the answer comes. So a request counts from when it is admitted until one window after its answer (forever
 * while in flight): no window of the server's can then hold more than `perMinute` of them. Requests that
 * must wait are queued in order, retries first; a wait is reported once per period, not once per request.
 */
export class RequestRateLimiter {
  /** Requests in the window: when each was answered, or Infinity while in flight. */
  private readonly slots: { end: number }[] = [];
  private readonly retries: Ticket[] = [];
  private readonly fresh: Ticket[] = [];
  /** No request starts before this (the server's `Retry-After`, shared: the limit is per client IP). */
  private notBefore = 0;
  private pauseNote?: PauseNote;
  private wakeAt?: number;
  private wakeGeneration = 0;
  private period?: WaitPeriod;
  private readonly windowMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly logger: Logger;
  private readonly ceiling: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
    options: RateLimiterOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.sleep = options.sleep ?? systemClock.sleep;
    this.logger = options.logger ?? silentLogger;
    this.ceiling = options.ceiling ?? perMinute;
    this.history = options.history;
    const cutoff = this.now() - this.windowMs;
    for (const end of this.history?.load() ?? []) if (end > cutoff) this.slots.push({ end });
  }

  private readonly history?: RateWindowHistory;
  private saveScheduled = false;

  /** Saves the window soon (one write per burst of answers), without keeping the process alive. */
  private scheduleSave(): void {
    if (!this.history || this.saveScheduled) return;
    this.saveScheduled = true;
    const timer = setTimeout(() => {
      this.saveScheduled = false;
      const now = this.now();
      this.history?.save(this.slots.map((s) => (s.end === Infinity ? now : s.end)));
    }, 100);
    timer.unref?.();
  }

  /**
   * Milliseconds until another request may start (0 = now), taking the slot when it is 0. For callers that
   * cannot report answers: the slot counts from now.
   */
  tryAcquire(): number {
    const now = this.now();
    const wait = Math.max(this.notBefore - now, this.windowWait(now));
    if (wait > 0 || this.retries.length || this.fresh.length) return Math.max(wait, 1);
    this.slots.push({ end: now });
    return 0;
  }

  /** Waits for a slot; `retry` puts the request ahead of first attempts (it has waited already). */
  acquire(label: string, retry = false): Promise<RateSlot> {
    return new Promise((admit) => {
      (retry ? this.retries : this.fresh).push({ label, admit });
      this.pump();
    });
  }

  /** Holds every request until `until` (the server said to wait); a later pause extends it. */
  pause(until: number, note: PauseNote): void {
    if (until <= this.notBefore) return;
    this.notBefore = until;
    this.pauseNote = note;
    this.pump();
  }

  /** Admits queued requests while the window and any pause allow, else arranges to try again. */
  private pump(): void {
    for (;;) {
      const head = this.retries[0] ?? this.fresh[0];
      if (!head) return;
      const now = this.now();
      const paused = this.notBefore - now;
      const window = this.windowWait(now);
      const wait = Math.max(paused, window);
      if (wait > 0) {
        this.noteWait(paused > 0 ? "pause" : "window", now, wait);
        // Infinity: every slot is in flight; the next release pumps again.
        if (wait !== Infinity) this.wakeIn(now, wait);
        return;
      }
      (this.retries.length ? this.retries : this.fresh).shift();
      const slot = { end: Infinity };
      this.slots.push(slot);
      head.admit({
        release: () => {
          if (slot.end !== Infinity) return;
          slot.end = this.now();
          this.scheduleSave();
          if (this.retries.length || this.fresh.length) this.pump();
        },
      });
    }
  }

  /** Milliseconds until the window has room for one more request; Infinity if that waits on an answer. */
  private windowWait(now: number): number {
    const cutoff = now - this.windowMs;
    let kept = 0;
    for (const s of this.slots) if (s.end > cutoff) this.slots[kept++] = s;
    this.slots.length = kept;
    if (kept < this.perMinute) return 0;
    const ends = this.slots.map((s) => s.end).sort((a, b) => a - b);
    return ends[kept - this.perMinute] + this.windowMs - now;
  }

  /** One timer at a time: only an earlier wake-up replaces the pending one (a later one follows it). */
  private wakeIn(now: number, wait: number): void {
    const at = now + wait;
    if (this.wakeAt !== undefined && this.wakeAt <= at) return;
    this.wakeAt = at;
    const generation = ++this.wakeGeneration;
    void this.sleep(wait).then(() => {
      if (generation !== this.wakeGeneration) return;
      this.wakeAt = undefined;
      this.pump();
    });
  }

  /**
   * Counts the queue into the current wait period, opening one (and scheduling its single report) when none
   * is open: a pause lasts until the server's time (window waits within it are part of it); window waits
   * get at most one line per window. A new pause opens its own period: the server's word is news.
   */
  private noteWait(kind: WaitPeriod["kind"], now: number, wait: number): void {
    let p = this.period;
    const open = p && now < (p.kind === "pause" ? p.until : p.started + this.windowMs);
    if (!p || !open || (kind === "pause" && p.kind === "window")) {
      const opened: WaitPeriod = { kind, started: now, until: now + wait, waiters: new Set() };
      if (kind === "pause") opened.note = this.pauseNote;
      p = this.period = opened;
      void this.sleep(Math.min(REPORT_GATHER_MS, wait)).then(() => this.report(opened));
    } else if (kind === "pause" && p.kind === "pause") {
      p.until = Math.max(p.until, now + wait);
    }
    for (const t of this.retries) p.waiters.add(t);
    for (const t of this.fresh) p.waiters.add(t);
  }

  private report(p: WaitPeriod): void {
    const n = p.waiters.size;
    if (n === 0) return;
    if (p.kind === "pause") {
      const ms = p.until - p.started;
      this.logger.info(
        n === 1 && p.note
          ? p.note.line
          : `rate limited: ${n} requests waiting ${Math.round(ms / 1000)}s (${p.note?.why ?? "server asked"})`,
      );
      return;
    }
    // Read now, not at the start of the period: by now the requests filling the window have their answers.
    const wait = this.windowWait(this.now());
    if (wait <= 0) return; // over within the gathering time: not worth a line
    const next = wait === Infinity ? "about a minute" : `${Math.ceil(wait / 1000)}s`;
    const [only] = p.waiters;
    this.logger.info(
      n === 1
        ? `${only.label}: waiting ${next} to stay under ${this.ceiling} requests/minute`
        : `rate limit: ${n} requests waiting to stay under ${this.ceiling} requests/minute; the next starts in ${next}`,
    );
  }
}

type Headers = Record<string, string | string[] | undefined>;

/** `Retry-After` in milliseconds: seconds, or an HTTP date read against the server's own `Date`. */
function retryAfterMs(headers: Headers | undefined, now: number): number | undefined {
  const raw = headers?.["retry-after"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - (serverDate(headers ?? {}) ?? now));
}

/** The server's clock from a response's `Date` header (whole seconds), if it sent one. */
export function serverDate(headers: Record<string, string | string[] | undefined>): number | undefined {
  const raw = headers.date;
  const t = Date.parse(Array.isArray(raw) ? raw[0] : (raw ?? ""));
  return Number.isNaN(t) ? undefined : t;
}

/** `2025-06-01 15:04:05 UTC`: unambiguous wherever the output is read. */
function clockTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** One attempt's outcome: the answer with its body read, or what was thrown. */
type Attempt =
  | { res: { status: number; headers: Headers; text: string }; err?: undefined }
  | { res?: undefined; err: unknown };

/**
 * The one HTTP layer between resources and the Invent API: bearer auth, the org path, JSON, a deadline per
 * attempt, retries with exponential backoff and full jitter within a total wait budget, rate limiting (a
 * client-side window, and the server's `Retry-After` held by every request of the process), typed errors,
 * and auto-pagination.
 */
export class InventClient {
  readonly baseUrl: string;
  readonly orgId: string;
  /** The request window; pass it to a replacement client for the same host so the count carries over. */
  readonly limiter: RequestRateLimiter;
  private readonly apiKey: string;
  private readonly logger: Logger;
  /** The pooled keep-alive agent, made on the first request (see `http`). */
  private poolOrNone: Dispatcher | undefined;
  private readonly makePool: () => Dispatcher;
  private readonly clock: Clock;
  private readonly opts: Required<
    Pick<
      InventClientOptions,
      "maxRetries" | "retryBudgetMs" | "minRetryDelayMs" | "maxRetryDelayMs" | "maxRateLimitRetries"
    >
  >;

  constructor(options: InventClientOptions) {
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? ASSUMPTIONS.defaultBaseUrl).replace(/\/+$/, "");
    this.orgId = options.orgId ?? ASSUMPTIONS.ownOrgAlias;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    const timeout = options.requestTimeoutMs ?? 30_000;
    // No `connections` cap: it would cap `--parallel`; the limiter bounds how many requests start anyway.
    this.poolOrNone = options.dispatcher;
    this.makePool = () =>
      new (http().Agent)({
        keepAliveTimeout: 10_000,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        connectTimeout: timeout,
      });
    const ceiling = options.requestsPerMinute ?? ASSUMPTIONS.requestsPerMinute;
    const margin = ASSUMPTIONS.requestRateMargin;
    this.limiter =
      options.limiter ??
      new RequestRateLimiter(Math.max(1, Math.floor(ceiling * (1 - margin.fraction))), this.clock.now, {
        windowMs: 60_000 + margin.ms,
        sleep: this.clock.sleep,
        logger: this.logger,
        ceiling,
        history: options.rateHistory,
      });
    this.opts = {
      maxRetries: options.maxRetries ?? 5,
      retryBudgetMs: options.retryBudgetMs ?? 120_000,
      minRetryDelayMs: options.minRetryDelayMs ?? 500,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000,
      maxRateLimitRetries: options.maxRateLimitRetries ?? 5,
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
   * Every page of a list endpoint (`take` = the API's maximum). The end is the count the `pagination-count`
   * header gives [D]; without it, a page shorter than the page size the server states (`pagination-take`) or
   * than a page it already gave, or an empty page: a server that pages by fewer than `take` without saying so
   * is never taken as done after its first page (that would make every object past it look deleted).
   * A body that is no list (or a `{data|items|results: […]}` envelope) and a page that repeats the last one's
   * items throw: such a listing is never taken as complete.
   */
  async *pages<T>(path: string, opts: RequestOptions = {}): AsyncGenerator<InventResponse<T[]>> {
    const take = ASSUMPTIONS.maxPageSize;
    let largest = 0;
    let previousFirst: string | undefined;
    for (let page = 1, seen = 0; ; page++) {
      const res = await this.request<unknown>("GET", path, { ...opts, query: { ...opts.query, page, take } });
      const items = listItemsOf(res.body);
      if (!items)
        throw new InventError(
          `Invent API GET ${this.orgPath(opts.org)}${path} answered no list (${describeBody(res.body)}); ` +
            "the library does not take it as empty.",
          { status: res.status, request: `GET ${this.orgPath(opts.org)}${path}` },
        );
      const first = items.length ? JSON.stringify(items[0]) : undefined;
      if (page > 1 && first !== undefined && first === previousFirst)
        throw new InventError(
          `Invent API GET ${this.orgPath(opts.org)}${path} answered page ${page} with the items of page ${page - 1}: ` +
            "it does not page by the `page` query; the listing is incomplete.",
          { status: res.status, request: `GET ${this.orgPath(opts.org)}${path}` },
        );
      previousFirst = first;
      yield { ...res, body: items as T[] };
      seen += items.length;
      largest = Math.max(largest, items.length);
      const total = headerNumber(res.headers, "pagination-count");
      const pageSize = headerNumber(res.headers, "pagination-take");
      const done =
        total !== undefined
          ? seen >= total
          : pageSize !== undefined
            ? items.length < pageSize
            : items.length < largest;
      if (done || items.length === 0) return;
    }
  }

  /** Every item of a list endpoint, page by page (see {@link InventClient.pages}). */
  async *paginate<T>(path: string, opts: RequestOptions = {}): AsyncGenerator<T> {
    for await (const page of this.pages<T>(path, opts)) yield* page.body;
  }

  async listAll<T>(path: string, opts: RequestOptions = {}): Promise<T[]> {
    return (await this.listAllWithTime<T>(path, opts)).items;
  }

  /**
   * Every item of a list endpoint, and the server's clock when the listing began (its first `Date` header;
   * undefined when the server sent none). Creation recovery compares `created_at` against the server's own
   * clock, never this machine's.
   */
  async listAllWithTime<T>(
    path: string,
    opts: RequestOptions = {},
  ): Promise<{ items: T[]; serverTime?: number }> {
    const items: T[] = [];
    let serverTime: number | undefined;
    for await (const page of this.pages<T>(path, opts)) {
      if (serverTime === undefined) serverTime = serverDate(page.headers);
      items.push(...page.body);
    }
    return { items, serverTime };
  }

  /** One API call, `path` relative to the org (`/assistants`). Throws a typed {@link InventError}. */
  async request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<InventResponse<T>> {
    const answer = await this.send(method, path, opts);
    if (answer.status >= 200 && answer.status < 300)
      return { status: answer.status, headers: answer.headers, body: answer.body as T };
    throw this.httpError(method, answer.orgPath, answer, answer.requestId);
  }

  /**
   * One API call with the same retries and rate limiting as {@link InventClient.request}, whose final answer is
   * returned whatever its status (the body parsed when it is JSON, and as text): for callers that judge error
   * answers themselves (`doctor` reads error bodies and headers). Throws only when no answer came.
   */
  async exchange(method: string, path: string, opts: RequestOptions = {}): Promise<RawAnswer> {
    const { orgPath: _, requestId: __, ...answer } = await this.send(method, path, opts);
    return answer;
  }

  /** The retry loop: the first 2xx, or the answer that ends retrying; throws when no answer came. */
  private async send(
    method: string,
    path: string,
    opts: RequestOptions,
  ): Promise<RawAnswer & { orgPath: string; requestId: string }> {
    const orgPath = `${this.orgPath(opts.org)}${path}`;
    const label = `${method} ${orgPath}`;
    const idempotent = opts.idempotent ?? method !== "POST";
    const creation = ASSUMPTIONS.isAssistantCreation(method, orgPath);
    const qs = opts.query
      ? Object.entries(opts.query)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
          .join("&")
      : "";
    const url = `${this.baseUrl}${orgPath}${qs ? `?${qs}` : ""}`;
    // One id per call (kept across its retries): errors quote it, so the vendor can find the call.
    const requestId = randomUUID();
    const init: Omit<Dispatcher.RequestOptions, "origin" | "path"> = {
      method: method as Dispatcher.HttpMethod,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        accept: "application/json",
        "user-agent": "pulumi-invent",
        "x-request-id": requestId,
        ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
      },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    };

    const final = (res: { status: number; headers: Headers; text: string }) => ({
      ...res,
      body: parseBody(res.text),
      orgPath,
      requestId,
    });
    const started = this.clock.now();
    const so = () => ` [${Math.round((this.clock.now() - started) / 1000)}s so far]`;
    let retries = 0;
    let waited = 0;
    let rateLimitRetries = 0;
    for (let attempt = 0; ; attempt++) {
      const { res, err } = await this.attempt(url, init, label, attempt > 0);
      let why: string;
      if (!res) {
        const code = (err as { code?: string }).code;
        const safe =
          code !== undefined && (NOT_SENT_CODES.has(code) || (idempotent && AMBIGUOUS_CODES.has(code)));
        if (!safe) throw this.connectionError(label, err, idempotent, requestId);
        why = `failed (${code})`;
      } else if (res.status >= 200 && res.status < 300) {
        return final(res);
      } else if (res.status === 429 && (idempotent || ASSUMPTIONS.rateLimitedRequestsAreNotProcessed)) {
        const now = this.clock.now();
        const hint = ASSUMPTIONS.honourRetryAfter ? retryAfterMs(res.headers, now) : undefined;
        // Without a hint, only a creation may be under the hourly limit; anything else is the per-minute one.
        const perMinute = hint !== undefined ? hint <= ASSUMPTIONS.perMinuteRetryAfterMaxMs : !creation;
        if (perMinute && rateLimitRetries < this.opts.maxRateLimitRetries) {
          rateLimitRetries++;
          const wait = hint !== undefined ? hint + Math.random() * 250 : rateLimitBackoff(rateLimitRetries);
          const reason = hint !== undefined ? "server asked via Retry-After" : "no Retry-After; backing off";
          const line =
            `${label} answered 429; retry ${rateLimitRetries}/${this.opts.maxRateLimitRetries} ` +
            `in ${(wait / 1000).toFixed(1)}s (${reason})${so()}`;
          if (creation) {
            // Maybe the org's creation limit about to free, which holds no other request.
            this.logger.info(line);
            await this.clock.sleep(wait);
          } else {
            this.limiter.pause(now + wait, { line, why: reason });
          }
          continue;
        }
        // A long hint is the hourly creation limit: not worth sitting in `pulumi up` for. Report it now.
        if (perMinute || hint !== undefined) return final(res);
        why = "answered 429";
      } else if (res.status >= 500 && idempotent) {
        why = `answered ${res.status}`;
      } else {
        return final(res);
      }

      const { maxRetries, retryBudgetMs, minRetryDelayMs, maxRetryDelayMs } = this.opts;
      const delay = Math.random() * Math.min(maxRetryDelayMs, minRetryDelayMs * 2 ** retries);
      if (retries >= maxRetries || waited + delay > retryBudgetMs) {
        if (res) return final(res);
        throw this.connectionError(label, err, idempotent, requestId);
      }
      retries++;
      waited += delay;
      this.logger.info(
        `${label} ${why}; retry ${retries}/${maxRetries} in ${(delay / 1000).toFixed(1)}s${so()}`,
      );
      await this.clock.sleep(delay);
    }
  }

  /** Sends once, inside a slot of the rate window that ends when the answer has come. */
  private async attempt(
    url: string,
    init: Omit<Dispatcher.RequestOptions, "origin" | "path">,
    label: string,
    retry: boolean,
  ): Promise<Attempt> {
    const slot = await this.limiter.acquire(label, retry);
    try {
      const res = await http().request(url, { ...init, dispatcher: (this.poolOrNone ??= this.makePool()) });
      return { res: { status: res.statusCode, headers: res.headers, text: await res.body.text() } };
    } catch (err) {
      return { err };
    } finally {
      slot.release();
    }
  }

  private redact(text: string): string {
    return this.apiKey ? text.split(this.apiKey).join("[redacted]") : text;
  }

  private httpError(
    method: string,
    orgPath: string,
    res: { status: number; headers: Headers; text: string },
    sentId: string,
  ) {
    const { status, headers } = res;
    const label = `${method} ${orgPath}`;
    const serverMessages = serverMessagesOf(parseBody(res.text)).map((m) => this.redact(m));
    const said = serverMessages.length ? `: ${serverMessages.join("; ")}` : "";
    // The server's own id for the call when it sends one, else the one we sent.
    const echoed = headers["x-request-id"];
    const requestId = (Array.isArray(echoed) ? echoed[0] : echoed) || sentId;
    const details = { status, request: label, serverMessages, requestId };
    const head = `Invent API ${label} failed with ${status}${said} (request id ${requestId}).`;
    switch (true) {
      case status === 401 || status === 403:
        return new AuthenticationError(
          `${head} Check the API key: it may be wrong or revoked, or not allowed in this org.`,
          details,
        );
      case status === 400 || status === 422:
        return new ValidationError(
          serverMessages.length
            ? `${head} Fix the named field(s) in your program.`
            : `${head} The server named no field; compare the values you declared with the limits in the docs.`,
          details,
        );
      case status === 404:
        return new NotFoundError(
          `${head} The object or org does not exist, or this API key cannot see it (check orgId).`,
          details,
        );
      case status === 429: {
        const now = this.clock.now();
        const ms = retryAfterMs(headers, now);
        const seconds = ms !== undefined ? Math.ceil(ms / 1000) : undefined;
        const retryAt = ms !== undefined ? now + ms : undefined;
        const creation = ASSUMPTIONS.isAssistantCreation(method, orgPath);
        const limit = creation
          ? `Assistant creation is limited to ${ASSUMPTIONS.assistantCreatesPerHour} per hour per org` +
            (retryAt !== undefined ? `; the next one can be created after ${clockTime(retryAt)}.` : ".")
          : `The API allows ${ASSUMPTIONS.requestsPerMinute} requests per minute per client IP (other programs ` +
            "on this network address count too); retry in a minute.";
        return new RateLimitedError(
          `${head} Rate limited${seconds !== undefined ? `; the server asks to wait ${seconds}s` : ""}. ${limit}`,
          {
            ...details,
            retryAfterSeconds: seconds,
            limit: creation ? "assistant-creation" : "requests-per-minute",
            retryAt: retryAt !== undefined ? new Date(retryAt) : undefined,
          },
        );
      }
      case status >= 500:
        return new ServerError(`${head} The Invent service failed; retry later.`, details);
      default:
        return new InventError(`${head}`, details);
    }
  }

  private connectionError(label: string, err: unknown, idempotent: boolean, requestId: string): InventError {
    if (err instanceof InventError) return err;
    const e = err as Error & { code?: string };
    const what = this.redact(e.code ?? e.message ?? String(err));
    const maybe =
      !idempotent && !(e.code && NOT_SENT_CODES.has(e.code))
        ? " The request may or may not have taken effect."
        : "";
    return new ConnectionError(
      `Invent API ${label} got no answer (${what}) from ${this.baseUrl} (request id ${requestId}).${maybe} ` +
        "Check the network and the API address.",
      { request: label, requestId },
    );
  }

  /** Closes pooled connections (tests; the provider process exits on its own). */
  async close(): Promise<void> {
    await this.poolOrNone?.close();
  }
}

/** A list body: a bare array [D], or the array of a `{data|items|results: […]}` envelope; undefined otherwise. */
function listItemsOf(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (body && typeof body === "object")
    for (const key of ["data", "items", "results"]) {
      const inner = (body as Record<string, unknown>)[key];
      if (Array.isArray(inner)) return inner;
    }
  return undefined;
}

/** `a JSON object with keys a, b`, `text "…"`, `an empty body`: for messages about an unexpected answer. */
function describeBody(body: unknown): string {
  if (body === undefined) return "an empty body";
  if (typeof body === "string") return `text ${JSON.stringify(body.slice(0, 60))}`;
  if (body && typeof body === "object")
    return `a JSON object with keys ${Object.keys(body).slice(0, 8).join(", ")}`;
  return `JSON ${JSON.stringify(body)}`;
}

/** A header holding a whole number, or undefined. */
function headerNumber(headers: Headers, name: string): number | undefined {
  const raw = headers[name];
  const v = Array.isArray(raw) ? raw[0] : raw;
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v) : undefined;
}

/** JSON when it parses; else the text (a proxy's HTML page, say) for the error message; empty is undefined. */
function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Wait after a per-minute 429 without `Retry-After`: 1-2 s, then doubling up to a window, so a few retries
 * span the minute the server counts over.
 */
function rateLimitBackoff(n: number): number {
  const cap = Math.min(ASSUMPTIONS.perMinuteRetryAfterMaxMs, 1000 * 2 ** n);
  return cap / 2 + (Math.random() * cap) / 2;
}
