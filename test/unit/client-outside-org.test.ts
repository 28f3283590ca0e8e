/**
 * `outsideOrg`: the client's one way to call an endpoint that no `/orgs/{org}` prefixes (`/chats/{chat_id}`),
 * with everything else the client does to a call unchanged (auth, request id, typed errors naming the path).
 */
import { MockAgent } from "undici";
import { InventClient } from "../../provider/client";
import { NotFoundError } from "../../provider/errors";
import { rejection } from "../support/rejection";

const BASE = "https://api.invent.test";
const KEY = "inv_test_key_outside_org_never_leaks_01";

function setup() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const client = new InventClient({ apiKey: KEY, baseUrl: BASE, orgId: "org_abc", dispatcher: agent });
  return { pool: agent.get(BASE), client };
}

describe("InventClient outsideOrg", () => {
  test("the path starts at the API root, with the same auth and a request id", async () => {
    const { pool, client } = setup();
    pool
      .intercept({
        path: "/chats/chat_1/messages?take=5",
        method: "GET",
        headers: { authorization: `Bearer ${KEY}`, "x-request-id": /^[0-9a-f-]{36}$/ },
      })
      .reply(200, [{ id: "msg_1" }]);
    await expect(
      client.get("/chats/chat_1/messages", { outsideOrg: true, query: { take: 5 } }),
    ).resolves.toEqual([{ id: "msg_1" }]);
  });

  test("an org given with it is not used; without it the org prefix stays", async () => {
    const { pool, client } = setup();
    pool.intercept({ path: "/chats/chat_1", method: "DELETE" }).reply(200, {});
    pool.intercept({ path: "/orgs/org_abc/chats/chat_1", method: "GET" }).reply(200, { id: "in-org" });
    await expect(client.delete("/chats/chat_1", { outsideOrg: true, org: "org_sub" })).resolves.toEqual({});
    await expect(client.get("/chats/chat_1")).resolves.toEqual({ id: "in-org" });
  });

  test("errors name the root path, never the key", async () => {
    const { pool, client } = setup();
    pool
      .intercept({ path: "/chats/chat_gone", method: "GET" })
      .reply(404, { statusCode: 404, message: "Chat not found", error: "Not Found" });
    const err = await rejection<NotFoundError>(client.get("/chats/chat_gone", { outsideOrg: true }));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.request).toBe("GET /chats/chat_gone");
    expect(String((err as Error).message)).not.toContain(KEY);
  });
});
