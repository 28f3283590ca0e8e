/**
 * Contact lookups (`getContact`, `listContacts`) against the emulator over real HTTP: the API's own filters sent
 * as query parameters, every page (also when the API pages without saying so), bad filters refused with a
 * did-you-mean before any call, one contact by id (by the list when the API has no GET by id) or by an exact
 * key, and only reads.
 */
import { InventClient } from "../../provider/client";
import { InventError, NotFoundError, ValidationError } from "../../provider/errors";
import { contactQuery } from "../../provider/resources/contact";
import { queryLookupsFor, QuerySpec } from "../../provider/schema/query";
import { OTHER_SHAPES } from "../emulator/control";
import { AGENCY_KEY, AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";
import { rejection } from "../support/rejection";

const h = useHarness();
const clients: InventClient[] = [];
afterAll(() => Promise.all(clients.map((c) => c.close())));

const LIST = "GET /orgs/:org_id/contacts";

function contacts() {
  const client = new InventClient({ apiKey: AGENCY_KEY, baseUrl: h.emulator.url, minRetryDelayMs: 5 });
  clients.push(client);
  return queryLookupsFor(contactQuery as unknown as QuerySpec, {
    client: () => client,
    defaultOrg: () => "c",
  });
}

/** `n` contacts as the audience made them: every 5th blocked, every 7th unsubscribed, every 3rd in seg_vip. */
async function audience(n: number) {
  for (let i = 0; i < n; i++)
    await h.control.seed("contacts", AGENCY_ORG_ID, {
      name: `Customer ${i}`,
      blocked: i % 5 === 0,
      unsubscribed: i % 7 === 0,
      channels: [{ id: `cch_${i}`, type: "custom", email: `c${i}@example.com`, user_id: `u${i}` }],
      segments: i % 3 === 0 ? [{ id: "seg_vip", name: "VIP", color: "amber" }] : [],
    });
  await h.control.resetRequests();
}

describe("listContacts", () => {
  test("every page, with the API's filters as query parameters", async () => {
    await audience(250);
    const all = await contacts().list();
    expect(all).toHaveLength(250);
    expect(await h.calls()).toEqual({ [LIST]: 3 }); // 100 a page
    expect(all[3]).toMatchObject({
      id: expect.stringMatching(/^ctc_/),
      orgId: "c",
      name: "Customer 3",
      blocked: false,
      isAdmin: false,
      channels: [expect.objectContaining({ email: "c3@example.com", userId: "u3", type: "custom" })],
      segments: [{ id: "seg_vip", name: "VIP", color: "amber" }],
    });
    const subscribedVips = await contacts().list({ status: "SUBSCRIBED", segmentId: "seg_vip" });
    const expected = [...Array(250).keys()].filter((i) => i % 3 === 0 && i % 5 !== 0 && i % 7 !== 0);
    expect(subscribedVips.map((c) => c.name)).toEqual(expected.map((i) => `Customer ${i}`));
    const log = (await h.control.requestLog()).filter((r) => r.route === LIST).map((r) => r.path);
    expect(log.length).toBe(3 + 1);
    expect((await h.control.requestLog()).at(-1)!.method).toBe("GET");
    expect(await h.control.writes()).toBe(0);
    expect((await contacts().list({ status: "BLOCKED" })).length).toBe(50);
    expect((await contacts().list({ unsubscribed: true })).length).toBe(36);
    expect((await contacts().list({ search: "C17@EXAMPLE" })).map((c) => c.name)).toEqual(["Customer 17"]);
  });

  test("an API that pages by fewer than asked, without headers, in an envelope: still every contact", async () => {
    await h.control.settings(OTHER_SHAPES);
    await audience(7);
    expect(await contacts().list({ status: "ALL" })).toHaveLength(7);
    expect((await h.calls())[LIST]).toBe(4); // pages of 2, the last one short
  });

  test("bad filters are refused with a did-you-mean, and no call is made", async () => {
    await audience(1);
    const c = contacts();
    await expect(c.list({ segment_id: "seg_vip" })).rejects.toThrow(
      'listContacts: unknown argument "segment_id"; did you mean "segmentId"? It takes orgId, status, search, ',
    );
    await expect(c.list({ serach: "ann" })).rejects.toThrow(
      /unknown argument "serach"; did you mean "search"\?/,
    );
    const status = await rejection(c.list({ status: "subscribed" }));
    expect(status).toBeInstanceOf(ValidationError);
    expect(status.message).toMatch(
      /^listContacts: status: Invalid option: expected one of .*; did you mean status: "SUBSCRIBED"\?/,
    );
    await expect(c.list({ unsubscribed: "yes" })).rejects.toThrow(/unsubscribed: .*boolean/);
    await expect(c.list({ orgId: "acme" })).rejects.toThrow(/listContacts: orgId must be "c"/);
    await expect(c.get({ email: "a@b", id: "ctc_1" })).rejects.toThrow(
      /give exactly one of id, email, userId, username/,
    );
    await expect(c.get({ mail: "a@b" })).rejects.toThrow(/unknown argument "mail"; did you mean "email"\?/);
    expect(await h.calls()).toEqual({});
  });
});

describe("getContact", () => {
  test("by id: one GET; without a GET by id (or its 404), from the list", async () => {
    await audience(3);
    const [first] = await h.control.objects("contacts", AGENCY_ORG_ID);
    expect(await contacts().get({ id: first.id })).toMatchObject({ id: first.id, name: "Customer 0" });
    expect(await h.calls()).toEqual({ "GET /orgs/:org_id/contacts/:id": 1 });
    await h.control.settings({ contactGetById: false });
    await h.control.resetRequests();
    expect(await contacts().get({ id: first.id })).toMatchObject({ id: first.id });
    expect(await h.calls()).toEqual({ "GET /orgs/:org_id/contacts/:id": 1, [LIST]: 1 });
    await expect(contacts().get({ id: "ctc_none" })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("by an exact key: one match, none, or several (each named)", async () => {
    await audience(3);
    expect(await contacts().get({ email: "c2@example.com" })).toMatchObject({ name: "Customer 2" });
    expect(await contacts().get({ userId: "u1" })).toMatchObject({ name: "Customer 1" });
    await expect(contacts().get({ email: "nobody@example.com" })).rejects.toThrow(
      'getContact: no Contact with email "nobody@example.com" in org c.',
    );
    await h.control.seed("contacts", AGENCY_ORG_ID, {
      channels: [{ id: "cch_x", type: "custom", email: "c2@example.com" }],
    });
    const twice = await rejection(contacts().get({ email: "c2@example.com" }));
    expect(twice).toBeInstanceOf(InventError);
    expect(twice.message).toMatch(
      /getContact: 2 Contacts have email "c2@example.com" in org c: ctc_\w+ \(created .*\), ctc_\w+/,
    );
  });
});
