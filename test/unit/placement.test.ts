/**
 * The core's placement and field kinds: path templates and path fields, nullable fields, create defaults, and
 * the load-time refusal of incoherent descriptions.
 */
import { z } from "zod";
import { actionSpec } from "../../provider/resources/action";
import { resourceSpecs } from "../../provider/resources/specs";
import { incoherences } from "../../provider/schema/coherence";
import { field } from "../../provider/schema/fields";
import { collectionPath } from "../../provider/schema/address";
import { ResourceSpec } from "../../provider/schema/spec";
import { tableOf } from "../../provider/schema/table";
import { changes, fromWire, toWire } from "../../provider/schema/wire";

const A = actionSpec.fields;

describe("path templates", () => {
  test("parameters are filled from the values and encoded as one segment each", () => {
    expect(collectionPath("/assistants/{assistantId}/actions", { assistantId: "ast_1/../x" })).toBe(
      "/assistants/ast_1%2F..%2Fx/actions",
    );
  });

  test("a missing parameter is named", () => {
    expect(() => collectionPath("/assistants/{assistantId}/actions", {})).toThrow(/assistantId is required/);
  });

  test("path fields are never sent in a body, kept as declared, and replace on change", () => {
    const values = { assistantId: "ast_1", tool: "TOOLS:WEB_SEARCH", name: "Search" };
    expect(toWire(A, values, "create")).not.toHaveProperty("assistant_id");
    expect(fromWire(A, { id: "act_1", action_id: "TOOLS:WEB_SEARCH", name: "Search" }, values)).toMatchObject(
      {
        assistantId: "ast_1",
      },
    );
    expect(changes(A, values, { ...values, assistantId: "ast_2" })).toEqual([
      { path: "assistantId", replace: true },
    ]);
  });
});

describe("nullable fields and create defaults", () => {
  test("null is sent to clear a nullable field, and a change to null is a change", () => {
    expect(toWire(A, { connectionId: null }, "update")).toEqual({ connection_id: null });
    expect(changes(A, { connectionId: "con_1" }, { connectionId: null })).toEqual([
      { path: "connectionId", replace: false },
    ]);
    expect(fromWire(A, { connection_id: null }, { connectionId: null })).toMatchObject({
      connectionId: null,
    });
  });

  test("null on a field that is not nullable still means 'not set'", () => {
    expect(toWire(A, { name: null }, "update")).toEqual({});
  });

  test("required-on-create values are sent when left out, and only on create", () => {
    expect(toWire(A, { tool: "TOOLS:WEB_SEARCH" }, "create")).toEqual({
      action_id: "TOOLS:WEB_SEARCH",
      enabled: true,
      config: { input: {}, definitions: [] },
    });
    expect(toWire(A, { name: "x" }, "update")).toEqual({ name: "x" });
    // Left out, they stay server-owned: nothing is stored, so no drift.
    expect(fromWire(A, { enabled: false, config: { input: { a: 1 } } }, { tool: "T:X" })).not.toHaveProperty(
      "enabled",
    );
  });
});

describe("descriptions are checked when loaded", () => {
  test("every shipped description is coherent", () => {
    for (const spec of Object.values(resourceSpecs))
      expect({ [spec.type]: incoherences(spec) }).toEqual({ [spec.type]: [] });
  });

  const spec = (fields: ResourceSpec["fields"], path = "/things"): ResourceSpec =>
    ({ type: "Thing", doc: "", path, fields: { orgId: field.orgId(), ...fields } }) as ResourceSpec;

  test.each([
    [
      { a: field.string({ doc: "", createOnly: true }) },
      "/things",
      /Thing.a: create-only needs write-only or replaceOnChange/,
    ],
    [
      { o: field.object({ s: field.string({ doc: "", secret: true }) }, { doc: "" }) },
      "/things",
      /Thing.o.s: a nested secret would not be kept secret/,
    ],
    [
      { p: field.string({ doc: "", path: true }) },
      "/things/{p}",
      /Thing.p: a path field must be top-level, required, replace on change/,
    ],
    [{}, "/parents/{parentId}/things", /\{parentId\} in the path is not a path field/],
    [
      { n: field.string({ doc: "", nullable: true, required: true }) },
      "/things",
      /Thing.n: a required field cannot be nullable/,
    ],
    [
      { l: field.string({ doc: "", local: true, wire: "x" }) },
      "/things",
      /Thing.l: a local field is never sent/,
    ],
  ])("refused: %#", (fields, path, message) => {
    expect(incoherences(spec(fields as ResourceSpec["fields"], path)).join("\n")).toMatch(message);
  });

  test("an embedded locate may only use parameters of the path", () => {
    const embedded = { getById: false, embeddedIn: { parentPath: "/parents/{parentId}", field: "things" } };
    expect(incoherences({ ...spec({}), locate: embedded }).join("\n")).toMatch(
      /\{parentId\} in locate.embeddedIn.parentPath is not a parameter of the path/,
    );
  });

  test("object lists check each item and refuse unknown keys", () => {
    const f = field.objectList(z.object({ path: z.string() }), "{ path: string }", { doc: "" });
    expect(f.schema.safeParse([{ path: "a" }]).success).toBe(true);
    expect(f.schema.safeParse([{ path: "a", extra: 1 }]).success).toBe(false);
    expect(f.schema.safeParse({ path: "a" }).success).toBe(false);
  });
});

describe("the field table", () => {
  test("is compiled once per level and carries what consumers need", () => {
    const t = tableOf(A);
    expect(tableOf(A)).toBe(t); // compiled once, shared by every consumer
    expect(t.inputs.find((e) => e.key === "tool")?.wire).toEqual(["action_id"]);
    expect(t.inputs.find((e) => e.key === "config")?.children?.inputKeys).toEqual(["input", "definitions"]);
    expect(t.outputs.map((e) => e.key)).toEqual(["createdAt", "updatedAt"]);
    expect(t.entries.map((e) => e.key)).toEqual(Object.keys(A));
  });
});
