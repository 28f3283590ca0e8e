import * as pulumi from "@pulumi/pulumi";
import * as invent from "pulumi-invent";

const cfg = new pulumi.Config();

// A credential connection: the Stripe key stays encrypted in config and in state.
const billing = new invent.Connection("billing", {
  type: cfg.get("billingProvider") === "resend" ? "RESEND" : "STRIPE",
  name: "Billing",
  config: { apiKey: cfg.requireSecret("billingApiKey") },
});

const desk = new invent.Assistant("support-desk", {
  name: "ACME Support Desk",
  enabled: true,
  instructions:
    cfg.get("instructions") ??
    "You are ACME's support agent. Be precise, cite the help centre, never guess prices.",
  language: "en",
  knowledgeScope: "all",
  timezone: "Europe/Paris",
  conversation: {
    threadMode: "continue",
    welcomeBanner: "ACME support: we usually answer at once.",
    suggestedMessages: ["Where is my order?", "I want a refund", "Talk to a human"],
    autoIntroMessage: "Hello! How can I help you today?",
    enableMemories: true,
    enableTransferToHumanTool: true,
    enableEndConversationTool: true,
    enableAutoResolve: true,
    enableAutoCsat: true,
  },
  generateSecretKey: true,
  // Change this value (e.g. to today's date) to rotate the widget secret key.
  secretKeyRotation: cfg.get("secretKeyRotation") ?? "initial",
});

export const assistantId = desk.id;
export const widgetSecret = desk.secretKey; // secret: `pulumi stack output widgetSecret --show-secrets`
export const billingConnectionId = billing.id;
export const billingStatus = billing.status;
