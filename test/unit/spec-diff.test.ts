/**
 * `doctor --spec`: the library's calls, derived from the resource descriptions, against OpenAPI documents.
 * The contract fixture says what the library relies on ([D] facts and [A] assumptions); the "different"
 * document is that fixture with deliberate changes, each of which must be reported, and nothing else.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffSpec, formatSpecDiff, SpecDifference } from "../../provider/doctor/spec-diff";
import { libraryEndpoints } from "../../provider/doctor/spec-endpoints";
import { field } from "../../provider/schema/fields";
import { ResourceSpec } from "../../provider/schema/spec";

const CONTRACT = join(__dirname, "../fixtures/openapi/invent-contract.json");

/** As much of an OpenAPI document's shape as the tests edit. */
interface Doc {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: {
    schemas: Record<string, { properties: Record<string, Record<string, unknown>>; required?: string[] }>;
  };
}
const contract = (): Doc => JSON.parse(readFileSync(CONTRACT, "utf8"));

/** A document in YAML block style (keys and strings quoted JSON-style, which YAML reads the same). */
function toYaml(v: unknown, indent = ""): string {
  if (Array.isArray(v))
    return v.length
      ? v.map((x) => `\n${indent}- ${toYaml(x, `${indent}  `).replace(/^\n\s*/, "")}`).join("")
      : " []";
  if (v && typeof v === "object") {
    const entries = Object.entries(v);
    if (!entries.length) return " {}";
    return entries.map(([k, x]) => `\n${indent}${JSON.stringify(k)}:${toYaml(x, `${indent}  `)}`).join("");
  }
  return ` ${JSON.stringify(v)}`;
}

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "spec-diff-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a document to a temp file and returns its path. */
function write(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === "string" ? doc : JSON.stringify(doc, null, 2));
  return path;
}

const triple = (d: SpecDifference) => `${d.severity} ${d.kind} ${d.where}`;

/**
 * Harmless notes on sub-orgs and segments in every document built from the contract: the soft-delete flag the
 * library would honour is not in their responses, and the sub-org update accepts the deprecated `features`.
 */
const ORG_KIND_NOTES = [
  "info unread-response-field POST /orgs/{org_id}/orgs",
  "info unused-field PATCH /orgs/{org_id}/orgs/{sub_org_id}",
  "info unread-response-field PATCH /orgs/{org_id}/segments/{segment_id}",
];

describe("diffSpec on the contract document", () => {
  it("reports no error or warning: the fixture is what the library relies on", async () => {
    const diffs = await diffSpec(CONTRACT);
    expect(diffs.filter((d) => d.severity !== "info")).toEqual([]);
    // Every field the bodies accept is one the library manages (an assistant's `boards` included); only the
    // notes above remain.
    expect(diffs.map(triple)).toEqual([...ORG_KIND_NOTES]);
  });
});

