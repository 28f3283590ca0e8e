/**
 * The native front's methods in process, on the engine's own message types, for what needs no API call: the
 * detailed diff (update vs replace per path), secrets wrapped on the way out of Check, a child taking the org of
 * a parent the provider has seen, check failures naming the property, and the schema it serves.
 */
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { nativeProvider } from "../../provider/native/server";
import { resourceSpecs } from "../../provider/resources/specs";
import { silentLogger } from "../../provider/log";

const SIG = "4dabf18193072939515e22adb298388d";
const secret = (value: unknown) => ({ [SIG]: "1b47061264138c4ac30d75fd1eb44270", value });
const urn = (kind: string, name = "x") => `urn:pulumi:dev::proj::invent:index:${kind}::${name}`;
const struct = (o: object) => Struct.fromJavaScript(o as Parameters<typeof Struct.fromJavaScript>[0]);

function provider() {
  const p = nativeProvider({
    specs: resourceSpecs,
    version: "0.1.0",
    schema: () => "{}",
    logger: silentLogger,
  });
  const call = <Req, Res>(
    method: (c: { request: Req }, cb: (e: unknown, v?: Res) => void) => void,
    request: Req,
  ) =>
    new Promise<Res>((resolve, reject) => method({ request }, (e, v) => (e ? reject(e) : resolve(v as Res))));
  return {
    diff: (kind: string, id: string, olds: object, news: object) => {
      const r = new provproto.DiffRequest();
      r.setUrn(urn(kind));
      r.setId(id);
      r.setOlds(struct(olds));
      r.setNews(struct(news));
      return call<provproto.DiffRequest, provproto.DiffResponse>(p.diff, r);
    },
    check: (kind: string, news: object) => {
      const r = new provproto.CheckRequest();
      r.setUrn(urn(kind));
      r.setOlds(struct({}));
      r.setNews(struct(news));
      return call<provproto.CheckRequest, provproto.CheckResponse>(p.check, r);
    },
  };
}

describe("the native provider's methods", () => {
  const SUB_ORG = "org_xJGTyKKtjCdyKlFnLdA9Td";

  test("Diff answers a detailed diff: each changed path, update or replace", async () => {
    const olds = { name: "A", conversation: { threadMode: "new" }, orgId: "c" };
    const res = await provider().diff("Assistant", "ast_1", olds, {
      name: "A",
      conversation: { threadMode: "continue" },
      orgId: SUB_ORG,
    });
    const K = provproto.PropertyDiff.Kind;
    const detailed: Record<string, number> = {};
    res.getDetaileddiffMap().forEach((d, path) => (detailed[path] = d.getKind()));
    expect(res.getHasdetaileddiff()).toBe(true);
    expect(detailed).toEqual({ "conversation.threadMode": K.UPDATE, orgId: K.UPDATE_REPLACE });
    expect(res.getReplacesList()).toEqual(["orgId"]);
    expect(res.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    const same = await provider().diff("Assistant", "ast_1", olds, olds);
    expect(same.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
    expect(same.getDetaileddiffMap().getLength()).toBe(0);
  });

  test("the dynamic front's __provider in state (a stack moved by alias) is not a change", async () => {
    const olds = { name: "A", orgId: "c", __provider: "exports.handler = …" };
    const res = await provider().diff("Assistant", "ast_1", olds, { name: "A", orgId: "c" });
    expect(res.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
  });

  test("Check returns secret inputs wrapped: a credential never goes back in plain text", async () => {
    const res = await provider().check("Connection", { type: "STRIPE", config: secret({ apiKey: "sk_1" }) });
    const inputs = res.getInputs()!.toJavaScript() as Record<string, unknown>;
    expect(inputs.config).toEqual(secret({ apiKey: "sk_1" }));
    // A value the program made secret stays secret too, even where the description does not say so.
    const named = await provider().check("Assistant", { name: secret("Internal name") });
    expect((named.getInputs()!.toJavaScript() as Record<string, unknown>).name).toEqual(
      secret("Internal name"),
    );
  });

  test("a child given the id of a parent this provider has seen takes the parent's org", async () => {
    const p = provider();
    await p.diff("Assistant", "ast_1", { name: "A", orgId: SUB_ORG }, { name: "A", orgId: SUB_ORG });
    const res = await p.check("Action", { assistantId: "ast_1", tool: "TOOLS:WEB_SEARCH" });
    expect((res.getInputs()!.toJavaScript() as Record<string, unknown>).orgId).toBe(SUB_ORG);
    // An explicit other org is refused, naming it; a parent it has not seen leaves the default org.
    const clash = await p.check("Action", { assistantId: "ast_1", tool: "TOOLS:WEB_SEARCH", orgId: "c" });
    expect(clash.getFailuresList().map((f) => f.getReason())).toEqual([
      expect.stringMatching(/^orgId: "c" differs from the org of its parent/),
    ]);
    const unseen = await p.check("Action", { assistantId: "ast_9", tool: "TOOLS:WEB_SEARCH" });
    expect((unseen.getInputs()!.toJavaScript() as Record<string, unknown>).orgId).toBe("c");
  });

  test("Check refuses bad input naming the property, with the rule", async () => {
    const res = await provider().check("Assistant", { name: "A", knowledgeScope: "everything" });
    expect(res.getFailuresList().map((f) => f.getReason())).toEqual([
      expect.stringMatching(/^knowledgeScope: .*"all".*"selected"/),
    ]);
  });

  test("an unknown kind is an error naming it and saying to upgrade", async () => {
    await expect(provider().check("Segment9", {})).rejects.toThrow(/no resource type "Segment9".*upgrade/);
  });
});
