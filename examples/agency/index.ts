import * as pulumi from "@pulumi/pulumi";
import * as invent from "pulumi-invent";

/** One client of the agency, as the stack config `clients` lists them. */
interface Client {
  /** Short, stable name: the Pulumi names of the client's resources start with it. Never change it. */
  key: string;
  /** The client's organization name (2 to 64 characters). */
  name: string;
  /** Monthly spending cap (unit as the API counts it). */
  cap: number;
  /** The client's FAQ, the assistant's knowledge. */
  faq: string;
  /** The web widget's channel type: `internal` (default) or `custom`. */
  widget?: "internal" | "custom";
  /** The name of a WhatsApp connection made in the client's org in the dashboard, if it has one. */
  whatsapp?: string;
  /** An existing sub-organization to take over instead of creating one. */
  adoptId?: string;
  /** What destroy does with the sub-organization: "abandon" (default) or "prevent". */
  deletionPolicy?: "abandon" | "prevent";
}

const cfg = new pulumi.Config();
const clients = cfg.requireObject<Client[]>("clients");
// One prompt for every client: changing it is one PATCH per client's assistant.
const prompt = cfg.get("prompt") ?? "You answer {client}'s customers politely, from the FAQ only.";

/** Everything one client gets: built by this one function, so every client is set up the same way. */
function onboard(client: Client) {
  const org = new invent.SubOrganization(client.key, {
    name: client.name,
    adoptId: client.adoptId,
    config: { modules: { enableBroadcasts: false }, access: { allowInvites: false } },
    deletionPolicy: client.deletionPolicy ?? "abandon",
  });
  new invent.SubOrganizationBilling(`${client.key}-billing`, {
    subOrganizationId: org.id,
    spendingCap: { enabled: true, amount: client.cap },
    autoRecharge: { enabled: false },
  });
  const support = new invent.Assistant(`${client.key}-support`, {
    orgId: org.id,
    name: `${client.name} Support`,
    instructions: prompt.replace("{client}", client.name),
  });
  new invent.Channel(`${client.key}-widget`, { assistantId: support.id, type: client.widget ?? "internal" });
  const faq = new invent.KnowledgeContent(`${client.key}-faq`, {
    orgId: org.id,
    title: "FAQ",
    text: client.faq,
  });
  new invent.KnowledgeLink(`${client.key}-faq`, { assistantId: support.id, contentId: faq.id });
  // A browser-only connection cannot be made from code: bound by lookup in the client's own org.
  if (client.whatsapp) {
    const whatsapp = invent.getConnectionOutput({ orgId: org.id, type: "WHATSAPP", name: client.whatsapp });
    new invent.Channel(`${client.key}-whatsapp`, {
      assistantId: support.id,
      type: "whatsapp_bot",
      connectionId: whatsapp.id,
    });
  }
  return { orgId: org.id, assistantId: support.id };
}

const onboarded = Object.fromEntries(clients.map((c) => [c.key, onboard(c)]));

export const orgIds = Object.fromEntries(Object.entries(onboarded).map(([k, v]) => [k, v.orgId]));
export const assistantIds = Object.fromEntries(Object.entries(onboarded).map(([k, v]) => [k, v.assistantId]));
/** The last client's assistant (the lifecycle test's drift target). */
export const lastAssistantId = onboarded[clients[clients.length - 1].key]?.assistantId;
