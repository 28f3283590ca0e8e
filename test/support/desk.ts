import type { EmulatorControl } from "../emulator/control";
import { AGENCY_ORG_ID } from "../emulator/server";

/** The FAQ the desk knows (linked, as `knowledge_scope: "selected"` needs). */
export const DESK_FAQ =
  "Q: How long does shipping take?\nA: Two to four working days in the EU.\nQ: Can I return an item?\nA: Yes, within 30 days.";

/**
 * A support desk in the emulator, as if made in the dashboard: an assistant that answers from a linked FAQ,
 * with an order-lookup action taking `order_number`. The conversation tests talk to it.
 */
export async function seedDesk(
  control: EmulatorControl,
  org = AGENCY_ORG_ID,
  conversation: Record<string, unknown> = {},
) {
  const assistant = await control.seedAssistant(org, {
    name: "Desk",
    config: {
      instructions: "You answer questions about orders and shipping. Never guess prices.",
      knowledge_scope: "selected",
      conversation,
    },
  });
  const action = await control.seedAction(org, {
    assistant_id: assistant.id,
    action_id: "TOOLS:HTTP_REQUEST",
    name: "Look up an order",
    instructions: "Use when the customer gives an order number.",
    config: { input: {}, definitions: [{ path: "order_number", definition: { type: "string" } }] },
  });
  const faq = await control.seedKnowledgeContent(org, {
    title: "Shipping FAQ",
    content: { type: "TEXT", text: DESK_FAQ },
  });
  await control.linkKnowledge(org, assistant.id, faq.id);
  return { assistant, action, faq };
}
