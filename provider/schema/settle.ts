/**
 * Waiting for objects the API finishes asynchronously (a knowledge content is processed after its POST).
 *
 * Create polls the object with GETs through the client (so each poll is rate-limited and retried like any
 * read), with a growing pause between polls, until it is done, has failed, or the user's deadline passes.
 * Progress is reported when the status changes and at least every {@link REPORT_EVERY_MS}.
 */
import { InventClient } from "../client";
import { Logger } from "../log";
import { WireObject } from "./fields";

/** Where an asynchronously finished object stands. */
export type Progress = { done: true } | { failed: string } | { pending: string };

/** First pause after the create answered, then ×{@link POLL_GROWTH} up to {@link MAX_POLL_MS}. */
export const FIRST_POLL_MS = 500;
export const POLL_GROWTH = 1.5;
/** Longest pause between polls: a 10-minute wait costs about 50 GETs, a tenth of the per-minute limit. */
export const MAX_POLL_MS = 15_000;
/** A progress line at least this often while the status stays the same. */
export const REPORT_EVERY_MS = 10_000;

/** Output key under which state marks an object that was not done when last seen (`failed` or `pending`). */
export const UNSETTLED_KEY = "__unsettled";

export interface SettleTarget {
  client: InventClient;
  logger: Logger;
  org: string;
  /** The object's path (relative to the org). */
  path: string;
  /** How the object is named in messages: `KnowledgeContent "FAQ" kc_…`. */
  label: string;
  /** What is awaited, for messages: "processing". */
  noun: string;
  state(live: WireObject): Progress;
  /** Milliseconds to wait at most. */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface Settled {
  live: WireObject;
  progress: Progress;
  /** GETs made. */
  polls: number;
  /** Time waited. */
  ms: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Polls until the object is done or failed, or the deadline passes (then `progress` is still pending). */
export async function awaitSettled(t: SettleTarget, live: WireObject): Promise<Settled> {
  const sleep = t.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = t.now ?? Date.now;
  const started = now();
  const deadline = started + t.timeoutMs;
  let progress = t.state(live);
  let polls = 0;
  let pause = FIRST_POLL_MS;
  let said = "";
  let saidAt = started;
  while ("pending" in progress) {
    const left = deadline - now();
    if (left <= 0) break;
    if (progress.pending !== said || now() - saidAt >= REPORT_EVERY_MS) {
      t.logger.info(
        `${t.label}: ${t.noun}: ${progress.pending}, ${seconds(now() - started)} so far (waiting up to ` +
          `${seconds(t.timeoutMs)}).`,
      );
      [said, saidAt] = [progress.pending, now()];
    }
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * POLL_GROWTH, MAX_POLL_MS);
    live = await t.client.get<WireObject>(t.path, { org: t.org });
    polls++;
    progress = t.state(live);
  }
  const ms = now() - started;
  const outcome = "done" in progress ? "done" : "failed" in progress ? "failed" : "not done";
  t.logger.info(
    `${t.label}: ${t.noun} ${outcome} after ${seconds(ms)} (${polls} status read${polls === 1 ? "" : "s"}).`,
  );
  return { live, progress, polls, ms };
}
