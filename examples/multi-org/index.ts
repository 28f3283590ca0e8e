import * as pulumi from "@pulumi/pulumi";
import * as invent from "pulumi-invent";

const cfg = new pulumi.Config();
// An agency key reaches each client sub-org by its real id.
const agencyOrgId = cfg.require("agencyOrgId");
const clientOrgId = cfg.require("clientOrgId");

const agencyAssistant = new invent.Assistant("agency", {
  orgId: agencyOrgId,
  name: "Agency Front Desk",
  instructions: cfg.get("agencyInstructions") ?? "You route prospects to the right account manager.",
});

const clientAssistant = new invent.Assistant("client", {
  orgId: clientOrgId,
  name: "Client Helpdesk",
  instructions: "You answer the client's customers about opening hours and bookings.",
  timezone: "America/New_York",
  conversation: { threadMode: "new", enableTransferToHumanTool: true },
});

export const agencyAssistantId = agencyAssistant.id;
export const clientAssistantId = clientAssistant.id;
export const clientAssistantOrg = clientAssistant.orgId;
