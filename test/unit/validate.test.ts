import { assistantSpec } from "../../provider/resources/assistant";
import { connectionSpec } from "../../provider/resources/connection";
import { UNKNOWN } from "../../provider/schema/fields";
import { didYouMean } from "../../provider/did-you-mean";
import { firstSentence, validate } from "../../provider/schema/validate";

const check = (values: Record<string, unknown>) => {
  const perField = validate(assistantSpec.fields, values);
  return perField.length ? perField : (assistantSpec.check?.(values) ?? []);
};

describe("input validation", () => {
  test("a complete, valid assistant passes", () => {
    expect(
      check({
        name: "Support",
        instructions: "Be kind.",
        language: "auto",
        knowledgeScope: "all",
        timezone: "Europe/Paris",
        conversation: { threadMode: "new", suggestedMessages: ["Hi"], enableMemories: true },
        tts: { model: "t", voiceId: "v" },
        generateSecretKey: true,
        secretKeyRotation: "2026-11",
      }),
    ).toEqual([]);
  });

  test.each([
    [{ name: "" }, "name", "at least 1"],
    [{ name: "x".repeat(1025) }, "name", "at most 1024"],
    [{ name: "a", conversation: { threadMode: "old" } }, "conversation.threadMode", '"new"'],
    [{ name: "a", knowledgeScope: "some" }, "knowledgeScope", '"selected"'],
    [{ name: "a", language: "English" }, "language", "language code"],
    [{ name: "a", timezone: "Mars/Olympus" }, "timezone", "IANA"],
    [{ name: "a", enabled: "yes" }, "enabled", "boolean"],
    [
      { name: "a", conversation: { suggestedMessages: ["ok", 3] } },
      "conversation.suggestedMessages.1",
      "string",
    ],
    [{ name: "a", conversation: "new" }, "conversation", "must be an object"],
    [{}, "name", "is required"],
    [{ name: "a", secretKeyRotation: "1" }, "secretKeyRotation", "generateSecretKey: true"],
  ])("%j fails on %s", (values, property, words) => {
    const failures = check(values);
    expect(failures.map((f) => f.property)).toContain(property);
    const f = failures.find((x) => x.property === property)!;
    expect(f.reason.startsWith(`${property}:`)).toBe(true);
    expect(f.reason).toContain(words);
  });

  test("unknown properties fail with a did-you-mean, at any depth", () => {
    const failures = check({
      name: "a",
      instruction: "x",
      conversation: { thread_mode: "new", welcomeBaner: "hi" },
    });
    expect(failures).toEqual([
      expect.objectContaining({
        property: "",
        reason: expect.stringContaining('Did you mean "instructions"?'),
      }),
      expect.objectContaining({
        property: "",
        reason: expect.stringContaining('Did you mean "conversation.threadMode"?'),
      }),
      expect.objectContaining({
        property: "",
        reason: expect.stringContaining('Did you mean "conversation.welcomeBanner"?'),
      }),
    ]);
  });

  test("outputs passed as inputs are refused", () => {
    expect(check({ name: "a", secretKey: "x" })[0].reason).toContain("is an output set by the server");
  });

  test("values unknown during preview are not judged", () => {
    expect(check({ name: UNKNOWN, conversation: { threadMode: UNKNOWN }, timezone: UNKNOWN })).toEqual([]);
    expect(check({ name: "a", conversation: UNKNOWN })).toEqual([]);
  });

  test("the provider key Pulumi adds is not an unknown property", () => {
    expect(check({ name: "a", __provider: "exports.handler = …" })).toEqual([]);
  });

  test("browser sign-in connection types are refused with the way out", () => {
    const values = { type: "GMAIL", config: {} };
    expect(validate(connectionSpec.fields, values)).toEqual([]);
    const [f] = connectionSpec.check!(values as never);
    expect(f.property).toBe("type");
    expect(f.reason).toMatch(/browser sign-in.*dashboard/);
  });

  test("connection type must be one of the API's", () => {
    expect(validate(connectionSpec.fields, { type: "STRIPES", config: {} })[0].property).toBe("type");
  });

  test("didYouMean matches case styles and near spellings only", () => {
    expect(didYouMean("thread_mode", ["threadMode", "welcomeBanner"])).toBe("threadMode");
    expect(didYouMean("nmae", ["name", "enabled"])).toBe("name");
    expect(didYouMean("zzzzzz", ["name", "enabled"])).toBeUndefined();
  });

  test("didYouMean is strict: a different short word is no typo, a transposition or another case is", () => {
    const known = Object.keys(assistantSpec.fields).filter((k) => k !== "secretKey");
    expect(didYouMean("tags", known)).toBeUndefined(); // not "tts"
    expect(didYouMean("instrutions", known)).toBe("instructions");
    expect(didYouMean("timeZone", known)).toBe("timezone");
    expect(didYouMean("Name", known)).toBe("name");
    expect(didYouMean("knowledge-scope", known)).toBe("knowledgeScope");
    expect(didYouMean("langauge", known)).toBe("language");
    expect(check({ name: "a", tags: ["x"] })[0].reason).not.toContain("Did you mean");
  });

  test("server-set outputs passed as arguments are refused, each by name", () => {
    expect(check({ name: "a", secretKey: "s", createdAt: "2020-01-01T00:00:00Z" })).toEqual([
      {
        property: "",
        reason: "secretKey: is an output set by the server; remove it from the arguments.",
      },
      {
        property: "createdAt",
        reason: "createdAt: is an output set by the server; remove it from the arguments.",
      },
    ]);
  });

  test("failures where the value may be a secret name no property, so the engine does not print the value", () => {
    // The reason still starts with the path; the engine prints `property X value <inputs[X]>` otherwise.
    const failures = [
      ...check({ name: "a", secretKey: "s" }),
      ...validate(connectionSpec.fields, { type: "STRIPE", config: "sk_test_x" }),
      ...check({ name: "a", confg: { apiKey: "sk_test_x" } }),
    ];
    expect(failures.map((f) => [f.property, f.reason.split(":")[0]])).toEqual([
      ["", "secretKey"],
      ["", "config"],
      ["", "confg"],
    ]);
    expect(check({ name: "a", createdAt: "t" })[0].property).toBe("createdAt");
  });

  test("a missing required field is explained by the whole first sentence of its doc", () => {
    expect(validate(connectionSpec.fields, { config: {} })).toEqual([
      {
        property: "type",
        reason: "type: is required (service connected, e.g. `STRIPE`, `TELEGRAM`, `MCP`).",
      },
    ]);
    const [config] = validate(connectionSpec.fields, { type: "STRIPE" });
    expect(config.reason).toBe(
      "config: is required (settings and credentials for the service, e.g. `{ apiKey }`).",
    );
    expect(check({})[0].reason).toBe(
      "name: is required (display name of the assistant, 1 to 1024 characters).",
    );
  });

  test("firstSentence ends at a period before a capital, never at e.g. or i.e.", () => {
    expect(firstSentence("Zone, e.g. America/New_York. Default: UTC.")).toBe("zone, e.g. America/New_York");
    expect(firstSentence("One, i.e. Two. Three.")).toBe("one, i.e. Two");
    expect(firstSentence("Version 1.5 or later")).toBe("version 1.5 or later");
    expect(firstSentence("IANA time zone. More.")).toBe("IANA time zone");
  });

  test.each(["c", "org_83WaHwFGg6CbtZp0JgsveI", "org_x"])("orgId %j is accepted", (orgId) => {
    expect(check({ name: "a", orgId })).toEqual([]);
    expect(validate(connectionSpec.fields, { type: "STRIPE", config: {}, orgId })).toEqual([]);
  });

  test.each(["", "acme", "C", "org_", "org-abc", "ORG_abc", "org_abc!", "org_abc def", " c", "ast_abc"])(
    "orgId %j fails at check, saying what is accepted",
    (orgId) => {
      for (const failures of [
        check({ name: "a", orgId }),
        validate(connectionSpec.fields, { type: "STRIPE", config: {}, orgId }),
      ]) {
        expect(failures).toHaveLength(1);
        expect(failures[0].property).toBe("orgId");
        expect(failures[0].reason).toMatch(/^orgId: must be "c" .*"org_" followed by letters and digits/);
      }
    },
  );

  test("secretKeyRotation takes a string or a finite number", () => {
    for (const secretKeyRotation of ["2026-11", 3, 0, 20261101])
      expect(check({ name: "a", generateSecretKey: true, secretKeyRotation })).toEqual([]);
    for (const secretKeyRotation of [true, NaN, Infinity, { at: 1 }]) {
      const [f] = check({ name: "a", generateSecretKey: true, secretKeyRotation });
      expect(f.property).toBe("secretKeyRotation");
      expect(f.reason).toContain("must be a string or a finite number");
    }
  });

  test("non-finite numbers are described as such, not as null", () => {
    expect(check({ name: NaN })[0].reason).toMatch(/\(got NaN\)\.$/);
    expect(check({ name: -Infinity })[0].reason).toMatch(/\(got -Infinity\)\.$/);
    expect(check({ name: "a", conversation: { suggestedMessages: [NaN] } })[0].reason).toMatch(
      /\(got \[NaN\]\)\.$/,
    );
    expect(check({ name: BigInt(1) })[0].reason).toMatch(/\(got 1n\)\.$/);
  });

  test("arguments that are not an object give one error, not one per character", () => {
    for (const args of ["oops", 3, ["name"], true]) {
      const failures = validate(assistantSpec.fields, args);
      expect(failures).toHaveLength(1);
      expect(failures[0].reason).toMatch(/^arguments must be an object \(got .*\)\.$/);
    }
  });

  test("a free-form JSON field that is not an object says so in plain words, without showing a secret", () => {
    for (const config of ["sk_test_do_not_show", ["apiKey"], 42]) {
      const failures = validate(connectionSpec.fields, { type: "STRIPE", config });
      expect(failures).toHaveLength(1);
      expect(failures[0].property).toBe("");
      expect(failures[0].reason).toMatch(
        /^config: must be an object \(got a secret (string|array|number)\)\.$/,
      );
      expect(failures[0].reason).not.toContain("record");
      expect(failures[0].reason).not.toContain("sk_test_do_not_show");
    }
  });
});
