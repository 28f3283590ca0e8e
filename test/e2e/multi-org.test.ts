import { AGENCY_ORG_ID, SUB_ORG_ID } from "../emulator/server";
import { lifecycle } from "./lifecycle";

jest.setTimeout(300_000);

lifecycle({
  example: "multi-org",
  config: { agencyOrgId: AGENCY_ORG_ID, clientOrgId: SUB_ORG_ID },
  resources: 2,
  inPlace: {
    key: "agencyInstructions",
    value: "Route by industry.",
    route: "PATCH /orgs/:org_id/assistants/:id",
  },
  // The client's assistant moves to the agency org: a replacement.
  replacing: {
    key: "clientOrgId",
    value: AGENCY_ORG_ID,
    creates: "POST /orgs/:org_id/assistants",
    deletes: "DELETE /orgs/:org_id/assistants/:id",
  },
  driftAssistantOutput: "clientAssistantId",
  extra: (t) => {
    test("each assistant lives in the org its orgId names", async () => {
      const state = await t.emulator().control.state();
      const outputs = await t.project().outputs();
      const org = (id: unknown) => state.assistants.find((a) => a.id === id && !a.deleted)?.org_id;
      expect(org(outputs.agencyAssistantId)).toBe(AGENCY_ORG_ID);
      expect(org(outputs.clientAssistantId)).toBe(AGENCY_ORG_ID); // moved by the replacing step
      expect(outputs.clientAssistantOrg).toBe(AGENCY_ORG_ID);
    });
  },
});
