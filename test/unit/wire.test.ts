import { ASSUMPTIONS } from "../../provider/assumptions";
import { assistantSpec } from "../../provider/resources/assistant";
import { connectionSpec } from "../../provider/resources/connection";
import { UNKNOWN } from "../../provider/schema/fields";
import { changes, fromWire, mergeOverLive, pickPaths, toWire } from "../../provider/schema/wire";

const A = assistantSpec.fields;
const C = connectionSpec.fields;

const liveAssistant = {
  id: "ast_1",
  name: "Support",
  enabled: true,
  deleted: false,
  secret_key: "sec_abc",
  avatar_url: null,
  config: {
    language: "auto",
    model: "gpt",
    instructions: "Be kind.",
    knowledge_scope: "all",
    timezone: "UTC",
    stt: { model: "s" },
    tts: { model: "t", voice_id: "v" },
    conversation: {
      thread_mode: "new",
      suggested_messages: ["Hi"],
      enable_memories: false,
      enable_new_thing: true,
    },
  },
  actions: [{ id: "act_1" }],
  integrations: [{ id: "ain_1" }, { id: "ain_2" }],
  created_at: "2026-11-24T00:00:00Z",
  updated_at: "2026-11-24T00:00:01Z",
  brand_new_top_level_field: 1,
};

describe("wire mapping", () => {
  test("create body: camelCase inputs at their wire paths; local fields never sent", () => {
    const body = toWire(
      A,
      {
        orgId: "org_x",
        name: "Support",
        instructions: "Be kind.",
        conversation: { threadMode: "new", enableAutoCsat: true },
        tts: { voiceId: "v" },
        generateSecretKey: true,
        secretKeyRotation: "r1",
      },
      "create",
    );
    expect(body).toEqual({
      name: "Support",
      config: {
        instructions: "Be kind.",
        conversation: { thread_mode: "new", enable_auto_csat: true },
        tts: { voice_id: "v" },
      },
      generate_secret_key: true,
    });
  });

  test("update body leaves create-only fields out", () => {
    expect(toWire(A, { name: "x", generateSecretKey: true }, "update")).toEqual({ name: "x" });
  });

  test("outputs hold declared fields as the server has them, computed fields always, nothing else", () => {
    const out = fromWire(A, liveAssistant, {
      name: "ignored",
      conversation: { threadMode: "x" },
      generateSecretKey: true,
    });
    expect(out).toEqual({
      name: "Support",
      conversation: { threadMode: "new" },
      generateSecretKey: true,
      secretKey: "sec_abc",
      avatarUrl: null,
      createdAt: "2026-11-24T00:00:00Z",
      updatedAt: "2026-11-24T00:00:01Z",
    });
  });

  test("connection config: snake_case on the wire, declared credential kept when the API masks it", () => {
    const declared = { config: { apiKey: "sk_test_123456789", accountLabel: "main" } };
    expect(toWire(C, { type: "STRIPE", ...declared }, "create")).toEqual({
      type: "STRIPE",
      config: { api_key: "sk_test_123456789", account_label: "main" },
    });
    const live = { config: { api_key: "****6789", account_label: "main", auth_method: "MANUAL" } };
    expect(fromWire(C, live, declared).config).toEqual(declared.config);
    expect(fromWire(C, { config: { api_key: "****", account_label: "main" } }, declared).config).toEqual(
      declared.config,
    );
    expect(ASSUMPTIONS.isMaskOf("****6789", "sk_test_123456789")).toBe(true);
  });

  test("connection config: a credential changed elsewhere shows as drift", () => {
    const declared = { config: { apiKey: "sk_test_123456789", accountLabel: "main" } };
    const live = { config: { api_key: "****9999", account_label: "other" } };
    expect(fromWire(C, live, declared).config).toEqual({ apiKey: "****9999", accountLabel: "other" });
  });

  test("changes: only declared inputs count, nested paths are precise, replacement flagged", () => {
    const olds = fromWire(A, liveAssistant, {
      name: "a",
      instructions: "a",
      conversation: { threadMode: "a" },
    });
    expect(
      changes(A, olds, { name: "Support", instructions: "Be kind.", conversation: { threadMode: "new" } }),
    ).toEqual([]);
    expect(changes(A, olds, { name: "Support" })).toEqual([]); // removing a declaration is not a change
    expect(
      changes(A, olds, { name: "Support", conversation: { threadMode: "continue", enableMemories: true } }),
    ).toEqual([
      { path: "conversation.threadMode", replace: false },
      { path: "conversation.enableMemories", replace: false },
    ]);
    expect(changes(C, { type: "STRIPE", config: {} }, { type: "RESEND", config: {} })).toEqual([
      { path: "type", replace: true },
    ]);
  });

  test("changes: unknown values count as changes", () => {
    expect(changes(A, { name: "a" }, { name: UNKNOWN })).toEqual([{ path: "name", replace: false }]);
  });

  test("arrays compare by order, objects by content", () => {
    const olds = { conversation: { suggestedMessages: ["a", "b"] } };
    expect(changes(A, olds, { conversation: { suggestedMessages: ["b", "a"] } })).toHaveLength(1);
    expect(changes(C, { config: { a: 1, b: 2 } }, { config: { b: 2, a: 1 } })).toEqual([]);
  });

  test("pickPaths + toWire send only what changed", () => {
    const news = { name: "n", instructions: "i", conversation: { threadMode: "new", enableMemories: true } };
    expect(toWire(A, pickPaths(news, ["conversation.enableMemories"]), "update")).toEqual({
      config: { conversation: { enable_memories: true } },
    });
  });

  test("mergeOverLive fills nested objects from the live object for whole-object PATCH APIs", () => {
    const body = { config: { conversation: { thread_mode: "continue" } } };
    expect(mergeOverLive(body, liveAssistant)).toEqual({
      config: {
        ...liveAssistant.config,
        conversation: { ...liveAssistant.config.conversation, thread_mode: "continue" },
      },
    });
  });
});
