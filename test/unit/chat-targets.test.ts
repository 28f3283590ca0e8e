/**
 * Which assistants a test names (logical names and outputs through an exported state) and which ones a
 * `pulumi preview --json` touches, from synthetic CLI output of the shapes the real CLI prints (the real path is
 * test/e2e/chat-tests.test.ts).
 */
import { affectedAssistants, resolveReference, stackView } from "../../provider/testing/targets";

const T = "pulumi-nodejs:dynamic/invent:";
const urn = (type: string, name: string) => `urn:pulumi:ci::desk::${T}${type}::${name}`;
const state = stackView(
  {
    deployment: {
      resources: [
        {
          urn: "urn:pulumi:ci::desk::pulumi:pulumi:Stack::desk-ci",
          type: "pulumi:pulumi:Stack",
          outputs: { deskId: "ast_desk" },
        },
        {
          urn: urn("Assistant", "desk"),
          type: `${T}Assistant`,
          id: "ast_desk",
          outputs: { orgId: "org_sub", knowledgeScope: "selected" },
        },
        { urn: urn("Assistant", "sales"), type: `${T}Assistant`, id: "ast_sales", outputs: { orgId: "c" } },
        { urn: urn("Assistant", "broken"), type: `${T}Assistant`, id: "unknown-outcome-x1", outputs: {} },
        {
          urn: urn("Action", "lookup"),
          type: `${T}Action`,
          id: "act_1",
          inputs: { assistantId: "ast_desk", connectionId: "con_1" },
        },
        { urn: urn("KnowledgeContent", "faq"), type: `${T}KnowledgeContent`, id: "kc_1", inputs: {} },
        {
          urn: urn("KnowledgeLink", "desk-faq"),
          type: `${T}KnowledgeLink`,
          id: "l1",
          inputs: { assistantId: "ast_desk", contentId: "kc_1" },
        },
        { urn: urn("Connection", "billing"), type: `${T}Connection`, id: "con_1", inputs: {} },
      ],
    },
  },
  "ci",
);
const step = (op: string, type: string, name: string, id?: string, inputs: Record<string, unknown> = {}) => ({
  op,
  urn: urn(type, name),
  oldState: id ? { id, inputs } : undefined,
  newState: { inputs },
});

describe("assistants through the stack", () => {
  test("by logical name (its org), by output, by id; a placeholder id is no assistant", () => {
    expect(resolveReference("desk", "c", () => state)).toEqual({
      id: "ast_desk",
      org: "org_sub",
      label: "desk (ast_desk)",
    });
    expect(resolveReference("deskId", "c", () => state)).toMatchObject({ id: "ast_desk", org: "c" });
    expect(
      resolveReference("ast_x1", "c", () => {
        throw new Error("no stack needed");
      }),
    ).toMatchObject({ id: "ast_x1" });
    expect(() => resolveReference("broken", "c", () => state)).toThrow(
      /the stack ci has no Assistant of that logical name .*\(its Assistants: desk, sales\)/,
    );
  });

  test("a preview's changes, attributed to the assistants that own them", () => {
    const affected = (...steps: object[]) => affectedAssistants({ steps }, state);
    expect(affected(step("same", "Assistant", "desk", "ast_desk"))).toEqual(new Set());
    expect(affected(step("update", "Assistant", "sales", "ast_sales"))).toEqual(new Set(["sales"]));
    expect(affected(step("update", "Action", "lookup", "act_1", { assistantId: "ast_desk" }))).toEqual(
      new Set(["desk"]),
    );
    // A content: the assistants linked to it, and those that see all knowledge.
    expect(affected(step("replace", "KnowledgeContent", "faq", "kc_1"))).toEqual(new Set(["desk", "sales"]));
    expect(affected(step("update", "Connection", "billing", "con_1"))).toEqual(new Set(["desk"]));
    expect(affected(step("create", "Assistant", "new-one"))).toEqual(new Set(["new-one"]));
    expect(
      affected({ op: "update", urn: "urn:pulumi:ci::desk::pulumi:providers:pulumi-nodejs::default" }),
    ).toEqual(new Set());
    expect(affected(step("update", "Segment", "vip", "seg_1"))).toBe("all");
  });
});
