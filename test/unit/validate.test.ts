import { assistantSpec } from "../../provider/resources/assistant";
import { connectionSpec } from "../../provider/resources/connection";
import { UNKNOWN } from "../../provider/schema/fields";
import { didYouMean, validate } from "../../provider/schema/validate";

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
        property: "instruction",
        reason: expect.stringContaining('Did you mean "instructions"?'),
      }),
      expect.objectContaining({
        property: "conversation.thread_mode",
        reason: expect.stringContaining('Did you mean "conversation.threadMode"?'),
      }),
      expect.objectContaining({
        property: "conversation.welcomeBaner",
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
});
