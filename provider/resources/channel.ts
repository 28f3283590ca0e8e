import { ASSUMPTIONS } from "../assumptions";
import { field } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type { ChannelArgs, ChannelGetArgs, ChannelOutputs } from "./types.generated";

/** Channel types (`integration_id`) the API knows. [D, from the channel type enum] */
export const CHANNEL_TYPES = [
  "internal", "custom", "whatsapp_bot", "messenger_bot", "instagram_dm", "twilio", "telnyx", "slack_bot",
  "telegram_bot", "gmail", "google_calendar",
] as const; // prettier-ignore

const fields = {
  orgId: field.orgId(),
  adoptId: field.adoptId(),
  assistantId: field.parentId("Assistant", { doc: "Id of the assistant the channel serves." }),
  type: field.enum(CHANNEL_TYPES, {
    doc:
      "Where the assistant answers: `internal` (the web widget), `custom`, `telegram_bot`, `whatsapp_bot`, " +
      "`slack_bot`, …",
    wire: "integration_id",
    required: true,
    replaceOnChange: true,
  }),
  connectionId: field.string({
    doc: "Id of the connection the channel talks through (a `Connection`'s id), e.g. a Telegram bot's.",
    wire: "connection_id",
    replaceOnChange: true, // not updatable [A]
    min: 1,
  }),
  enabled: field.boolean({ doc: "Whether the assistant answers on this channel. Server default: true." }),
  // Secret and masked like Connection.config: a channel's settings may hold credentials (a bot token, a
  // webhook signing secret), which the API returns masked [A].
  config: field.json({
    doc:
      "The channel's settings, shaped by its type. Keys in camelCase are sent in snake_case, any other key " +
      "as written; each comes back as you wrote it. Secret: kept " +
      "encrypted in state, because it may hold credentials. The API returns credentials masked, so those are " +
      "judged against what you declared last time; other keys changed in the dashboard show as drift.",
    secret: true,
    writeOnly: "masked",
    // The API's own keys [A]: camelCase ones travel in snake_case (schema/keys.ts).
    keys: () => (ASSUMPTIONS.channelConfigKeysSnakeCase ? "snake_case" : "as written"),
  }),
  error: field.serverString("error", {
    doc: "Why the channel is failing (e.g. its connection was deleted), or null.",
  }),
  ...field.timestamps(),
};

/** The Channel's one description: an integration under its assistant's URL, embedded in the assistant too. */
export const channelSpec: ResourceSpec<typeof fields> = {
  type: "Channel",
  doc:
    "A place where an assistant answers people: the web widget, a Telegram or WhatsApp bot, Slack, … " +
    "Changing the type or the connection replaces it; `enabled` and `config` change with one PATCH.",
  // Getters: read when used, so an `invent:assumptions` override applied after load takes effect.
  get path() {
    return ASSUMPTIONS.channelsPath;
  },
  fields,
  naturalKey: ["type", "connectionId"],
  // The assistant embeds its channels: without a GET by id, a channel is read from `integrations[]`.
  locate: {
    get getById() {
      return ASSUMPTIONS.channelsGetById;
    },
    embeddedIn: { parentPath: "/assistants/{assistantId}", field: "integrations" },
  },
};

/**
 * A channel (integration) of an assistant: the web widget, or a bot on a messaging service through a
 * `Connection`. `config` is secret in state; the API never returns credentials in clear.
 *
 * @example
 * const bot = new invent.Connection("telegram", { type: "TELEGRAM", config: { botToken: cfg.requireSecret("telegramBotToken") } });
 * new invent.Channel("telegram", { assistantId: support.id, type: "telegram_bot", connectionId: bot.id });
 */
export class Channel extends resourceClass<ChannelArgs, ChannelOutputs, ChannelGetArgs>(channelSpec) {}
