import { ASSUMPTIONS } from "../assumptions";
import { field } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type { AssistantArgs, AssistantGetArgs, AssistantOutputs } from "./types.generated";

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const fields = {
  orgId: field.orgId(),
  adoptId: field.adoptId(),
  name: field.string({
    doc: "Display name of the assistant, 1 to 1024 characters.",
    required: true,
    min: 1,
    max: 1024,
  }),
  enabled: field.boolean({ doc: "Whether the assistant answers conversations. Server default: true." }),
  instructions: field.string({
    doc: "The system prompt: how the assistant behaves and what it knows.",
    wire: "config.instructions",
    max: ASSUMPTIONS.maxInstructionsLength,
  }),
  language: field.string({
    doc: 'Reply language: `"auto"` (follow the user) or a language code such as `"en"`.',
    wire: "config.language",
    pattern: {
      test: /^(auto|[a-z]{2,3}(-[A-Za-z0-9]{2,8})*)$/,
      message: 'must be "auto" or a language code such as "en" or "pt-BR"',
    },
  }),
  model: field.string({ doc: "Id of the language model that writes replies.", wire: "config.model", min: 1 }),
  stt: field.object(
    { model: field.string({ doc: "Speech-to-text model id.", min: 1 }) },
    { doc: "Speech-to-text settings (voice channels).", wire: "config.stt" },
  ),
  tts: field.object(
    {
      model: field.string({ doc: "Text-to-speech model id.", min: 1 }),
      voiceId: field.string({ doc: "Voice id of the text-to-speech model.", min: 1 }),
    },
    { doc: "Text-to-speech settings (voice channels).", wire: "config.tts" },
  ),
  knowledgeScope: field.enum(ASSUMPTIONS.knowledgeScopes, {
    doc: 'Which knowledge the assistant may use: `"all"` of the org\'s, or only `"selected"` content.',
    wire: "config.knowledge_scope",
  }),
  timezone: field.string({
    doc: 'IANA time zone the assistant reasons in, e.g. `"America/New_York"`.',
    wire: "config.timezone",
    rule: { test: isTimeZone, message: 'must be an IANA time zone such as "Europe/Paris"' },
  }),
  conversation: field.object(
    {
      threadMode: field.enum(ASSUMPTIONS.threadModes, {
        doc: 'Whether a returning user starts a `"new"` thread or `"continue"`s the last one.',
      }),
      welcomeBanner: field.string({ doc: "Banner shown above a new conversation." }),
      suggestedMessages: field.stringList({ doc: "Messages offered to the user as one-tap starters." }),
      autoIntroMessage: field.string({ doc: "Message the assistant sends first." }),
      enableMemories: field.boolean({ doc: "Remember facts about a contact across conversations." }),
      enableTransferToHumanTool: field.boolean({
        doc: "Let the assistant hand the conversation to a human.",
      }),
      enableEndConversationTool: field.boolean({ doc: "Let the assistant end the conversation." }),
      enableBlockContactTool: field.boolean({ doc: "Let the assistant block an abusive contact." }),
      enableAutoResolve: field.boolean({ doc: "Mark conversations resolved automatically." }),
      enableAutoFollowUps: field.boolean({ doc: "Send follow-ups when the user goes quiet." }),
      enableAutoCsat: field.boolean({ doc: "Ask for a satisfaction rating at the end." }),
      enablePrivateChats: field.boolean({ doc: "Keep conversations private to the contact." }),
      enableUpdateContactTool: field.boolean({ doc: "Let the assistant update the contact's details." }),
    },
    { doc: "Conversation behaviour.", wire: "config.conversation" },
  ),
  avatarId: field.string({
    doc: "Id of an uploaded image to use as avatar (write-only: the API returns `avatarUrl`).",
    writeOnly: true,
    min: 1,
  }),
  generateSecretKey: field.boolean({
    doc:
      "Mint a secret key that signs end-user widget sessions (output `secretKey`). Setting it to true later mints " +
      "one through a rotation; setting it back to false cannot remove a key.",
    createOnly: true,
    writeOnly: true,
  }),
  boards: field.list(
    {
      boardId: field.string({ doc: "Id of the board.", required: true, min: 1 }),
      initialSegmentId: field.string({
        doc: "Id of the segment (a column of the board) the assistant's new contacts start in; null for none.",
        nullable: true,
        min: 1,
        // Sent as `initial_segment_id`; answered inside `initial_segment` [E] (assistantBoardSegmentIn).
        readFrom: () => ASSUMPTIONS.assistantBoardSegmentIn,
      }),
    },
    "{ boardId: string; initialSegmentId?: string | null }",
    {
      doc:
        "The boards the assistant places its contacts on, each `{ boardId, initialSegmentId }`. The list replaces " +
        "the assistant's boards whole (order does not matter; `[]` removes them all). The API takes boards on " +
        "update only: a create that declares them is one POST, then one PATCH.",
      key: "boardId",
      updateOnly: true,
      argTsType: "{ boardId: Input<string>; initialSegmentId?: Input<string | null> }[]",
    },
  ),
  secretKeyRotation: field.stringOrNumber({
    doc:
      "Any string or number; changing it rotates the secret key (e.g. a date, or a counter). Needs " +
      "`generateSecretKey: true`.",
    local: true,
  }),
  secretKey: field.serverString("secret_key", {
    doc: "The widget secret key (secret), or null when none was generated.",
    secret: true,
  }),
  avatarUrl: field.serverString("avatar_url", { doc: "URL of the avatar image." }),
  ...field.timestamps(),
};

/** The Assistant's one description: fields, wire mapping, rules, and the secret-key rotation step. */
export const assistantSpec: ResourceSpec<typeof fields> = {
  type: "Assistant",
  doc:
    "An Invent AI support assistant. Create is one POST (the API allows 10 per hour per org, so avoid changes " +
    "that replace it); an update is one PATCH carrying only what changed.",
  path: "/assistants",
  fields,
  check: (v) =>
    v.secretKeyRotation !== undefined && v.generateSecretKey !== true
      ? [
          {
            property: "secretKeyRotation",
            reason: "secretKeyRotation: rotates the widget secret key; set generateSecretKey: true as well.",
          },
        ]
      : [],
  naturalKey: ["name"],
  // A getter: an `invent:assumptions` override applied after load counts.
  get createsPerHour() {
    return ASSUMPTIONS.assistantCreatesPerHour;
  },
  async afterWrite({ created, changed, news, olds, live, action }) {
    if (created) return live;
    const rotate =
      changed.includes("secretKeyRotation") ||
      (changed.includes("generateSecretKey") && news.generateSecretKey === true && !olds?.secretKey);
    return rotate ? action("POST", "rotate-secret-key") : live;
  },
};

/**
 * An Invent AI support assistant: name, instructions, model, voice, conversation behaviour, knowledge scope.
 *
 * Fields you do not set are owned by the server and never show as changes. `secretKey` is a secret output.
 *
 * @example
 * const support = new invent.Assistant("support", { name: "Support", instructions: "Answer shipping questions." });
 */
export class Assistant extends resourceClass<AssistantArgs, AssistantOutputs, AssistantGetArgs>(
  assistantSpec,
) {}
