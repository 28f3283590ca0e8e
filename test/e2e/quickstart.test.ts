import { SUB_ORG_ID } from "../emulator/server";
import { lifecycle } from "./lifecycle";

jest.setTimeout(300_000);

lifecycle({
  example: "quickstart",
  config: {},
  resources: 1,
  inPlace: {
    key: "instructions",
    value: "Answer in one sentence.",
    route: "PATCH /orgs/:org_id/assistants/:id",
  },
  // Moving the stack's default org replaces the assistant.
  replacing: {
    key: "invent:orgId",
    value: SUB_ORG_ID,
    creates: "POST /orgs/:org_id/assistants",
    deletes: "DELETE /orgs/:org_id/assistants/:id",
  },
  driftAssistantOutput: "assistantId",
});
