import { resolveSettings } from "../../provider/config";
import { ConfigurationError } from "../../provider/errors";
import { RequestRateLimiter } from "../../provider/client";

const source = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

describe("configuration", () => {
  test("stack config wins over the environment", () => {
    const s = resolveSettings(
      source({ "invent:apiKey": "k1", "invent:orgId": "org_a", "invent:baseUrl": "http://h:1/" }),
      {
        INVENT_API_KEY: "k2",
        INVENT_ORG_ID: "org_b",
      },
    );
    expect([s.requireApiKey(), s.orgId, s.baseUrl]).toEqual(["k1", "org_a", "http://h:1"]);
  });

  test("environment fills what stack config lacks; defaults are c and the public API", () => {
    const s = resolveSettings(source({}), { INVENT_API_KEY: "k2" });
    expect([s.requireApiKey(), s.orgId, s.baseUrl]).toEqual(["k2", "c", "https://api.useinvent.com"]);
  });

  test("a missing key fails only when needed, saying both ways to set it", () => {
    const s = resolveSettings(undefined, {});
    expect(() => s.requireApiKey()).toThrow(ConfigurationError);
    expect(() => s.requireApiKey()).toThrow(/pulumi config set --secret invent:apiKey.*INVENT_API_KEY/);
  });

  test("a malformed default org is named with what is accepted", () => {
    expect(() => resolveSettings(source({ "invent:orgId": "acme-inc" }), {})).toThrow(
      /invent:orgId \(or INVENT_ORG_ID\) must be "c".*got "acme-inc"/,
    );
    expect(resolveSettings(undefined, { INVENT_ORG_ID: "org_83WaHwFGg6CbtZp0JgsveI" }).orgId).toBe(
      "org_83WaHwFGg6CbtZp0JgsveI",
    );
  });

  test("waitForCreationLimit is off unless set to true, and anything else is named", () => {
    expect(resolveSettings(undefined, {}).waitForCreationLimit).toBe(false);
    expect(resolveSettings(source({ "invent:waitForCreationLimit": "true" }), {}).waitForCreationLimit).toBe(
      true,
    );
    expect(() => resolveSettings(undefined, { INVENT_WAIT_FOR_CREATION_LIMIT: "yes" })).toThrow(
      /invent:waitForCreationLimit .* must be true or false \(got "yes"\)/,
    );
  });

  test("readBack warns by default; stack config or the environment make it an error; anything else is named", () => {
    expect(resolveSettings(undefined, {}).readBack).toBe("warn");
    expect(resolveSettings(source({ "invent:readBack": "error" }), {}).readBack).toBe("error");
    expect(resolveSettings(undefined, { INVENT_READ_BACK: "error" }).readBack).toBe("error");
    expect(
      resolveSettings(source({ "invent:readBack": "warn" }), { INVENT_READ_BACK: "error" }).readBack,
    ).toBe("warn");
    expect(() => resolveSettings(undefined, { INVENT_READ_BACK: "strict" })).toThrow(
      /invent:readBack \(or INVENT_READ_BACK\) must be "warn" or "error" \(got "strict"\)/,
    );
  });

  test("a bad base URL is named", () => {
    expect(() => resolveSettings(source({ "invent:baseUrl": "not a url" }), {})).toThrow(
      /invent:baseUrl is not a URL/,
    );
  });
});

describe("RequestRateLimiter", () => {
  test("allows N starts per minute, then says how long to wait", () => {
    let now = 1_000_000;
    const limiter = new RequestRateLimiter(3, () => now);
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([0, 0, 0]);
    expect(limiter.tryAcquire()).toBe(60_000);
    now += 60_000;
    expect(limiter.tryAcquire()).toBe(0);
  });
});
