/**
 * The core's lifecycle steps with no front, over real HTTP against the emulator: an assistant's lifecycle
 * with the create's answer lost after the server made the object.
 */
import { create } from "../../provider/core/create";
import { deleteObject } from "../../provider/core/delete";
import { read } from "../../provider/core/read";
import { update } from "../../provider/core/update";
import { assistantSpec } from "../../provider/resources/assistant";
import { AGENCY_ORG_ID } from "../emulator/server";
import { harness, Harness } from "../support/harness";

let h: Harness;
beforeAll(async () => (h = await harness()));
afterAll(() => h.stop());

const live = async () => (await h.control.assistants(AGENCY_ORG_ID)).filter((a) => !a.deleted);

test("create (answer lost after commit), read, update, delete: one object, one PATCH, then none", async () => {
  const k = h.kind(assistantSpec);
  const declared = { orgId: "c", name: "Support", instructions: "Answer shipping questions." };
  await h.control.failNext({ route: "POST /orgs/:org_id/assistants", status: 502, afterCommit: true });
  const { id, outs } = await create(k, declared);
  expect((await live()).map((a) => a.id)).toEqual([id]);
  expect(outs).toMatchObject(declared);
  expect(h.logs.join("\n")).toMatch(/the failed request did create ast_\w+; using it/);

  expect(await read(k, id, outs)).toMatchObject({ id, inputs: { name: "Support" } });

  await h.control.resetRequests();
  const changed = { ...declared, instructions: "Answer returns questions too." };
  const updated = await update(k, id, outs, changed);
  expect(updated.outs).toMatchObject({ instructions: "Answer returns questions too." });
  expect(await h.calls()).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });

  await deleteObject(k, id, updated.outs);
  expect(await live()).toEqual([]);
  expect(await read(k, id, updated.outs)).toBeUndefined();
});
