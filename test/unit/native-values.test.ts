/** The native front's value handling: secrets in and out, and the ids `pulumi import` takes. */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { resourceSpecs } from "../../provider/resources/specs";
import { importIdDoc, parseImportId } from "../../provider/schema/import-id";
import { secretFields, toStruct, unwrap } from "../../provider/native/values";

const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });

describe("secrets between the engine and the core", () => {
  test("unwrap gives plain values and names the top-level properties that held a secret", () => {
    const s = Struct.fromJavaScript({
      name: "a",
      config: { apiKey: secret("sk_1"), mode: "x" },
      tags: [secret("t")],
    });
    const { values, secret: names } = unwrap(s);
    expect(values).toEqual({ name: "a", config: { apiKey: "sk_1", mode: "x" }, tags: ["t"] });
    expect([...names].sort()).toEqual(["config", "tags"]);
  });

  test("toStruct wraps each named property whole, leaves null and drops undefined", () => {
    const out = toStruct({ config: { apiKey: "sk_1" }, secretKey: null, name: "a", gone: undefined }, [
      "config",
      "secretKey",
    ]).toJavaScript();
    expect(out).toEqual({ config: secret({ apiKey: "sk_1" }), secretKey: null, name: "a" });
    expect(JSON.stringify(out)).not.toMatch(/"apiKey":"sk_1"[^}]*}[^}]*$/); // only inside the wrapper
  });

  test("a kind's secret fields come from its description", () => {
    expect(secretFields(resourceSpecs.Connection.fields)).toEqual(["config"]);
    expect(secretFields(resourceSpecs.Assistant.fields)).toEqual(["secretKey"]);
  });
});

describe("import ids", () => {
  const { Assistant, Action, KnowledgeLink, ActionOrder } = resourceSpecs;

  test("a top-level kind takes its own id; a child <assistantId>/<id>; a link its template", () => {
    expect(parseImportId(Assistant, "ast_1", {})).toEqual({ values: {}, id: "ast_1" });
    expect(parseImportId(Action, "ast_1/act_2", {})).toEqual({
      values: { assistantId: "ast_1" },
      id: "act_2",
    });
    expect(parseImportId(KnowledgeLink, "ast_1/kc_2", {})).toEqual({
      values: { assistantId: "ast_1", contentId: "kc_2" },
      id: "ast_1/kc_2",
    });
    expect(parseImportId(ActionOrder, "ast_1/actions-order", {})).toEqual({
      values: { assistantId: "ast_1" },
      id: "ast_1/actions-order",
    });
  });

  test("a reference that names its parent needs no composite id", () => {
    expect(parseImportId(Action, "act_2", { assistantId: "ast_1" })).toEqual({ values: {}, id: "act_2" });
  });

  test("a malformed id is one message saying the form", () => {
    expect(() => parseImportId(Action, "act_2", {})).toThrow(
      'Action: the import id must be <assistantId>/<id> (got "act_2")',
    );
    expect(importIdDoc(KnowledgeLink)).toBe("<assistantId>/<contentId>");
  });
});
