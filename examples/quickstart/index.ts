import * as pulumi from "@pulumi/pulumi";
import * as invent from "pulumi-invent";

const cfg = new pulumi.Config();

const assistant = new invent.Assistant("quickstart", {
  name: cfg.get("assistantName") ?? "Quickstart Assistant",
  instructions:
    cfg.get("instructions") ??
    "You are the friendly assistant of ACME Inc. Answer briefly and point to acme.example/help.",
  language: "auto",
  conversation: {
    threadMode: "new",
    welcomeBanner: "Hi! Ask me anything about ACME.",
    suggestedMessages: ["What do you sell?", "Where is my order?"],
  },
});

export const assistantId = assistant.id;
export const assistantName = assistant.name;
export const orgId = assistant.orgId;