describe("diffSpec on a document that differs", () => {
  let diffs: SpecDifference[];
  beforeAll(async () => {
    const doc = contract();
    const paths = doc.paths;
    const schemas = doc.components.schemas;
    // 1. Channels live at …/channels, not …/integrations (the assumption channelsPath).
    for (const p of Object.keys(paths))
      if (p.includes("/integrations")) {
        paths[p.replace("/integrations", "/channels").replace("{integration_id}", "{channel_id}")] = paths[p];
        delete paths[p];
      }
    for (const op of ["get", "patch", "delete"]) {
      const item = paths["/orgs/{org_id}/assistants/{assistant_id}/channels/{channel_id}"][op];
      item.operationId = `${op}Channel`;
    }
    // 2. No action delete (the assumption actionsDeleteById).
    delete paths["/orgs/{org_id}/assistants/{assistant_id}/actions/{action_id}"].delete;
    // 3. `config.timezone` is not accepted (the config object is closed) nor returned.
    delete schemas.AssistantConfig.properties.timezone;
    // 4. A third thread_mode (in the shared component: both bodies that $ref it must see it).
    schemas.ConversationConfig.properties.thread_mode.enum = ["new", "continue", "resume"];
    // 5. knowledge_scope "selected" removed.
    schemas.AssistantConfig.properties.knowledge_scope.enum = ["all"];
    // 6. A required field the library never sends.
    schemas.ConnectionCreate.properties.description = { type: "string" };
    schemas.ConnectionCreate.required = ["type", "config", "description"];
    // 7. The URL variant of a knowledge content has no `mode` (a oneOf branch, picked by its `type`).
    delete schemas.UrlContent.properties.mode;
    // 8. A field the update accepts that the library does not manage (harmless).
    schemas.AssistantUpdate.properties.labels = { type: "array", items: { type: "string" } };
    diffs = await diffSpec(write("different.json", doc));
  });

  const expected = [
    // 1: every channel call, under the vendor's spelling of our template.
    "error missing-endpoint GET /orgs/{org_id}/assistants/{assistant_id}/integrations",
    "error missing-endpoint POST /orgs/{org_id}/assistants/{assistant_id}/integrations",
    "error missing-endpoint GET /orgs/{org_id}/assistants/{assistant_id}/integrations/{channel_id}",
    "error missing-endpoint PATCH /orgs/{org_id}/assistants/{assistant_id}/integrations/{channel_id}",
    "error missing-endpoint DELETE /orgs/{org_id}/assistants/{assistant_id}/integrations/{channel_id}",
    // 2
    "error missing-endpoint DELETE /orgs/{org_id}/assistants/{assistant_id}/actions/{action_id}",
    // 3: sent on create and update; read back once (the shared response schema)
    "error unaccepted-field POST /orgs/{org_id}/assistants",
    "error unaccepted-field PATCH /orgs/{org_id}/assistants/{assistant_id}",
    "warning unread-response-field GET /orgs/{org_id}/assistants/{assistant_id}",
    // 4
    "warning enum-value-refused POST /orgs/{org_id}/assistants",
    "warning enum-value-refused PATCH /orgs/{org_id}/assistants/{assistant_id}",
    // 5
    "error enum-value-unknown POST /orgs/{org_id}/assistants",
    "error enum-value-unknown PATCH /orgs/{org_id}/assistants/{assistant_id}",
    // 6
    "error unsent-required-field POST /orgs/{org_id}/connections",
    // 7
    "error unaccepted-field POST /orgs/{org_id}/knowledge/contents",
    "warning unread-response-field GET /orgs/{org_id}/knowledge/contents/{content_id}",
    // 8
    "info unused-field PATCH /orgs/{org_id}/assistants/{assistant_id}",
  ];

  it("reports each difference with its kind, place and severity, and nothing else", () => {
    expect(diffs.map(triple).sort()).toEqual([...expected, ...ORG_KIND_NOTES].sort());
  });

  it("lists errors first, then warnings, then info", () => {
    const rank = { error: 0, warning: 1, info: 2 };
    const ranks = diffs.map((d) => rank[d.severity]);
    expect(ranks).toEqual([...ranks].sort());
  });

  const find = (kind: string, where: string) => diffs.filter((d) => d.kind === kind && d.where === where);

  it("names the assumption to change for an endpoint the spec lacks", () => {
    const channel = find("missing-endpoint", "POST /orgs/{org_id}/assistants/{assistant_id}/integrations")[0];
    expect(channel.detail).toContain("channelsPath");
    expect(channel.detail).toContain("has no such path");
    const del = find(
      "missing-endpoint",
      "DELETE /orgs/{org_id}/assistants/{assistant_id}/actions/{action_id}",
    )[0];
    expect(del.detail).toContain("actionsDeleteById");
    expect(del.detail).toMatch(/has only GET, PATCH on/);
  });

  it("says which field and which values, and the enum assumptions with the value to set", () => {
    expect(find("unaccepted-field", "POST /orgs/{org_id}/assistants")[0].detail).toContain(
      "`config.timezone`",
    );
    expect(find("unread-response-field", "GET /orgs/{org_id}/assistants/{assistant_id}")[0].detail).toContain(
      "`config.timezone`",
    );
    const refused = find("enum-value-refused", "POST /orgs/{org_id}/assistants")[0].detail;
    expect(refused).toContain("`config.conversation.thread_mode`");
    expect(refused).toContain('"resume"');
    expect(refused).toContain(
      '`threadModes` in provider/assumptions.ts: set it to "new", "continue", "resume"',
    );
    const unknown = find("enum-value-unknown", "POST /orgs/{org_id}/assistants")[0].detail;
    expect(unknown).toContain("`config.knowledge_scope`");
    expect(unknown).toContain('"selected"');
    expect(unknown).toContain("`knowledgeScopes`");
    expect(find("unsent-required-field", "POST /orgs/{org_id}/connections")[0].detail).toContain(
      "`description`",
    );
    expect(find("unaccepted-field", "POST /orgs/{org_id}/knowledge/contents")[0].detail).toContain(
      "`content.mode`",
    );
  });

  it("formats a readable report naming every kind and place", () => {
    const text = formatSpecDiff(diffs);
    expect(text).toMatch(/^20 differences: 12 errors, 4 warnings, 4 info\./);
    for (const d of diffs) {
      expect(text).toContain(d.kind);
      expect(text).toContain(d.where);
    }
    // Errors come before warnings in the text too.
    expect(text.indexOf("ERROR")).toBeLessThan(text.indexOf("WARNING"));
    expect(text.split("\n").every((l) => l.length <= 120)).toBe(true);
  });
});

