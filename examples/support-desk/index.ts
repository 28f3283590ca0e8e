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
  knowledgeScope: "selected", // only the knowledge linked below
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
  // The boards (made in the dashboard) the desk places its contacts on, and the column each starts in, e.g.
  // `pulumi config set boards '[{"boardId": "brd_…", "initialSegmentId": "seg_…"}]'`; `[]` takes it off them all.
  boards: cfg.getObject<{ boardId: string; initialSegmentId?: string }[]>("boards"),
  generateSecretKey: true,
  // Change this value (e.g. to today's date) to rotate the widget secret key.
  secretKeyRotation: cfg.get("secretKeyRotation") ?? "initial",
});

// Tools the assistant may call. The order lookup goes through the billing connection.
const lookup = new invent.Action("order-lookup", {
  assistantId: desk.id,
  tool: "TOOLS:HTTP_REQUEST",
  name: "Look up an order",
  instructions: cfg.get("lookupInstructions") ?? "Use when the customer gives an order number.",
  connectionId: billing.id,
  config: {
    // The tool's own settings: keys travel exactly as written, whatever their style.
    input: {
      method: "GET",
      url: "https://shop.example.com/api/orders/{order_number}",
      timeoutMs: 5000,
      retry_count: 2,
      "follow-redirects": true,
      http2: true,
      headers: { "X-Api-Version": "2024-06", accept_language: "en" },
    },
    definitions: [{ path: "order_number", definition: { type: "string", description: "The order number" } }],
  },
});
const search = new invent.Action("help-search", {
  assistantId: desk.id,
  // TOOLS:WEB_SEARCH or TOOLS:WEB_SCRAPING: changing the tool replaces the action.
  tool: cfg.get("searchTool") ?? "TOOLS:WEB_SEARCH",
  name: "Search the help centre",
  instructions: "Search help.example.com before answering how-to questions.",
});
// The order the assistant considers its tools in, declared once.
new invent.ActionOrder("support-tools", {
  assistantId: desk.id,
  actionIds: cfg.get("searchFirst") === "true" ? [search.id, lookup.id] : [lookup.id, search.id],
});

// Where the assistant answers: the web widget on the site, and a Telegram bot through its own connection.
const widget = new invent.Channel("web-widget", {
  assistantId: desk.id,
  // "internal" is the hosted web widget, "custom" your own front end; changing the type replaces the channel.
  type: cfg.get("widgetType") === "custom" ? "custom" : "internal",
  enabled: cfg.getBoolean("widgetEnabled") ?? true,
});
const telegramBot = new invent.Connection("telegram", {
  type: "TELEGRAM",
  name: "ACME Telegram bot",
  // botToken from @BotFather, encrypted in state. camelCase keys are sent in snake_case (bot_token), others as
  // written; each comes back as written here.
  config: {
    botToken: cfg.requireSecret("telegramBotToken"),
    drop_pending_updates: true,
    "parse-mode": "HTML",
  },
});
new invent.Channel("telegram", {
  assistantId: desk.id,
  type: "telegram_bot",
  connectionId: telegramBot.id,
});

// What the assistant knows: a short FAQ (the config value `faqText` replaces it) and the help centre's site.
// Create waits until each is processed.
const faq = new invent.KnowledgeContent("shipping-faq", {
  title: "Shipping FAQ",
  text:
    cfg.get("faqText") ??
    "Q: How long does shipping take?\nA: Two to four working days in the EU, five to eight elsewhere.\n" +
      "Q: Can I return an item?\nA: Yes, within 30 days, unused and in its box.",
});
const helpCentre = new invent.KnowledgeContent("help-centre", {
  title: "ACME help centre",
  url: "https://help.example.com",
  crawl: true,
});
new invent.KnowledgeLink("desk-faq", { assistantId: desk.id, contentId: faq.id });
new invent.KnowledgeLink("desk-help-centre", { assistantId: desk.id, contentId: helpCentre.id });

// The judge of the conversation tests (tests/*.chat.yaml), only in the stacks where tests run (`pulumi config
// set judge true`): it answers each test's criteria with "VERDICT: PASS" or "VERDICT: FAIL" and a reason.
if (cfg.getBoolean("judge"))
  new invent.Assistant("judge", {
    name: "ACME test judge",
    instructions:
      "You judge the replies of ACME's support assistant against criteria. Answer with exactly two lines: " +
      '"VERDICT: PASS" or "VERDICT: FAIL", then the reason in one sentence.',
    conversation: {
      enableTransferToHumanTool: false,
      enableEndConversationTool: false,
      enableMemories: false,
    },
  });

export const assistantId = desk.id;
export const widgetSecret = desk.secretKey; // secret: `pulumi stack output widgetSecret --show-secrets`
export const billingConnectionId = billing.id;
export const billingStatus = billing.status;
export const widgetChannelId = widget.id;
