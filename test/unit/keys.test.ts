/**
 * Free-form keys survive (provider/schema/keys.ts): keys a user writes inside free-form maps come back exactly
 * as written, whatever their style, under both rules; camelCase ones travel in snake_case where the API owns the
 * casing; two keys that would travel as one are refused at preview; the rule follows an override.
 */
import { applyAssumptionOverrides } from "../../provider/assumptions";
import { actionSpec } from "../../provider/resources/action";
import { channelSpec } from "../../provider/resources/channel";
import { connectionSpec } from "../../provider/resources/connection";
import { clashingKeys, KeyCase, programKey, wireKey } from "../../provider/schema/keys";
import { validate } from "../../provider/schema/validate";
import { changes, fromWire, fullView, toWire } from "../../provider/schema/wire";

afterEach(() => applyAssumptionOverrides({}));

/** Keys in every style users write: camelCase, snake_case, kebab-case, digits, acronyms, headers. */
const STYLES = [
  "apiKey",
  "api_key_id",
  "x-api-version",
  "retry-count2",
  "v2Url",
  "oauth2Token",
  "some_2fa",
  "webhookURL",
  "Authorization",
  "__private",
  "plain",
];

describe("the key rule", () => {
  test("snake_case converts only camelCase keys", () => {
    const rule: KeyCase = "snake_case";
    expect(STYLES.map((k) => wireKey(k, rule))).toEqual([
      "api_key",
      "api_key_id",
      "x-api-version",
      "retry-count2",
      "v2_url",
      "oauth2_token",
      "some_2fa",
      "webhook_url",
      "Authorization",
      "__private",
      "plain",
    ]);
    expect(STYLES.map((k) => wireKey(k, "as written"))).toEqual(STYLES);
  });

  test.each<KeyCase>(["snake_case", "as written"])("%s: a declared key comes back as declared", (rule) => {
    for (const key of STYLES) expect(programKey(wireKey(key, rule), rule, STYLES)).toBe(key);
  });

  test.each<KeyCase>(["snake_case", "as written"])(
    "%s: an undeclared key read from the wire is written back as the same wire key",
    (rule) => {
      for (const wire of ["auth_method", "some_2fa", "x-api-key", "__private", "webhook_url", "a_b_c1"])
        expect(wireKey(programKey(wire, rule), rule)).toBe(wire);
      expect(programKey("auth_method", rule)).toBe(rule === "snake_case" ? "authMethod" : "auth_method");
    },
  );

  test("keys that would travel as one are named", () => {
    expect(clashingKeys({ apiKey: 1, api_key: 2, other: 3 }, "snake_case")).toEqual([
      ["apiKey", "api_key", "api_key"],
    ]);
    expect(clashingKeys({ apiKey: 1, api_key: 2 }, "as written")).toEqual([]);
  });
});

describe("free-form maps of the resources round-trip exactly", () => {
  const map = Object.fromEntries(STYLES.map((k, i) => [k, `v${i}`]));

  test("connection config: camelCase keys go in snake_case, every key comes back as written", () => {
    const declared = { type: "STRIPE", config: map };
    const body = toWire(connectionSpec.fields, declared, "create");
    expect(Object.keys(body.config as object)).toEqual(STYLES.map((k) => wireKey(k, "snake_case")));
    // The API echoes the keys (the credential masked) and adds one of its own.
    const live = {
      type: "STRIPE",
      config: { ...(body.config as object), api_key: "****", auth_method: "MANUAL" },
    };
    const now = fromWire(connectionSpec.fields, live, declared);
    expect(now.config).toEqual(map);
    expect(changes(connectionSpec.fields, now, declared)).toEqual([]);
    // Read with nothing declared (a lookup, an export): keys in the program's camelCase where that is exact.
    expect(Object.keys(fullView(connectionSpec.fields, live).config as object)).toContain("authMethod");
  });

  test("channel config follows the same rule", () => {
    const declared = { type: "custom", config: map };
    const body = toWire(channelSpec.fields, declared, "create");
    const now = fromWire(channelSpec.fields, { integration_id: "custom", config: body.config }, declared);
    expect(changes(channelSpec.fields, now, declared)).toEqual([]);
  });

  test("action input and definitions travel exactly as written, at every depth", () => {
    const config = {
      input: { ...map, headers: { "X-Api-Version": "2", accept_language: "en" } },
      definitions: [{ path: "order_number", definition: { type: "string", maxLength: 12 } }],
    };
    const body = toWire(actionSpec.fields, { tool: "TOOLS:HTTP_REQUEST", config }, "create");
    expect(body.config).toEqual(config);
    const now = fromWire(actionSpec.fields, { action_id: "TOOLS:HTTP_REQUEST", config }, { config });
    expect(changes(actionSpec.fields, now, { config })).toEqual([]);
  });

  test("an override switches the rule: connection keys then travel as written", () => {
    applyAssumptionOverrides({ connectionConfigKeysSnakeCase: false });
    const body = toWire(connectionSpec.fields, { type: "STRIPE", config: map }, "create");
    expect(body.config).toEqual(map);
    applyAssumptionOverrides({ actionInputKeysSnakeCase: true });
    const action = toWire(
      actionSpec.fields,
      { tool: "TOOLS:X", config: { input: { timeoutMs: 1 } } },
      "create",
    );
    expect(action.config).toEqual({ input: { timeout_ms: 1 }, definitions: [] });
  });

  test("two keys that would travel as one are refused at preview, naming both", () => {
    const failures = validate(connectionSpec.fields, {
      type: "STRIPE",
      config: { apiKey: "a", api_key: "b" },
    });
    expect(failures).toEqual([
      { property: "", reason: 'config: keys "apiKey" and "api_key" are both sent as "api_key"; keep one.' },
    ]);
    expect(
      validate(actionSpec.fields, {
        assistantId: "ast_1",
        tool: "TOOLS:X",
        config: { input: { a_b: 1, aB: 2 } },
      }),
    ).toEqual([]);
  });
});
