/** `pulumi-invent export --native`: the same program on `pulumi-invent/native`, import entries of native types. */
import { buildModel } from "../../provider/export/model";
import { importFile } from "../../provider/export/imports";
import { renderProgram } from "../../provider/export/program";
import { OrgSnapshot } from "../../provider/export/read";

const AT = { created_at: "2025-01-01T00:00:00Z", updated_at: "2025-01-01T00:00:00Z" };
const snapshot: OrgSnapshot = {
  org: "c",
  assistants: [
    { id: "ast_1", name: "Support", enabled: true, deleted: false, secret_key: null, config: {}, ...AT },
  ],
  connections: [],
  actions: new Map([
    [
      "ast_1",
      [{ id: "act_1", action_id: "TOOLS:WEB_SEARCH", name: "Search", enabled: true, config: {}, ...AT }],
    ],
  ]),
  channels: new Map(),
  contents: [],
  links: new Map(),
  calls: 0,
};

describe("export for the native provider", () => {
  const model = buildModel(snapshot);

  test("the program imports pulumi-invent/native instead of pulumi-invent, and is otherwise the same", () => {
    const dynamic = renderProgram(model);
    const native = renderProgram(model, [], { native: true });
    expect(native).toContain('import * as invent from "pulumi-invent/native";');
    expect(native.replace("pulumi-invent/native", "pulumi-invent")).toBe(dynamic);
  });

  test("import entries name the native types and carry no __provider", () => {
    const entries = importFile(model, () => "stub", true).resources;
    expect(entries.map((e) => e.type)).toEqual(["invent:index:Assistant", "invent:index:Action"]);
    expect(JSON.stringify(entries)).not.toContain("__provider");
    const dynamic = importFile(model, () => "stub").resources;
    expect(dynamic.map((e) => e.type)).toEqual([
      "pulumi-nodejs:dynamic/invent:Assistant",
      "pulumi-nodejs:dynamic/invent:Action",
    ]);
    expect(dynamic[0].inputs.__provider).toBe("stub");
    // The state itself is the same on both fronts.
    const { __provider: _, ...inputs } = dynamic[0].inputs;
    expect(entries[0].inputs).toEqual(inputs);
  });
});
