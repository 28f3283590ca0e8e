/**
 * Typed client for the emulator's control surface (`/_emulator/…`, no auth, loopback only).
 * Works against an in-process emulator (`startEmulator().control`) or a standalone one given its URL.
 */
import type { KeyRecord, OrgRecord, StoredAssistant, StoredConnection } from "./store";

/** Route templates of the emulated API, as they appear in request counts and fault filters. */
export const API_ROUTES = [
  "GET /orgs/:org_id/assistants",
  "POST /orgs/:org_id/assistants",
  "GET /orgs/:org_id/assistants/:id",
  "PATCH /orgs/:org_id/assistants/:id",
  "DELETE /orgs/:org_id/assistants/:id",
  "POST /orgs/:org_id/assistants/:id/rotate-secret-key",
  "GET /orgs/:org_id/connections",
  "POST /orgs/:org_id/connections",
  "GET /orgs/:org_id/connections/:id",
  "PATCH /orgs/:org_id/connections/:id",
  "DELETE /orgs/:org_id/connections/:id",
] as const;
export type ApiRoute = (typeof API_ROUTES)[number];

/** Key of requests that matched no route, in counts and logs. */
export const UNMATCHED_ROUTE = "(unmatched)";

/** Run-time switches (`POST /_emulator/settings`); `reset()` restores the values given at start. */
export interface EmulatorSettings {
  softDelete: boolean;
  requestsPerMinute: number;
  assistantCreatesPerHour: number;
  defaultTake: number;
  retryAfterSeconds: boolean;
  extraResponseFields: boolean;
}

/** The next `count` API requests matching `route` (all routes when absent) fail this way. */
export interface FaultSpec {
  count?: number; // default 1
  /** Any 4xx/5xx; typically 500, 503 or 429. Default 500. */
  status?: number;
  route?: ApiRoute | string;
  /** Destroy the socket instead of answering (the client sees a reset / "other side closed"). */
  dropConnection?: boolean;
  /** Run the request (commit its change) and only then fail: a lost response. */
  afterCommit?: boolean;
  /** `Retry-After` seconds on an injected 429 (when the emulator sends Retry-After at all). */
  retryAfter?: number;
  /** Let this many matching requests through first (e.g. fail the second listing, not the first). Default 0. */
  skip?: number;
}

export interface PendingFault extends Required<Pick<FaultSpec, "count" | "status">> {
  route: string | null;
  /** Matching requests still to let through before this fault applies. */
  skip: number;
  dropConnection: boolean;
  afterCommit: boolean;
  retryAfter: number | null;
}

/**
 * Kinds of fault the chaos mode injects. "-before" kinds answer without running the request; "-after" kinds
 * run it (its change is committed) and then lose the answer, like a server that acted but whose reply never
 * arrived.
 */
export const FAULT_KINDS = ["429", "5xx-before", "5xx-after", "reset-before", "reset-after"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Seeded random faults (`POST /_emulator/settings {"chaos": …}`): each API request draws once from a PRNG
 * seeded with `seed` and is faulted with probability `rate`, its kind picked uniformly from `kinds`. The same
 * spec and the same request sequence give the same faults. Setting a spec (even the same one) restarts the
 * sequence; `null` or `reset()` switches chaos off. Pending `failNext` faults take precedence.
 */
export interface ChaosSpec {
  /** Any safe integer; used modulo 2^32. */
  seed: number;
  /** Probability in [0, 1] that a request is faulted. */
  rate: number;
  /** Default: every kind in FAULT_KINDS. */
  kinds?: FaultKind[];
}

/** The chaos mode in force: the spec with defaults filled, and how many requests have drawn so far. */
export interface ChaosReport extends Required<ChaosSpec> {
  draws: number;
}

export interface SettingsReport {
  settings: EmulatorSettings;
  pendingFaults: PendingFault[];
  chaos: ChaosReport | null;
}

export interface RequestLogEntry {
  method: string;
  /** `"POST /orgs/:org_id/assistants"`-style template, or UNMATCHED_ROUTE. */
  route: string;
  path: string;
  /** HTTP status answered; 0 when the connection was dropped on purpose. */
  status: number;
  /** ISO timestamp from the emulator clock. */
  at: string;
  /** Set when an injected fault decided the outcome. */
  injected?: boolean;
  /** Set when the chaos mode injected that fault: its kind. */
  fault?: FaultKind;
}

export interface RequestsReport {
  counts: Record<string, number>;
  log: RequestLogEntry[];
  /** Faults injected by the chaos mode, by kind (every kind present; `failNext` faults are not counted). */
  faults: Record<FaultKind, number>;
}

export interface EmulatorState {
  orgs: OrgRecord[];
  keys: KeyRecord[];
  /** Every assistant, soft-deleted ones included, with real secrets. */
  assistants: StoredAssistant[];
  /** Every connection with its real (unmasked) config. */
  connections: StoredConnection[];
  settings: EmulatorSettings;
}

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`emulator control ${what} failed: ${status} ${body}`);
    this.name = "EmulatorControlError";
  }
}

