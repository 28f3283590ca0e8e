import { Clock } from "../../provider/client";

/** Lets promise continuations and I/O callbacks that are already due run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}

/**
 * A clock that moves only when told, for the client's `clock` option (and the emulator's): sleeps resolve, in
 * time order, as `advance` or `run` pass their time. No test waits out a real Retry-After.
 */
export class FakeClock implements Clock {
  private timers: { at: number; seq: number; resolve: () => void }[] = [];
  private seq = 0;

  /** Starts at 2025-06-01 12:00:00 UTC unless told otherwise. */
  constructor(private t = Date.UTC(2025, 5, 1, 12, 0, 0)) {}

  now = (): number => this.t;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
    });

  /** Moves time forward by `ms`, firing due sleeps in order and letting what they start run. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      const next = this.earliest();
      if (!next || next.at > end) break;
      this.fire(next);
    }
    this.t = end;
    await settle();
  }

  /**
   * Runs until `p` settles: gives real I/O `idleMs` of real time, and whenever nothing happened, jumps to the
   * next sleep. For loopback servers, whose answers take real (if short) time.
   */
  async run<T>(p: Promise<T>, idleMs = 5): Promise<T> {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    while (!done) {
      await new Promise((r) => setTimeout(r, idleMs));
      await settle();
      if (done) break;
      const next = this.earliest();
      if (next) this.fire(next);
    }
    return p;
  }

  private earliest() {
    return this.timers.reduce<(typeof this.timers)[number] | undefined>(
      (a, b) => (!a || b.at < a.at || (b.at === a.at && b.seq < a.seq) ? b : a),
      undefined,
    );
  }

  private fire(timer: (typeof this.timers)[number]): void {
    this.timers = this.timers.filter((t) => t !== timer);
    this.t = Math.max(this.t, timer.at);
    timer.resolve();
  }
}
