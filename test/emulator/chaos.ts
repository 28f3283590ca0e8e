/**
 * The seeded fault mode ("chaos"): a deterministic PRNG decides, request by request, whether and how the
 * emulator fails. server.ts injects what `Chaos.draw()` returns through the same path as `failNext` faults.
 */
import { FAULT_KINDS, type ChaosReport, type ChaosSpec, type FaultKind } from "./control";
import { isPlainObject } from "./store";

/** Statuses a 5xx fault picks from (the PRNG chooses): what a failing server or its proxy answers. */
export const CHAOS_5XX_STATUSES = [500, 502, 503] as const;

/** A fault as server.ts injects it (the shape of a pending `failNext` fault, minus its count and route). */
export interface InjectedFault {
  status: number;
  dropConnection: boolean;
  afterCommit: boolean;
  retryAfter: number | null;
  /** Set for chaos faults: counted by kind and noted in the request log. */
  kind?: FaultKind;
}

/** mulberry32: tiny, fast and good enough to spread faults; the n-th output depends only on seed and n. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Maps one uniform draw in [0, 1) to a fault or none, so each request consumes exactly one draw. */
export function faultFor(u: number, rate: number, kinds: readonly FaultKind[]): InjectedFault | undefined {
  if (u >= rate) return undefined; // rate 0: never (u >= 0); rate 1: always (u < 1)
  // u is uniform in [0, rate): stretch it over the kinds; the fraction left over picks the status.
  const x = (u / rate) * kinds.length;
  const index = Math.min(Math.floor(x), kinds.length - 1);
  const kind = kinds[index];
  const status =
    CHAOS_5XX_STATUSES[
      Math.min(Math.floor((x - index) * CHAOS_5XX_STATUSES.length), CHAOS_5XX_STATUSES.length - 1)
    ];
  switch (kind) {
    case "429":
      return { kind, status: 429, dropConnection: false, afterCommit: false, retryAfter: null };
    case "5xx-before":
      return { kind, status, dropConnection: false, afterCommit: false, retryAfter: null };
    case "5xx-after":
      return { kind, status, dropConnection: false, afterCommit: true, retryAfter: null };
    case "reset-before":
      return { kind, status: 0, dropConnection: true, afterCommit: false, retryAfter: null };
    case "reset-after":
      return { kind, status: 0, dropConnection: true, afterCommit: true, retryAfter: null };
  }
}

export class Chaos {
  private readonly next: () => number;
  private draws = 0;

  constructor(private readonly spec: Required<ChaosSpec>) {
    this.next = mulberry32(spec.seed);
  }

  /** One draw per API request, whatever then happens to it, so request n's fate depends only on n. */
  draw(): InjectedFault | undefined {
    this.draws += 1;
    return faultFor(this.next(), this.spec.rate, this.spec.kinds);
  }

  report(): ChaosReport {
    return { ...this.spec, kinds: [...this.spec.kinds], draws: this.draws };
  }
}

/** `chaos` of a settings body: a Chaos to switch on, null to switch off, undefined when invalid (errors). */
export function parseChaos(value: unknown, errors: string[]): Chaos | null | undefined {
  if (value === null) return null;
  if (!isPlainObject(value)) {
    errors.push("chaos must be an object {seed, rate, kinds?} or null");
    return undefined;
  }
  const before = errors.length;
  for (const key of Object.keys(value))
    if (!["seed", "rate", "kinds"].includes(key)) errors.push(`chaos.${key} is not a chaos option`);
  const { seed, rate, kinds = [...FAULT_KINDS] } = value;
  if (!Number.isSafeInteger(seed)) errors.push("chaos.seed must be an integer");
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1))
    errors.push("chaos.rate must be a number from 0 to 1");
  const known = FAULT_KINDS as readonly unknown[];
  if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => known.includes(k)))
    errors.push(`chaos.kinds must be a non-empty array of: ${FAULT_KINDS.join(", ")}`);
  // A repeat would silently weight one kind over the others: refuse it rather than guess the intent.
  else if (new Set(kinds).size !== kinds.length) errors.push("chaos.kinds must not repeat a kind");
  if (errors.length > before) return undefined;
  return new Chaos({ seed: seed as number, rate: rate as number, kinds: kinds as FaultKind[] });
}

export function zeroFaultCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}