const WRITE_METHODS = new Set(["POST", "PATCH", "DELETE", "PUT"]);

export class EmulatorControl {
  /** `baseUrl` is the emulator's root, e.g. `http://127.0.0.1:4010`. */
  constructor(readonly baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/_emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new EmulatorControlError(res.status, text, `${method} ${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  state(): Promise<EmulatorState> {
    return this.call("GET", "/state");
  }

  async assistants(orgId?: string): Promise<StoredAssistant[]> {
    const { assistants } = await this.state();
    return orgId === undefined ? assistants : assistants.filter((a) => a.org_id === orgId);
  }

  async connections(orgId?: string): Promise<StoredConnection[]> {
    const { connections } = await this.state();
    return orgId === undefined ? connections : connections.filter((c) => c.org_id === orgId);
  }

  requests(): Promise<RequestsReport> {
    return this.call("GET", "/requests");
  }

  async requestCounts(): Promise<Record<string, number>> {
    return (await this.requests()).counts;
  }

  /** Requests so far for one route template, e.g. `count("POST /orgs/:org_id/assistants")`. */
  async count(route: ApiRoute | string): Promise<number> {
    return (await this.requestCounts())[route] ?? 0;
  }

  async requestLog(): Promise<RequestLogEntry[]> {
    return (await this.requests()).log;
  }

  /** Clears request counts, the log and fault counts (not objects, settings or chaos). */
  async resetRequests(): Promise<void> {
    await this.call("POST", "/requests/reset");
  }

  /** Number of API write requests (POST/PATCH/DELETE) since the last reset, whatever their status. */
  async writes(): Promise<number> {
    const counts = await this.requestCounts();
    return Object.entries(counts)
      .filter(([key]) => WRITE_METHODS.has(key.split(" ")[0]))
      .reduce((sum, [, n]) => sum + n, 0);
  }

  /** Out-of-band edit (drift): deep-merges `patch` into the stored assistant and bumps `updated_at`. */
  editAssistant(orgId: string, id: string, patch: Record<string, unknown>): Promise<StoredAssistant> {
    return this.call("PATCH", `/orgs/${enc(orgId)}/assistants/${enc(id)}`, patch);
  }

  /** Out-of-band hard delete: the API answers 404 afterwards. */
  async deleteAssistant(orgId: string, id: string): Promise<void> {
    await this.call("DELETE", `/orgs/${enc(orgId)}/assistants/${enc(id)}`);
  }

  /** Creates an assistant as if made in the dashboard: no validation, no rate limit, not counted. */
  seedAssistant(orgId: string, partial: Record<string, unknown> = {}): Promise<StoredAssistant> {
    return this.call("POST", `/orgs/${enc(orgId)}/assistants`, partial);
  }

  editConnection(orgId: string, id: string, patch: Record<string, unknown>): Promise<StoredConnection> {
    return this.call("PATCH", `/orgs/${enc(orgId)}/connections/${enc(id)}`, patch);
  }

  async deleteConnection(orgId: string, id: string): Promise<void> {
    await this.call("DELETE", `/orgs/${enc(orgId)}/connections/${enc(id)}`);
  }

  /** Creates a connection of any type and status (e.g. a browser-consent GMAIL one to adopt). */
  seedConnection(orgId: string, partial: Record<string, unknown> = {}): Promise<StoredConnection> {
    return this.call("POST", `/orgs/${enc(orgId)}/connections`, partial);
  }

  /** Changes run-time settings (only the given keys) and returns them all. */
  async settings(partial: Partial<EmulatorSettings> = {}): Promise<EmulatorSettings> {
    const report = await this.call<SettingsReport>("POST", "/settings", partial);
    return report.settings;
  }

  async pendingFaults(): Promise<PendingFault[]> {
    return (await this.call<SettingsReport>("GET", "/settings")).pendingFaults;
  }

  async failNext(spec: FaultSpec): Promise<void> {
    await this.call("POST", "/settings", { failNext: spec });
  }

  async clearFaults(): Promise<void> {
    await this.call("POST", "/settings", { clearFaults: true });
  }

  /** Switches the seeded fault mode on (restarting its sequence) or, with `null`, off. */
  async chaos(spec: ChaosSpec | null): Promise<ChaosReport | null> {
    return (await this.call<SettingsReport>("POST", "/settings", { chaos: spec })).chaos;
  }

  /** Faults injected by the chaos mode since the last request or full reset, by kind. */
  async faultCounts(): Promise<Record<FaultKind, number>> {
    return (await this.requests()).faults;
  }

  /** Wipes objects, request and fault counts, limiter windows, pending faults, chaos; restores settings. */
  async reset(): Promise<void> {
    await this.call("POST", "/reset");
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
