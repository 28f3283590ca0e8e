/**
 * The agency example's lifecycle, as data: two clients onboarded (one taking over an existing sub-org that has
 * a browser-only WhatsApp connection, bound by lookup), a cap raised, a widget replaced, a shared prompt
 * changed (one PATCH per client), a client offboarded (its sub-org and cap outlive the stack, the rest is
 * deleted), and destroy under each deletion policy.
 */
import type { LifecycleCase } from "../lifecycle";
import { SUB_ORG_ID } from "../../emulator/server";

const SUBS = "/orgs/:org_id/orgs";
const CHANNELS = "/orgs/:org_id/assistants/:assistant_id/integrations";
const CONTENTS = "/orgs/:org_id/knowledge/contents";
const LINKS = "/orgs/:org_id/assistants/:assistant_id/knowledge/contents/:content_id";

export const acme = {
  key: "acme",
  name: "ACME Corp",
  cap: 200,
  faq: "Q: Opening hours?\nA: 9 to 5, Monday to Friday.",
  whatsapp: "Support line",
  adoptId: SUB_ORG_ID,
};
export const globex = { key: "globex", name: "Globex Inc", cap: 100, faq: "Q: Refunds?\nA: Within 30 days." };
export const clients = (...list: object[]) => JSON.stringify(list);

/** What destroy prints for a sub-organization under each deletion policy (the id follows the name). */
export const FORGOTTEN =
  "was forgotten, not deleted: the Invent API cannot delete a sub-organization. It still exists, and bills, " +
  "until it is detached in the Invent dashboard (its page, Detach Organization).";
export const PREVENTED =
  'deletionPolicy is "prevent", so it is not forgotten: the Invent API cannot delete a sub-organization.';
export const CAP_LEFT =
  "was forgotten, not deleted: the Invent API has no delete for billing settings. The spending cap and " +
  "auto-recharge stay as they are";

export const agencyCase = (): LifecycleCase => ({
  example: "agency",
  config: { clients: clients(acme, globex) },
  // Per client: sub-org, billing, assistant, widget, FAQ content and its link; ACME also a WhatsApp channel.
  resources: 6 + 6 + 1,
  async seed(emulator) {
    // Made in the dashboard: a browser sign-in connection, which only a lookup can bind.
    const whatsapp = await emulator.control.seedConnection(SUB_ORG_ID, {
      type: "WHATSAPP",
      name: "Support line",
    });
    return [whatsapp.id];
  },
  createWrites: {
    [`POST ${SUBS}`]: 1, // Globex; ACME's existing org is taken over (adoptId): no POST
    [`PATCH ${SUBS}/:id`]: 2, // Globex's config after its POST {name}; ACME's name and config
    [`PATCH ${SUBS}/:id/billing`]: 2,
    "POST /orgs/:org_id/assistants": 2,
    [`POST ${CHANNELS}`]: 3,
    [`POST ${CONTENTS}`]: 2,
    [`PUT ${LINKS}`]: 2,
  },
  inPlace: {
    key: "clients",
    value: clients(acme, { ...globex, cap: 150 }),
    route: `PATCH ${SUBS}/:id/billing`,
  },
  replacing: {
    key: "clients",
    value: clients(acme, { ...globex, cap: 150, widget: "custom" }),
    creates: `POST ${CHANNELS}`,
    deletes: `DELETE ${CHANNELS}/:id`,
  },
  driftAssistantOutput: "lastAssistantId",
  recreateWrites: {
    "POST /orgs/:org_id/assistants": 1,
    [`POST ${CHANNELS}`]: 1, // its widget went with it
    [`PUT ${LINKS}`]: 1, // and its knowledge link
  },
  refreshAfterEachStep: true,
  steps: [
    {
      name: "a shared prompt change is one PATCH per client",
      config: { prompt: "You help {client}'s customers kindly, from the FAQ only." },
      writes: { "PATCH /orgs/:org_id/assistants/:id": 2 },
      output: "2 updated",
    },
    {
      name: "offboarding a client deletes what the API can delete and forgets its sub-org and cap",
      config: { clients: clients(acme) },
      writes: {
        "DELETE /orgs/:org_id/assistants/:id": 1,
        [`DELETE ${CHANNELS}/:id`]: 1,
        [`DELETE ${LINKS}`]: 1,
        [`DELETE ${CONTENTS}/:id`]: 1,
      },
      output: FORGOTTEN,
    },
  ],
  // The prevent step (extra) destroyed everything the API can delete; the last destroy forgets ACME's org.
  destroyDeletes: 0,
  destroyOutput: [`SubOrganization "ACME Corp" ${SUB_ORG_ID} ${FORGOTTEN}`],
});
