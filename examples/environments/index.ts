import * as pulumi from "@pulumi/pulumi";
import * as invent from "pulumi-invent";

// One program for every environment: each stack (dev, staging, production) has its own org (`invent:orgId`,
// with that org's key in `invent:apiKey`) and its own values below, in Pulumi.<stack>.yaml.
const cfg = new pulumi.Config();

const support = new invent.Assistant("support", {
  name: "ACME Support",
  // What is promoted: a change here reaches dev, then staging, then production, through the same program.
  instructions: "You are ACME's support agent. Answer from the help centre; never guess prices.",
  // What differs per environment: stack config.
  model: cfg.get("model"),
  conversation: { welcomeBanner: cfg.require("welcomeBanner") },
});
new invent.Channel("widget", { assistantId: support.id, type: "internal" });

// Objects that cannot be copied from one org to the next are bound per org: a browser-only connection (made
// by hand in each org's dashboard) by lookup, by name, in this stack's org ...
const whatsapp = invent.getConnectionOutput({
  type: "WHATSAPP",
  name: cfg.get("whatsappConnection") ?? "Support line",
});
new invent.Channel("whatsapp", { assistantId: support.id, type: "whatsapp_bot", connectionId: whatsapp.id });

// ... and a credential from each stack's own secret config (a test key in dev and staging, the live one in
// production).
new invent.Connection("billing", {
  type: "STRIPE",
  name: "Billing",
  config: { apiKey: cfg.requireSecret("stripeKey") },
});

export const assistantId = support.id;
