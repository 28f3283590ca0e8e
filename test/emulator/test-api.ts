/** Raw HTTP to an emulator for its own tests: a key (default the agency's), a JSON or raw body, any target. */
import { AGENCY_KEY, type RunningEmulator } from "./server";

export interface Res {
  status: number;
  headers: Headers;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface ApiOptions {
  /** `null` sends no Authorization header. */
  key?: string | null;
  body?: unknown;
  /** A body sent as is (malformed JSON, say). */
  raw?: string;
  /** Another emulator than the default one. */
  target?: RunningEmulator;
}

/** `api(method, path, opts)` against `emulator()` (read at each call, so it can be set in beforeAll). */
export function emulatorApi(emulator: () => RunningEmulator) {
  return async function api(method: string, path: string, opts: ApiOptions = {}): Promise<Res> {
    const key = opts.key === undefined ? AGENCY_KEY : opts.key;
    const headers: Record<string, string> = {};
    if (key !== null) headers.authorization = `Bearer ${key}`;
    const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch((opts.target ?? emulator()).url + path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
  };
}