describe("diffSpec on paging, types and null", () => {
  it("reports each once, at the call it concerns", async () => {
    const doc = contract() as Doc & {
      components: { parameters: Record<string, { schema: { maximum?: number } }> };
    };
    const { paths, schemas, parameters } = { ...doc, ...doc.components };
    // A shared `take` allowing less than the library asks for: reported once, at the first list.
    parameters.take.schema.maximum = 50;
    // The per-assistant knowledge list without `page`.
    const linksList = paths["/orgs/{org_id}/assistants/{assistant_id}/knowledge/contents"].get;
    linksList.parameters = (linksList.parameters as { $ref?: string }[]).filter(
      (x) => !x.$ref?.endsWith("/page"),
    );
    // An action's connection cannot be cleared with null on create; reorder positions are strings.
    schemas.ActionCreate.properties.connection_id = { type: "string" };
    const item = schemas.ActionReorder.properties.positions.items as { properties: Record<string, unknown> };
    item.properties.position = { type: "string" };
    const diffs = await diffSpec(write("paging.json", doc));
    expect(diffs.map(triple).sort()).toEqual(
      [
        "error parameter-out-of-range GET /orgs/{org_id}/assistants",
        "warning unaccepted-parameter GET /orgs/{org_id}/assistants/{assistant_id}/knowledge/contents",
        "warning null-refused POST /orgs/{org_id}/assistants/{assistant_id}/actions",
        "error type-mismatch PATCH /orgs/{org_id}/assistants/{assistant_id}/actions/reorder",
        ...ORG_KIND_NOTES,
      ].sort(),
    );
    expect(diffs.find((d) => d.kind === "parameter-out-of-range")!.detail).toContain("maxPageSize");
    expect(diffs.find((d) => d.kind === "type-mismatch")!.detail).toContain("`positions[].position`");
  });
});

describe("documents diffSpec refuses", () => {
  it("names the file and the parser's reason for an invalid document", async () => {
    const doc = contract();
    delete doc.paths["/orgs/{org_id}/connections"].get.responses;
    const path = write("invalid.json", doc);
    const err = await diffSpec(path).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.name).toBe("SpecDocumentError");
    expect(err?.message).toContain(path);
    expect(err?.message).toContain("is not a valid OpenAPI document");
    expect(err?.message).toMatch(/responses/);
  });

  it("names the file when it cannot be read or parsed", async () => {
    const missing = join(dir, "absent.json");
    await expect(diffSpec(missing)).rejects.toThrow(missing);
    const garbled = write("garbled.yaml", "openapi: 3.0.3\npaths: [unclosed\n");
    await expect(diffSpec(garbled)).rejects.toThrow(garbled);
  });

  it("refuses Swagger 2.0 and asks for OpenAPI 3.x", async () => {
    const path = write("swagger.json", { swagger: "2.0", info: { title: "old", version: "1" }, paths: {} });
    await expect(diffSpec(path)).rejects.toThrow(/Swagger 2\.0 document; doctor --spec needs OpenAPI 3\.x/);
    await expect(diffSpec(path)).rejects.toThrow(path);
  });

  it("reads YAML as well as JSON", async () => {
    const path = write("contract.yaml", toYaml(contract()).trimStart());
    expect(readFileSync(path, "utf8")).toMatch(/^"openapi": "3\.0\.3"\n"info":\n/);
    expect((await diffSpec(path)).map(triple)).toEqual((await diffSpec(CONTRACT)).map(triple));
  });
});

