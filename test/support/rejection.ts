import { RateLimitedError } from "../../provider/errors";

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejection(p: Promise<unknown>): Promise<RateLimitedError> {
  try {
    await p;
  } catch (e) {
    return e as RateLimitedError;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
