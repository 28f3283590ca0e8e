import { InventError, RateLimitedError } from "../../provider/errors";

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection<E extends InventError = RateLimitedError>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (e) {
    return e as E;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