describe("formatSpecDiff", () => {
  it("says so when nothing differs", () => {
    expect(formatSpecDiff([])).toMatch(/no differences/);
  });
});

describe("libraryEndpoints", () => {
  const widget: ResourceSpec = {
    type: "Widget",
    doc: "A test kind.",
    path: "/widgets",
    fields: {
      orgId: field.orgId(),
      name: field.string({ doc: "Name.", required: true }),
      colour: field.enum(["red", "blue"] as const, { doc: "Colour.", wire: "style.colour" }),
      size: field.string({ doc: "Size.", replaceOnChange: true }),
      createdAt: field.computed((o) => String(o.created_at), { doc: "Made.", tsType: "string" }),
    },
  };

  it("derives a new kind's endpoints, bodies and reads from its description alone", () => {
    const { endpoints, unchecked } = libraryEndpoints({ Widget: widget });
    expect(unchecked).toEqual([]);
    const calls = endpoints.map((e) => `${e.method} ${e.path}`).sort();
    expect(calls).toEqual(
      [
        "GET /orgs/{org_id}/widgets",
        "POST /orgs/{org_id}/widgets",
        "GET /orgs/{org_id}/widgets/{widget_id}",
        "PATCH /orgs/{org_id}/widgets/{widget_id}",
        "DELETE /orgs/{org_id}/widgets/{widget_id}",
      ].sort(),
    );
    const create = endpoints.find((e) => e.method === "POST")!;
    expect(Object.keys(create.body!)).toEqual(["name", "style", "size"]);
    expect(create.body!.name.presence).toBe("always");
    expect(create.body!.style.children!.colour.enum).toEqual(["red", "blue"]);
    // A field whose change replaces the object is never in an update.
    const update = endpoints.find((e) => e.method === "PATCH")!;
    expect(Object.keys(update.body!)).toEqual(["name", "style"]);
    expect(update.partial).toBe(true);
    // Outputs are read by the keys their read functions touch.
    expect(create.reads!.map((r) => r.path.join("."))).toEqual(
      expect.arrayContaining(["id", "name", "style.colour", "size", "created_at"]),
    );
  });

  it("flags a kind with custom steps it does not know instead of skipping it silently", () => {
    const custom: ResourceSpec = { ...widget, type: "Gadget", afterWrite: async () => undefined };
    expect(libraryEndpoints({ Gadget: custom }).unchecked).toEqual(["Gadget"]);
  });

  it("covers every call of the shipped kinds, custom steps included", () => {
    const { endpoints, unchecked } = libraryEndpoints();
    expect(unchecked).toEqual([]);
    const calls = endpoints.map((e) => `${e.method} ${e.path}`);
    expect(calls).toEqual(
      expect.arrayContaining([
        "POST /orgs/{org_id}/assistants/{assistant_id}/rotate-secret-key",
        "PATCH /orgs/{org_id}/assistants/{assistantId}/actions/reorder",
        "GET /orgs/{org_id}/assistants/{assistantId}/integrations/{channel_id}",
        "PUT /orgs/{org_id}/assistants/{assistantId}/knowledge/contents/{contentId}",
        "DELETE /orgs/{org_id}/assistants/{assistantId}/knowledge/contents/{contentId}",
        "GET /orgs/{org_id}/assistants/{assistantId}/knowledge/contents",
      ]),
    );
    // Knowledge contents cannot change in place: no PATCH is derived for them.
    expect(calls).not.toContain("PATCH /orgs/{org_id}/knowledge/contents/{knowledge_content_id}");
  });
});
