// Generated from the resource descriptions by `npm run docs`. Do not edit: change the description.
import type { Input, Output, Unwrap } from "@pulumi/pulumi";

/**
 * Arguments of {@link Assistant}. An Invent AI support assistant. Create is one POST (the API allows 10 per hour per org, so avoid changes that replace it); an update is one PATCH carrying only what changed.
 */
export interface AssistantArgs {
  /**
   * Org that owns the object: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`.
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing.
   */
  adoptId?: Input<string>;
  /**
   * Display name of the assistant, 1 to 1024 characters.
   */
  name: Input<string>;
  /**
   * Whether the assistant answers conversations. Server default: true.
   */
  enabled?: Input<boolean>;
  /**
   * The system prompt: how the assistant behaves and what it knows.
   */
  instructions?: Input<string>;
  /**
   * Reply language: `"auto"` (follow the user) or a language code such as `"en"`.
   */
  language?: Input<string>;
  /**
   * Id of the language model that writes replies.
   */
  model?: Input<string>;
  /**
   * Speech-to-text settings (voice channels).
   */
  stt?: Input<AssistantSttArgs>;
  /**
   * Text-to-speech settings (voice channels).
   */
  tts?: Input<AssistantTtsArgs>;
  /**
   * Which knowledge the assistant may use: `"all"` of the org's, or only `"selected"` content.
   */
  knowledgeScope?: Input<"all" | "selected">;
  /**
   * IANA time zone the assistant reasons in, e.g. `"America/New_York"`.
   */
  timezone?: Input<string>;
  /**
   * Conversation behaviour.
   */
  conversation?: Input<AssistantConversationArgs>;
  /**
   * Id of an uploaded image to use as avatar (write-only: the API returns `avatarUrl`).
   *
   * Write-only: the API does not return it.
   */
  avatarId?: Input<string>;
  /**
   * Mint a secret key that signs end-user widget sessions (output `secretKey`). Setting it to true later mints one through a rotation; setting it back to false cannot remove a key.
   *
   * Write-only: the API does not return it.
   */
  generateSecretKey?: Input<boolean>;
  /**
   * The boards the assistant places its contacts on, each `{ boardId, initialSegmentId }`. The list replaces the assistant's boards whole (order does not matter; `[]` removes them all). The API takes boards on update only: a create that declares them is one POST, then one PATCH.
   */
  boards?: Input<{ boardId: Input<string>; initialSegmentId?: Input<string | null> }[]>;
  /**
   * Any string or number; changing it rotates the secret key (e.g. a date, or a counter). Needs `generateSecretKey: true`.
   */
  secretKeyRotation?: Input<string | number>;
}

/**
 * Speech-to-text settings (voice channels).
 */
export interface AssistantSttArgs {
  /**
   * Speech-to-text model id.
   */
  model?: Input<string>;
}

/**
 * Text-to-speech settings (voice channels).
 */
export interface AssistantTtsArgs {
  /**
   * Text-to-speech model id.
   */
  model?: Input<string>;
  /**
   * Voice id of the text-to-speech model.
   */
  voiceId?: Input<string>;
}

/**
 * Conversation behaviour.
 */
export interface AssistantConversationArgs {
  /**
   * Whether a returning user starts a `"new"` thread or `"continue"`s the last one.
   */
  threadMode?: Input<"new" | "continue">;
  /**
   * Banner shown above a new conversation.
   */
  welcomeBanner?: Input<string>;
  /**
   * Messages offered to the user as one-tap starters.
   */
  suggestedMessages?: Input<Input<string>[]>;
  /**
   * Message the assistant sends first.
   */
  autoIntroMessage?: Input<string>;
  /**
   * Remember facts about a contact across conversations.
   */
  enableMemories?: Input<boolean>;
  /**
   * Let the assistant hand the conversation to a human.
   */
  enableTransferToHumanTool?: Input<boolean>;
  /**
   * Let the assistant end the conversation.
   */
  enableEndConversationTool?: Input<boolean>;
  /**
   * Let the assistant block an abusive contact.
   */
  enableBlockContactTool?: Input<boolean>;
  /**
   * Mark conversations resolved automatically.
   */
  enableAutoResolve?: Input<boolean>;
  /**
   * Send follow-ups when the user goes quiet.
   */
  enableAutoFollowUps?: Input<boolean>;
  /**
   * Ask for a satisfaction rating at the end.
   */
  enableAutoCsat?: Input<boolean>;
  /**
   * Keep conversations private to the contact.
   */
  enablePrivateChats?: Input<boolean>;
  /**
   * Let the assistant update the contact's details.
   */
  enableUpdateContactTool?: Input<boolean>;
}

/** Output properties of {@link Assistant}. */
export interface AssistantOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing. Holds the value the API has now, and only when the argument is set.
   */
  readonly adoptId: Output<string | undefined>;
  /**
   * Display name of the assistant, 1 to 1024 characters. Holds the value the API has now, and only when the argument is set.
   */
  readonly name: Output<string>;
  /**
   * Whether the assistant answers conversations. Server default: true. Holds the value the API has now, and only when the argument is set.
   */
  readonly enabled: Output<boolean | undefined>;
  /**
   * The system prompt: how the assistant behaves and what it knows. Holds the value the API has now, and only when the argument is set.
   */
  readonly instructions: Output<string | undefined>;
  /**
   * Reply language: `"auto"` (follow the user) or a language code such as `"en"`. Holds the value the API has now, and only when the argument is set.
   */
  readonly language: Output<string | undefined>;
  /**
   * Id of the language model that writes replies. Holds the value the API has now, and only when the argument is set.
   */
  readonly model: Output<string | undefined>;
  /**
   * Speech-to-text settings (voice channels). Holds the value the API has now, and only when the argument is set.
   */
  readonly stt: Output<Unwrap<AssistantSttArgs> | undefined>;
  /**
   * Text-to-speech settings (voice channels). Holds the value the API has now, and only when the argument is set.
   */
  readonly tts: Output<Unwrap<AssistantTtsArgs> | undefined>;
  /**
   * Which knowledge the assistant may use: `"all"` of the org's, or only `"selected"` content. Holds the value the API has now, and only when the argument is set.
   */
  readonly knowledgeScope: Output<"all" | "selected" | undefined>;
  /**
   * IANA time zone the assistant reasons in, e.g. `"America/New_York"`. Holds the value the API has now, and only when the argument is set.
   */
  readonly timezone: Output<string | undefined>;
  /**
   * Conversation behaviour. Holds the value the API has now, and only when the argument is set.
   */
  readonly conversation: Output<Unwrap<AssistantConversationArgs> | undefined>;
  /**
   * Id of an uploaded image to use as avatar (write-only: the API returns `avatarUrl`). Holds the value the API has now, and only when the argument is set.
   */
  readonly avatarId: Output<string | undefined>;
  /**
   * Mint a secret key that signs end-user widget sessions (output `secretKey`). Setting it to true later mints one through a rotation; setting it back to false cannot remove a key. Holds the value the API has now, and only when the argument is set.
   */
  readonly generateSecretKey: Output<boolean | undefined>;
  /**
   * The boards the assistant places its contacts on, each `{ boardId, initialSegmentId }`. The list replaces the assistant's boards whole (order does not matter; `[]` removes them all). The API takes boards on update only: a create that declares them is one POST, then one PATCH. Holds the value the API has now, and only when the argument is set.
   */
  readonly boards: Output<{ boardId: string; initialSegmentId?: string | null }[] | undefined>;
  /**
   * Any string or number; changing it rotates the secret key (e.g. a date, or a counter). Needs `generateSecretKey: true`. Holds the value the API has now, and only when the argument is set.
   */
  readonly secretKeyRotation: Output<string | number | undefined>;
  /**
   * The widget secret key (secret), or null when none was generated.
   *
   * Secret.
   */
  readonly secretKey: Output<string | null>;
  /**
   * URL of the avatar image.
   */
  readonly avatarUrl: Output<string | null>;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: Output<string>;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: Output<string>;
}

/**
 * Where the Assistant read by {@link Assistant.get} is.
 */
export interface AssistantGetArgs {
  /**
   * Org the object lives in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`; a child given `parent.id` takes the parent's org.
   */
  orgId?: Input<string>;
}

/**
 * Assistant as a lookup returns it: the same names as the resource's outputs, every field the API returns.
 */
export interface AssistantResult {
  /**
   * Id of the object in Invent.
   */
  readonly id: string;
  /**
   * Org the object lives in, as the lookup addressed it (`c` for the key's own org).
   */
  readonly orgId: string;
  /**
   * Display name of the assistant, 1 to 1024 characters.
   */
  readonly name: string;
  /**
   * Whether the assistant answers conversations. Server default: true.
   */
  readonly enabled: boolean | null;
  /**
   * The system prompt: how the assistant behaves and what it knows.
   */
  readonly instructions: string | null;
  /**
   * Reply language: `"auto"` (follow the user) or a language code such as `"en"`.
   */
  readonly language: string | null;
  /**
   * Id of the language model that writes replies.
   */
  readonly model: string | null;
  /**
   * Speech-to-text settings (voice channels).
   */
  readonly stt: Unwrap<AssistantSttArgs> | null;
  /**
   * Text-to-speech settings (voice channels).
   */
  readonly tts: Unwrap<AssistantTtsArgs> | null;
  /**
   * Which knowledge the assistant may use: `"all"` of the org's, or only `"selected"` content.
   */
  readonly knowledgeScope: "all" | "selected" | null;
  /**
   * IANA time zone the assistant reasons in, e.g. `"America/New_York"`.
   */
  readonly timezone: string | null;
  /**
   * Conversation behaviour.
   */
  readonly conversation: Unwrap<AssistantConversationArgs> | null;
  /**
   * The boards the assistant places its contacts on, each `{ boardId, initialSegmentId }`. The list replaces the assistant's boards whole (order does not matter; `[]` removes them all). The API takes boards on update only: a create that declares them is one POST, then one PATCH.
   */
  readonly boards: { boardId: string; initialSegmentId?: string | null }[] | null;
  /**
   * The widget secret key (secret), or null when none was generated.
   *
   * Secret: sensitive.
   */
  readonly secretKey: string | null;
  /**
   * URL of the avatar image.
   */
  readonly avatarUrl: string | null;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: string;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: string;
}

/**
 * Arguments of {@link getAssistant}: the object by `id` or by `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetAssistantArgs {
  /**
   * Id of the object in Invent. Not together with name.
   */
  id?: string;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * The object's `name` (compared exactly): Display name of the assistant, 1 to 1024 characters.
   */
  name?: string;
}

/**
 * Arguments of {@link listAssistants}: every filter given must match.
 */
export interface ListAssistantsArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * Only objects with this `name` (compared exactly): Display name of the assistant, 1 to 1024 characters.
   */
  name?: string;
}

/**
 * Arguments of {@link getAssistantOutput}: the object by `id` or by `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetAssistantOutputArgs {
  /**
   * Id of the object in Invent. Not together with name.
   */
  id?: Input<string>;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * The object's `name` (compared exactly): Display name of the assistant, 1 to 1024 characters.
   */
  name?: Input<string>;
}

/**
 * Arguments of {@link listAssistantsOutput}: every filter given must match.
 */
export interface ListAssistantsOutputArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * Only objects with this `name` (compared exactly): Display name of the assistant, 1 to 1024 characters.
   */
  name?: Input<string>;
}

/**
 * Arguments of {@link Connection}. An org-wide link to an outside service that actions and channels use. Only credential-paste types can be created from code; browser sign-in types (Google, Meta, …) are connected in the dashboard. Deleting a connection breaks every action and channel that uses it.
 */
export interface ConnectionArgs {
  /**
   * Org that owns the object: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`.
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing.
   */
  adoptId?: Input<string>;
  /**
   * Service connected, e.g. `STRIPE`, `TELEGRAM`, `MCP`.
   *
   * Changing it replaces the object.
   */
  type: Input<
    | "SCHEDULER"
    | "WORKFLOWS"
    | "TOOLS"
    | "FILES"
    | "PHONE"
    | "GMAIL"
    | "GOOGLE_SHEETS"
    | "GOOGLE_CALENDAR"
    | "AIRTABLE"
    | "NOTION"
    | "LINEAR"
    | "HUBSPOT"
    | "GOHIGHLEVEL"
    | "CAL"
    | "CALENDLY"
    | "RESEND"
    | "OAUTH"
    | "SLACK"
    | "TELEGRAM"
    | "TRELLO"
    | "FACEBOOK"
    | "WHATSAPP"
    | "INSTAGRAM"
    | "MESSENGER"
    | "JAPIFON"
    | "TWILIO"
    | "ZOHO"
    | "SALESFORCE"
    | "STRIPE"
    | "SHOPIFY"
    | "ZENDESK"
    | "MCP"
  >;
  /**
   * Label shown in the dashboard.
   */
  name?: Input<string>;
  /**
   * Settings and credentials for the service, e.g. `{ apiKey }`. Keys in camelCase are sent in snake_case (`apiKey` as `api_key`), any other key as written; each comes back as you wrote it. Secret: kept encrypted in state. The API returns credentials masked, so changes are judged against what you declared last time; a credential changed in the dashboard shows as drift.
   *
   * Secret: stored encrypted. Write-only: the API does not return it.
   */
  config: Input<Record<string, unknown>>;
}

/** Output properties of {@link Connection}. */
export interface ConnectionOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing. Holds the value the API has now, and only when the argument is set.
   */
  readonly adoptId: Output<string | undefined>;
  /**
   * Service connected, e.g. `STRIPE`, `TELEGRAM`, `MCP`. Holds the value the API has now, and only when the argument is set.
   */
  readonly type: Output<
    | "SCHEDULER"
    | "WORKFLOWS"
    | "TOOLS"
    | "FILES"
    | "PHONE"
    | "GMAIL"
    | "GOOGLE_SHEETS"
    | "GOOGLE_CALENDAR"
    | "AIRTABLE"
    | "NOTION"
    | "LINEAR"
    | "HUBSPOT"
    | "GOHIGHLEVEL"
    | "CAL"
    | "CALENDLY"
    | "RESEND"
    | "OAUTH"
    | "SLACK"
    | "TELEGRAM"
    | "TRELLO"
    | "FACEBOOK"
    | "WHATSAPP"
    | "INSTAGRAM"
    | "MESSENGER"
    | "JAPIFON"
    | "TWILIO"
    | "ZOHO"
    | "SALESFORCE"
    | "STRIPE"
    | "SHOPIFY"
    | "ZENDESK"
    | "MCP"
  >;
  /**
   * Label shown in the dashboard. Holds the value the API has now, and only when the argument is set.
   */
  readonly name: Output<string | undefined>;
  /**
   * Settings and credentials for the service, e.g. `{ apiKey }`. Keys in camelCase are sent in snake_case (`apiKey` as `api_key`), any other key as written; each comes back as you wrote it. Secret: kept encrypted in state. The API returns credentials masked, so changes are judged against what you declared last time; a credential changed in the dashboard shows as drift. Holds the value the API has now, and only when the argument is set.
   *
   * Secret.
   */
  readonly config: Output<Record<string, unknown>>;
  /**
   * `ACTIVE` or `INACTIVE`.
   */
  readonly status: Output<string>;
  /**
   * Why the connection is failing, if it is.
   */
  readonly statusError: Output<string | null>;
  /**
   * Account name at the service.
   */
  readonly externalName: Output<string | null>;
  /**
   * Account id at the service.
   */
  readonly externalId: Output<string | null>;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: Output<string>;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: Output<string>;
}

/**
 * Where the Connection read by {@link Connection.get} is.
 */
export interface ConnectionGetArgs {
  /**
   * Org the object lives in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`; a child given `parent.id` takes the parent's org.
   */
  orgId?: Input<string>;
}

/**
 * Connection as a lookup returns it: the same names as the resource's outputs, every field the API returns.
 */
export interface ConnectionResult {
  /**
   * Id of the object in Invent.
   */
  readonly id: string;
  /**
   * Org the object lives in, as the lookup addressed it (`c` for the key's own org).
   */
  readonly orgId: string;
  /**
   * Service connected, e.g. `STRIPE`, `TELEGRAM`, `MCP`.
   */
  readonly type:
    | "SCHEDULER"
    | "WORKFLOWS"
    | "TOOLS"
    | "FILES"
    | "PHONE"
    | "GMAIL"
    | "GOOGLE_SHEETS"
    | "GOOGLE_CALENDAR"
    | "AIRTABLE"
    | "NOTION"
    | "LINEAR"
    | "HUBSPOT"
    | "GOHIGHLEVEL"
    | "CAL"
    | "CALENDLY"
    | "RESEND"
    | "OAUTH"
    | "SLACK"
    | "TELEGRAM"
    | "TRELLO"
    | "FACEBOOK"
    | "WHATSAPP"
    | "INSTAGRAM"
    | "MESSENGER"
    | "JAPIFON"
    | "TWILIO"
    | "ZOHO"
    | "SALESFORCE"
    | "STRIPE"
    | "SHOPIFY"
    | "ZENDESK"
    | "MCP";
  /**
   * Label shown in the dashboard.
   */
  readonly name: string | null;
  /**
   * Settings and credentials for the service, e.g. `{ apiKey }`. Keys in camelCase are sent in snake_case (`apiKey` as `api_key`), any other key as written; each comes back as you wrote it. Secret: kept encrypted in state. The API returns credentials masked, so changes are judged against what you declared last time; a credential changed in the dashboard shows as drift.
   *
   * Secret: sensitive (credentials come masked).
   */
  readonly config: Record<string, unknown>;
  /**
   * `ACTIVE` or `INACTIVE`.
   */
  readonly status: string;
  /**
   * Why the connection is failing, if it is.
   */
  readonly statusError: string | null;
  /**
   * Account name at the service.
   */
  readonly externalName: string | null;
  /**
   * Account id at the service.
   */
  readonly externalId: string | null;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: string;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: string;
}

/**
 * Arguments of {@link getConnection}: the object by `id` or by `type` and `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetConnectionArgs {
  /**
   * Id of the object in Invent. Not together with type/name.
   */
  id?: string;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * The object's `type` (compared exactly): Service connected, e.g. `STRIPE`, `TELEGRAM`, `MCP`.
   */
  type?:
    | "SCHEDULER"
    | "WORKFLOWS"
    | "TOOLS"
    | "FILES"
    | "PHONE"
    | "GMAIL"
    | "GOOGLE_SHEETS"
    | "GOOGLE_CALENDAR"
    | "AIRTABLE"
    | "NOTION"
    | "LINEAR"
    | "HUBSPOT"
    | "GOHIGHLEVEL"
    | "CAL"
    | "CALENDLY"
    | "RESEND"
    | "OAUTH"
    | "SLACK"
    | "TELEGRAM"
    | "TRELLO"
    | "FACEBOOK"
    | "WHATSAPP"
    | "INSTAGRAM"
    | "MESSENGER"
    | "JAPIFON"
    | "TWILIO"
    | "ZOHO"
    | "SALESFORCE"
    | "STRIPE"
    | "SHOPIFY"
    | "ZENDESK"
    | "MCP";
  /**
   * The object's `name` (compared exactly): Label shown in the dashboard.
   */
  name?: string;
}

/**
 * Arguments of {@link listConnections}: every filter given must match.
 */
export interface ListConnectionsArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * Only objects with this `type` (compared exactly): Service connected, e.g. `STRIPE`, `TELEGRAM`, `MCP`.
   */
  type?:
    | "SCHEDULER"
    | "WORKFLOWS"
    | "TOOLS"
    | "FILES"
    | "PHONE"
    | "GMAIL"
    | "GOOGLE_SHEETS"
    | "GOOGLE_CALENDAR"
    | "AIRTABLE"
    | "NOTION"
    | "LINEAR"
    | "HUBSPOT"
    | "GOHIGHLEVEL"
    | "CAL"
    | "CALENDLY"
    | "RESEND"
    | "OAUTH"
    | "SLACK"
    | "TELEGRAM"
    | "TRELLO"
    | "FACEBOOK"
    | "WHATSAPP"
    | "INSTAGRAM"
    | "MESSENGER"
    | "JAPIFON"
    | "TWILIO"
    | "ZOHO"
    | "SALESFORCE"
    | "STRIPE"
    | "SHOPIFY"
    | "ZENDESK"
    | "MCP";
  /**
   * Only objects with this `name` (compared exactly): Label shown in the dashboard.
   */
  name?: string;
  /**
   * Only connections in this state: `ACTIVE` or `INACTIVE`.
   */
  status?: "ACTIVE" | "INACTIVE";
}

/**
 * Arguments of {@link getConnectionOutput}: the object by `id` or by `type` and `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetConnectionOutputArgs {
  /**
   * Id of the object in Invent. Not together with type/name.
   */
  id?: Input<string>;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * The object's `type` (compared exactly): Service connected, e.g. `STRIPE`, `TELEGRAM`, `MCP`.
   */
  type?: Input<
    | "SCHEDULER"
    | "WORKFLOWS"
    | "TOOLS"
    | "FILES"
    | "PHONE"
    | "GMAIL"
    | "GOOGLE_SHEETS"
    | "GOOGLE_CALENDAR"
    | "AIRTABLE"
    | "NOTION"
    | "LINEAR"
    | "HUBSPOT"
    | "GOHIGHLEVEL"
    | "CAL"
    | "CALENDLY"
    | "RESEND"
    | "OAUTH"
    | "SLACK"
    | "TELEGRAM"
    | "TRELLO"
    | "FACEBOOK"
    | "WHATSAPP"
    | "INSTAGRAM"
    | "MESSENGER"
    | "JAPIFON"
    | "TWILIO"
    | "ZOHO"
    | "SALESFORCE"
    | "STRIPE"
    | "SHOPIFY"
    | "ZENDESK"
    | "MCP"
  >;
  /**
   * The object's `name` (compared exactly): Label shown in the dashboard.
   */
  name?: Input<string>;
}

/**
 * Arguments of {@link listConnectionsOutput}: every filter given must match.
 */
export interface ListConnectionsOutputArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * Only objects with this `type` (compared exactly): Service connected, e.g. `STRIPE`, `TELEGRAM`, `MCP`.
   */
  type?: Input<
    | "SCHEDULER"
    | "WORKFLOWS"
    | "TOOLS"
    | "FILES"
    | "PHONE"
    | "GMAIL"
    | "GOOGLE_SHEETS"
    | "GOOGLE_CALENDAR"
    | "AIRTABLE"
    | "NOTION"
    | "LINEAR"
    | "HUBSPOT"
    | "GOHIGHLEVEL"
    | "CAL"
    | "CALENDLY"
    | "RESEND"
    | "OAUTH"
    | "SLACK"
    | "TELEGRAM"
    | "TRELLO"
    | "FACEBOOK"
    | "WHATSAPP"
    | "INSTAGRAM"
    | "MESSENGER"
    | "JAPIFON"
    | "TWILIO"
    | "ZOHO"
    | "SALESFORCE"
    | "STRIPE"
    | "SHOPIFY"
    | "ZENDESK"
    | "MCP"
  >;
  /**
   * Only objects with this `name` (compared exactly): Label shown in the dashboard.
   */
  name?: Input<string>;
  /**
   * Only connections in this state: `ACTIVE` or `INACTIVE`.
   */
  status?: Input<"ACTIVE" | "INACTIVE">;
}

/**
 * Arguments of {@link Action}. A tool the assistant may call (an HTTP request, a web search, …), attached to one assistant. Changing the tool replaces it; everything else is one PATCH. Declare the order of an assistant's actions with `ActionOrder`.
 */
export interface ActionArgs {
  /**
   * Org that owns the object: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`.
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing.
   */
  adoptId?: Input<string>;
  /**
   * Id of the assistant the action belongs to.
   *
   * Changing it replaces the object.
   */
  assistantId: Input<string>;
  /**
   * Catalog id of the tool, e.g. `TOOLS:HTTP_REQUEST`, `TOOLS:WEB_SEARCH`, `TOOLS:WEB_SCRAPING`.
   *
   * Changing it replaces the object.
   */
  tool: Input<string>;
  /**
   * Whether the assistant may call the action. Sent as true on create when left out.
   */
  enabled?: Input<boolean>;
  /**
   * Name the assistant sees, at most 64 characters.
   */
  name?: Input<string>;
  /**
   * When and how to use the action, at most 1024 characters.
   */
  instructions?: Input<string>;
  /**
   * Id of the connection the action uses (a `Connection`'s id); `null` detaches it.
   *
   * `null` clears it.
   */
  connectionId?: Input<string | null>;
  /**
   * The tool's configuration.
   */
  config?: Input<ActionConfigArgs>;
}

/**
 * The tool's configuration.
 */
export interface ActionConfigArgs {
  /**
   * The tool's input settings, shaped by the tool. Keys travel exactly as written, at every depth.
   */
  input?: Input<Record<string, unknown>>;
  /**
   * Definitions the tool reads, each `{ path, definition }`.
   */
  definitions?: Input<{ path: string; definition: Record<string, unknown> }[]>;
}

/** Output properties of {@link Action}. */
export interface ActionOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing. Holds the value the API has now, and only when the argument is set.
   */
  readonly adoptId: Output<string | undefined>;
  /**
   * Id of the assistant the action belongs to. Holds the value the API has now, and only when the argument is set.
   */
  readonly assistantId: Output<string>;
  /**
   * Catalog id of the tool, e.g. `TOOLS:HTTP_REQUEST`, `TOOLS:WEB_SEARCH`, `TOOLS:WEB_SCRAPING`. Holds the value the API has now, and only when the argument is set.
   */
  readonly tool: Output<string>;
  /**
   * Whether the assistant may call the action. Sent as true on create when left out. Holds the value the API has now, and only when the argument is set.
   */
  readonly enabled: Output<boolean | undefined>;
  /**
   * Name the assistant sees, at most 64 characters. Holds the value the API has now, and only when the argument is set.
   */
  readonly name: Output<string | undefined>;
  /**
   * When and how to use the action, at most 1024 characters. Holds the value the API has now, and only when the argument is set.
   */
  readonly instructions: Output<string | undefined>;
  /**
   * Id of the connection the action uses (a `Connection`'s id); `null` detaches it. Holds the value the API has now, and only when the argument is set.
   */
  readonly connectionId: Output<string | undefined>;
  /**
   * The tool's configuration. Holds the value the API has now, and only when the argument is set.
   */
  readonly config: Output<Unwrap<ActionConfigArgs> | undefined>;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: Output<string>;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: Output<string>;
}

/**
 * Where the Action read by {@link Action.get} is.
 */
export interface ActionGetArgs {
  /**
   * Org the object lives in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`; a child given `parent.id` takes the parent's org.
   */
  orgId?: Input<string>;
  /**
   * Id of the assistant the action belongs to. Required: the object's URL is under its parent's.
   */
  assistantId: Input<string>;
}

/**
 * Action as a lookup returns it: the same names as the resource's outputs, every field the API returns.
 */
export interface ActionResult {
  /**
   * Id of the object in Invent.
   */
  readonly id: string;
  /**
   * Org the object lives in, as the lookup addressed it (`c` for the key's own org).
   */
  readonly orgId: string;
  /**
   * Id of the assistant the action belongs to.
   */
  readonly assistantId: string;
  /**
   * Catalog id of the tool, e.g. `TOOLS:HTTP_REQUEST`, `TOOLS:WEB_SEARCH`, `TOOLS:WEB_SCRAPING`.
   */
  readonly tool: string;
  /**
   * Whether the assistant may call the action. Sent as true on create when left out.
   */
  readonly enabled: boolean | null;
  /**
   * Name the assistant sees, at most 64 characters.
   */
  readonly name: string | null;
  /**
   * When and how to use the action, at most 1024 characters.
   */
  readonly instructions: string | null;
  /**
   * Id of the connection the action uses (a `Connection`'s id); `null` detaches it.
   */
  readonly connectionId: string | null;
  /**
   * The tool's configuration.
   */
  readonly config: Unwrap<ActionConfigArgs> | null;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: string;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: string;
}

/**
 * Arguments of {@link getAction}: the object by `id` or by `tool` and `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetActionArgs {
  /**
   * Id of the object in Invent. Not together with tool/name.
   */
  id?: string;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * Id of the assistant the action belongs to. Required.
   */
  assistantId: string;
  /**
   * The object's `tool` (compared exactly): Catalog id of the tool, e.g. `TOOLS:HTTP_REQUEST`, `TOOLS:WEB_SEARCH`, `TOOLS:WEB_SCRAPING`.
   */
  tool?: string;
  /**
   * The object's `name` (compared exactly): Name the assistant sees, at most 64 characters.
   */
  name?: string;
}

/**
 * Arguments of {@link listActions}: every filter given must match.
 */
export interface ListActionsArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * Id of the assistant the action belongs to. Required.
   */
  assistantId: string;
  /**
   * Only objects with this `tool` (compared exactly): Catalog id of the tool, e.g. `TOOLS:HTTP_REQUEST`, `TOOLS:WEB_SEARCH`, `TOOLS:WEB_SCRAPING`.
   */
  tool?: string;
  /**
   * Only objects with this `name` (compared exactly): Name the assistant sees, at most 64 characters.
   */
  name?: string;
}

/**
 * Arguments of {@link getActionOutput}: the object by `id` or by `tool` and `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetActionOutputArgs {
  /**
   * Id of the object in Invent. Not together with tool/name.
   */
  id?: Input<string>;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * Id of the assistant the action belongs to. Required.
   */
  assistantId: Input<string>;
  /**
   * The object's `tool` (compared exactly): Catalog id of the tool, e.g. `TOOLS:HTTP_REQUEST`, `TOOLS:WEB_SEARCH`, `TOOLS:WEB_SCRAPING`.
   */
  tool?: Input<string>;
  /**
   * The object's `name` (compared exactly): Name the assistant sees, at most 64 characters.
   */
  name?: Input<string>;
}

/**
 * Arguments of {@link listActionsOutput}: every filter given must match.
 */
export interface ListActionsOutputArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * Id of the assistant the action belongs to. Required.
   */
  assistantId: Input<string>;
  /**
   * Only objects with this `tool` (compared exactly): Catalog id of the tool, e.g. `TOOLS:HTTP_REQUEST`, `TOOLS:WEB_SEARCH`, `TOOLS:WEB_SCRAPING`.
   */
  tool?: Input<string>;
  /**
   * Only objects with this `name` (compared exactly): Name the assistant sees, at most 64 characters.
   */
  name?: Input<string>;
}

/**
 * Arguments of {@link ActionOrder}. The order in which an assistant's actions are offered, declared once. Each change is one reorder call (25 actions per call); an order changed in the dashboard shows as drift and is put back.
 */
export interface ActionOrderArgs {
  /**
   * Org that owns the object: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`.
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of the assistant whose actions are ordered.
   *
   * Changing it replaces the object.
   */
  assistantId: Input<string>;
  /**
   * Ids of the assistant's actions, first first. Actions left out keep their place after these.
   */
  actionIds: Input<Input<string>[]>;
}

/** Output properties of {@link ActionOrder}. */
export interface ActionOrderOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of the assistant whose actions are ordered. Holds the value the API has now, and only when the argument is set.
   */
  readonly assistantId: Output<string>;
  /**
   * Ids of the assistant's actions, first first. Actions left out keep their place after these. Holds the value the API has now, and only when the argument is set.
   */
  readonly actionIds: Output<string[]>;
}

/**
 * Where the ActionOrder read by {@link ActionOrder.get} is: its arguments, which address it (it is not an object of its own).
 */
export type ActionOrderGetArgs = ActionOrderArgs;

/**
 * Arguments of {@link Channel}. A place where an assistant answers people: the web widget, a Telegram or WhatsApp bot, Slack, … Changing the type or the connection replaces it; `enabled` and `config` change with one PATCH.
 */
export interface ChannelArgs {
  /**
   * Org that owns the object: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`.
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing.
   */
  adoptId?: Input<string>;
  /**
   * Id of the assistant the channel serves.
   *
   * Changing it replaces the object.
   */
  assistantId: Input<string>;
  /**
   * Where the assistant answers: `internal` (the web widget), `custom`, `telegram_bot`, `whatsapp_bot`, `slack_bot`, …
   *
   * Changing it replaces the object.
   */
  type: Input<
    | "internal"
    | "custom"
    | "whatsapp_bot"
    | "messenger_bot"
    | "instagram_dm"
    | "twilio"
    | "telnyx"
    | "slack_bot"
    | "telegram_bot"
    | "gmail"
    | "google_calendar"
  >;
  /**
   * Id of the connection the channel talks through (a `Connection`'s id), e.g. a Telegram bot's.
   *
   * Changing it replaces the object.
   */
  connectionId?: Input<string>;
  /**
   * Whether the assistant answers on this channel. Server default: true.
   */
  enabled?: Input<boolean>;
  /**
   * The channel's settings, shaped by its type. Keys in camelCase are sent in snake_case, any other key as written; each comes back as you wrote it. Secret: kept encrypted in state, because it may hold credentials. The API returns credentials masked, so those are judged against what you declared last time; other keys changed in the dashboard show as drift.
   *
   * Secret: stored encrypted. Write-only: the API does not return it.
   */
  config?: Input<Record<string, unknown>>;
}

/** Output properties of {@link Channel}. */
export interface ChannelOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing. Holds the value the API has now, and only when the argument is set.
   */
  readonly adoptId: Output<string | undefined>;
  /**
   * Id of the assistant the channel serves. Holds the value the API has now, and only when the argument is set.
   */
  readonly assistantId: Output<string>;
  /**
   * Where the assistant answers: `internal` (the web widget), `custom`, `telegram_bot`, `whatsapp_bot`, `slack_bot`, … Holds the value the API has now, and only when the argument is set.
   */
  readonly type: Output<
    | "internal"
    | "custom"
    | "whatsapp_bot"
    | "messenger_bot"
    | "instagram_dm"
    | "twilio"
    | "telnyx"
    | "slack_bot"
    | "telegram_bot"
    | "gmail"
    | "google_calendar"
  >;
  /**
   * Id of the connection the channel talks through (a `Connection`'s id), e.g. a Telegram bot's. Holds the value the API has now, and only when the argument is set.
   */
  readonly connectionId: Output<string | undefined>;
  /**
   * Whether the assistant answers on this channel. Server default: true. Holds the value the API has now, and only when the argument is set.
   */
  readonly enabled: Output<boolean | undefined>;
  /**
   * The channel's settings, shaped by its type. Keys in camelCase are sent in snake_case, any other key as written; each comes back as you wrote it. Secret: kept encrypted in state, because it may hold credentials. The API returns credentials masked, so those are judged against what you declared last time; other keys changed in the dashboard show as drift. Holds the value the API has now, and only when the argument is set.
   *
   * Secret.
   */
  readonly config: Output<Record<string, unknown> | undefined>;
  /**
   * Why the channel is failing (e.g. its connection was deleted), or null.
   */
  readonly error: Output<string | null>;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: Output<string>;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: Output<string>;
}

/**
 * Where the Channel read by {@link Channel.get} is.
 */
export interface ChannelGetArgs {
  /**
   * Org the object lives in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`; a child given `parent.id` takes the parent's org.
   */
  orgId?: Input<string>;
  /**
   * Id of the assistant the channel serves. Required: the object's URL is under its parent's.
   */
  assistantId: Input<string>;
}

/**
 * Channel as a lookup returns it: the same names as the resource's outputs, every field the API returns.
 */
export interface ChannelResult {
  /**
   * Id of the object in Invent.
   */
  readonly id: string;
  /**
   * Org the object lives in, as the lookup addressed it (`c` for the key's own org).
   */
  readonly orgId: string;
  /**
   * Id of the assistant the channel serves.
   */
  readonly assistantId: string;
  /**
   * Where the assistant answers: `internal` (the web widget), `custom`, `telegram_bot`, `whatsapp_bot`, `slack_bot`, …
   */
  readonly type:
    | "internal"
    | "custom"
    | "whatsapp_bot"
    | "messenger_bot"
    | "instagram_dm"
    | "twilio"
    | "telnyx"
    | "slack_bot"
    | "telegram_bot"
    | "gmail"
    | "google_calendar";
  /**
   * Id of the connection the channel talks through (a `Connection`'s id), e.g. a Telegram bot's.
   */
  readonly connectionId: string | null;
  /**
   * Whether the assistant answers on this channel. Server default: true.
   */
  readonly enabled: boolean | null;
  /**
   * The channel's settings, shaped by its type. Keys in camelCase are sent in snake_case, any other key as written; each comes back as you wrote it. Secret: kept encrypted in state, because it may hold credentials. The API returns credentials masked, so those are judged against what you declared last time; other keys changed in the dashboard show as drift.
   *
   * Secret: sensitive (credentials come masked).
   */
  readonly config: Record<string, unknown> | null;
  /**
   * Why the channel is failing (e.g. its connection was deleted), or null.
   */
  readonly error: string | null;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: string;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: string;
}

/**
 * Arguments of {@link getChannel}: the object by `id` or by `type` and `connectionId` (any of them; all given must match, and exactly one object must).
 */
export interface GetChannelArgs {
  /**
   * Id of the object in Invent. Not together with type/connectionId.
   */
  id?: string;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * Id of the assistant the channel serves. Required.
   */
  assistantId: string;
  /**
   * The object's `type` (compared exactly): Where the assistant answers: `internal` (the web widget), `custom`, `telegram_bot`, `whatsapp_bot`, `slack_bot`, …
   */
  type?:
    | "internal"
    | "custom"
    | "whatsapp_bot"
    | "messenger_bot"
    | "instagram_dm"
    | "twilio"
    | "telnyx"
    | "slack_bot"
    | "telegram_bot"
    | "gmail"
    | "google_calendar";
  /**
   * The object's `connectionId` (compared exactly): Id of the connection the channel talks through (a `Connection`'s id), e.g. a Telegram bot's.
   */
  connectionId?: string;
}

/**
 * Arguments of {@link listChannels}: every filter given must match.
 */
export interface ListChannelsArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * Id of the assistant the channel serves. Required.
   */
  assistantId: string;
  /**
   * Only objects with this `type` (compared exactly): Where the assistant answers: `internal` (the web widget), `custom`, `telegram_bot`, `whatsapp_bot`, `slack_bot`, …
   */
  type?:
    | "internal"
    | "custom"
    | "whatsapp_bot"
    | "messenger_bot"
    | "instagram_dm"
    | "twilio"
    | "telnyx"
    | "slack_bot"
    | "telegram_bot"
    | "gmail"
    | "google_calendar";
  /**
   * Only objects with this `connectionId` (compared exactly): Id of the connection the channel talks through (a `Connection`'s id), e.g. a Telegram bot's.
   */
  connectionId?: string;
}

/**
 * Arguments of {@link getChannelOutput}: the object by `id` or by `type` and `connectionId` (any of them; all given must match, and exactly one object must).
 */
export interface GetChannelOutputArgs {
  /**
   * Id of the object in Invent. Not together with type/connectionId.
   */
  id?: Input<string>;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * Id of the assistant the channel serves. Required.
   */
  assistantId: Input<string>;
  /**
   * The object's `type` (compared exactly): Where the assistant answers: `internal` (the web widget), `custom`, `telegram_bot`, `whatsapp_bot`, `slack_bot`, …
   */
  type?: Input<
    | "internal"
    | "custom"
    | "whatsapp_bot"
    | "messenger_bot"
    | "instagram_dm"
    | "twilio"
    | "telnyx"
    | "slack_bot"
    | "telegram_bot"
    | "gmail"
    | "google_calendar"
  >;
  /**
   * The object's `connectionId` (compared exactly): Id of the connection the channel talks through (a `Connection`'s id), e.g. a Telegram bot's.
   */
  connectionId?: Input<string>;
}

/**
 * Arguments of {@link listChannelsOutput}: every filter given must match.
 */
export interface ListChannelsOutputArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * Id of the assistant the channel serves. Required.
   */
  assistantId: Input<string>;
  /**
   * Only objects with this `type` (compared exactly): Where the assistant answers: `internal` (the web widget), `custom`, `telegram_bot`, `whatsapp_bot`, `slack_bot`, …
   */
  type?: Input<
    | "internal"
    | "custom"
    | "whatsapp_bot"
    | "messenger_bot"
    | "instagram_dm"
    | "twilio"
    | "telnyx"
    | "slack_bot"
    | "telegram_bot"
    | "gmail"
    | "google_calendar"
  >;
  /**
   * Only objects with this `connectionId` (compared exactly): Id of the connection the channel talks through (a `Connection`'s id), e.g. a Telegram bot's.
   */
  connectionId?: Input<string>;
}

/**
 * Arguments of {@link KnowledgeContent}. A document the org's assistants learn from: text, a web page or an uploaded file. The API cannot change a content, so every change replaces it. Create is one POST, then GETs until processing is done (progress is reported); a content whose processing failed is recorded as such and replaced by the next `pulumi up`. Link it to an assistant whose `knowledgeScope` is `"selected"` with `KnowledgeLink`.
 */
export type KnowledgeContentArgs = KnowledgeContentCommonArgs & KnowledgeContentContentArgs;

/**
 * The arguments of {@link KnowledgeContent} besides the choice of `text`, `url` (with `crawl`) or `fileId`.
 */
export interface KnowledgeContentCommonArgs {
  /**
   * Org that owns the object: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`.
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing.
   */
  adoptId?: Input<string>;
  /**
   * Title of the content, 1 to 255 characters.
   *
   * Changing it replaces the object.
   */
  title: Input<string>;
  /**
   * How long a create waits for the content to be processed, in seconds. Default: 600. Past it, the content is recorded in state unfinished and the next `pulumi up` waits for it again.
   */
  processingTimeoutSeconds?: Input<number>;
}

/**
 * What the assistant learns from: plain text, a web page (or site), or an uploaded file.
 *
 * Set exactly one of `text`, `url` (with `crawl`) or `fileId`.
 */
export type KnowledgeContentContentArgs =
  KnowledgeContentTextArgs | KnowledgeContentUrlArgs | KnowledgeContentFileArgs;

/**
 * The content as `text` (sent with `content.type: "TEXT"`).
 */
export interface KnowledgeContentTextArgs {
  /**
   * The content as plain text, at most 2,097,152 characters. State keeps it once, as an input: the outputs hold its SHA-256 (`textSha256`) instead of a second copy, and a changed text is found by comparing digests.
   *
   * Changing it replaces the object.
   */
  text: Input<string>;
  url?: never;
  crawl?: never;
  fileId?: never;
}

/**
 * The content as `url` (sent with `content.type: "URL"`).
 */
export interface KnowledgeContentUrlArgs {
  /**
   * Address of a web page to learn from (`http://` or `https://`).
   *
   * Changing it replaces the object.
   */
  url: Input<string>;
  /**
   * Follow the page's links across the site (`true`, sent as `mode: "crawl"`) or read that page only (`false`, `mode: "single"`, the server's default).
   *
   * Changing it replaces the object.
   */
  crawl?: Input<boolean>;
  text?: never;
  fileId?: never;
}

/**
 * The content as `fileId` (sent with `content.type: "FILE"`).
 */
export interface KnowledgeContentFileArgs {
  /**
   * Id of a file uploaded to Invent.
   *
   * Changing it replaces the object.
   */
  fileId: Input<string>;
  text?: never;
  url?: never;
  crawl?: never;
}

/** Output properties of {@link KnowledgeContent}. */
export interface KnowledgeContentOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of an existing object to take over instead of creating one: create reads it (in `orgId`), sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. From then on it is managed like any other: `pulumi destroy` deletes it (set `retainOnDelete: true` to keep it). Only read at create: changing or removing it later does nothing. Holds the value the API has now, and only when the argument is set.
   */
  readonly adoptId: Output<string | undefined>;
  /**
   * Title of the content, 1 to 255 characters. Holds the value the API has now, and only when the argument is set.
   */
  readonly title: Output<string>;
  /**
   * SHA-256 (hex) of `text` as the API holds it, kept in state instead of a second copy; only when `text` is set.
   */
  readonly textSha256: Output<string | undefined>;
  /**
   * Address of a web page to learn from (`http://` or `https://`). Holds the value the API has now, and only when the argument is set.
   */
  readonly url: Output<string | undefined>;
  /**
   * Follow the page's links across the site (`true`, sent as `mode: "crawl"`) or read that page only (`false`, `mode: "single"`, the server's default). Holds the value the API has now, and only when the argument is set.
   */
  readonly crawl: Output<boolean | undefined>;
  /**
   * Id of a file uploaded to Invent. Holds the value the API has now, and only when the argument is set.
   */
  readonly fileId: Output<string | undefined>;
  /**
   * How long a create waits for the content to be processed, in seconds. Default: 600. Past it, the content is recorded in state unfinished and the next `pulumi up` waits for it again. Holds the value the API has now, and only when the argument is set.
   */
  readonly processingTimeoutSeconds: Output<number | undefined>;
  /**
   * `PROCESSED` once the content is ready (`FAILED` with `error` when processing failed).
   */
  readonly status: Output<string>;
  /**
   * Size of the content in bytes.
   */
  readonly size: Output<number>;
  /**
   * Number of chunks the content was split into for retrieval.
   */
  readonly chunksCount: Output<number>;
  /**
   * Why processing failed, or null.
   */
  readonly error: Output<string | null>;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: Output<string>;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: Output<string>;
}

/**
 * Where the KnowledgeContent read by {@link KnowledgeContent.get} is.
 */
export interface KnowledgeContentGetArgs {
  /**
   * Org the object lives in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`; a child given `parent.id` takes the parent's org.
   */
  orgId?: Input<string>;
}

/**
 * KnowledgeContent as a lookup returns it: the same names as the resource's outputs, every field the API returns.
 */
export interface KnowledgeContentResult {
  /**
   * Id of the object in Invent.
   */
  readonly id: string;
  /**
   * Org the object lives in, as the lookup addressed it (`c` for the key's own org).
   */
  readonly orgId: string;
  /**
   * Title of the content, 1 to 255 characters.
   */
  readonly title: string;
  /**
   * The content as plain text, at most 2,097,152 characters. State keeps it once, as an input: the outputs hold its SHA-256 (`textSha256`) instead of a second copy, and a changed text is found by comparing digests.
   *
   * Present when the object is of this content type.
   */
  readonly text?: string | null;
  /**
   * SHA-256 (hex) of `text`, as a resource's output holds it.
   */
  readonly textSha256?: string | null;
  /**
   * Address of a web page to learn from (`http://` or `https://`).
   *
   * Present when the object is of this content type.
   */
  readonly url?: string | null;
  /**
   * Follow the page's links across the site (`true`, sent as `mode: "crawl"`) or read that page only (`false`, `mode: "single"`, the server's default).
   *
   * Present when the object is of this content type.
   */
  readonly crawl?: boolean | null;
  /**
   * Id of a file uploaded to Invent.
   *
   * Present when the object is of this content type.
   */
  readonly fileId?: string | null;
  /**
   * `PROCESSED` once the content is ready (`FAILED` with `error` when processing failed).
   */
  readonly status: string;
  /**
   * Size of the content in bytes.
   */
  readonly size: number;
  /**
   * Number of chunks the content was split into for retrieval.
   */
  readonly chunksCount: number;
  /**
   * Why processing failed, or null.
   */
  readonly error: string | null;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: string;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: string;
}

/**
 * Arguments of {@link getKnowledgeContent}: the object by `id` or by `title` (any of them; all given must match, and exactly one object must).
 */
export interface GetKnowledgeContentArgs {
  /**
   * Id of the object in Invent. Not together with title.
   */
  id?: string;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * The object's `title` (compared exactly): Title of the content, 1 to 255 characters.
   */
  title?: string;
}

/**
 * Arguments of {@link listKnowledgeContents}: every filter given must match.
 */
export interface ListKnowledgeContentsArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * Only objects with this `title` (compared exactly): Title of the content, 1 to 255 characters.
   */
  title?: string;
  /**
   * Only contents whose title contains this text (case-insensitive).
   */
  search?: string;
  /**
   * Only contents of this type: `TEXT`, `URL` or `FILE`.
   */
  type?: "TEXT" | "URL" | "FILE";
  /**
   * Only contents in this processing state: `PENDING`, `PROCESSING`, `PROCESSED` or `FAILED`.
   */
  status?: "PENDING" | "PROCESSING" | "PROCESSED" | "FAILED";
}

/**
 * Arguments of {@link getKnowledgeContentOutput}: the object by `id` or by `title` (any of them; all given must match, and exactly one object must).
 */
export interface GetKnowledgeContentOutputArgs {
  /**
   * Id of the object in Invent. Not together with title.
   */
  id?: Input<string>;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * The object's `title` (compared exactly): Title of the content, 1 to 255 characters.
   */
  title?: Input<string>;
}

/**
 * Arguments of {@link listKnowledgeContentsOutput}: every filter given must match.
 */
export interface ListKnowledgeContentsOutputArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * Only objects with this `title` (compared exactly): Title of the content, 1 to 255 characters.
   */
  title?: Input<string>;
  /**
   * Only contents whose title contains this text (case-insensitive).
   */
  search?: Input<string>;
  /**
   * Only contents of this type: `TEXT`, `URL` or `FILE`.
   */
  type?: Input<"TEXT" | "URL" | "FILE">;
  /**
   * Only contents in this processing state: `PENDING`, `PROCESSING`, `PROCESSED` or `FAILED`.
   */
  status?: Input<"PENDING" | "PROCESSING" | "PROCESSED" | "FAILED">;
}

/**
 * Arguments of {@link KnowledgeLink}. Lets an assistant whose `knowledgeScope` is `"selected"` use one knowledge content. Create is one link call, delete one unlink call; a link removed in the dashboard shows as gone at refresh and is made again by the next `pulumi up`. Deleting the content or the assistant removes its links.
 */
export interface KnowledgeLinkArgs {
  /**
   * Org that owns the object: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`.
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of the assistant that may use the content.
   *
   * Changing it replaces the object.
   */
  assistantId: Input<string>;
  /**
   * Id of the knowledge content (a `KnowledgeContent`'s id); it is part of the link's URL.
   *
   * Changing it replaces the object.
   */
  contentId: Input<string>;
}

/** Output properties of {@link KnowledgeLink}. */
export interface KnowledgeLinkOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of the assistant that may use the content. Holds the value the API has now, and only when the argument is set.
   */
  readonly assistantId: Output<string>;
  /**
   * Id of the knowledge content (a `KnowledgeContent`'s id); it is part of the link's URL. Holds the value the API has now, and only when the argument is set.
   */
  readonly contentId: Output<string>;
}

/**
 * Where the KnowledgeLink read by {@link KnowledgeLink.get} is: its arguments, which address it (it is not an object of its own).
 */
export type KnowledgeLinkGetArgs = KnowledgeLinkArgs;

/**
 * Arguments of {@link SubOrganization}. A client organization under an agency org (Business or Enterprise plan). Its `id` is the org id its assistants, connections and knowledge take as `orgId`. Create is exactly-once (a duplicate could never be deleted by the API); destroy cannot delete it: see `deletionPolicy`.
 */
export interface SubOrganizationArgs {
  /**
   * The parent (agency) org the sub-organization belongs to: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`. Changing it would replace the sub-organization (see `allowReplacement`).
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of an existing sub-organization to take over instead of creating one: create reads the parent's listing, sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. The API cannot delete it: `pulumi destroy` forgets it (see `deletionPolicy`). Only read at create: changing or removing it later does nothing.
   */
  adoptId?: Input<string>;
  /**
   * Name of the client's organization, 2 to 64 characters.
   */
  name: Input<string>;
  /**
   * Id of an uploaded image to use as logo (write-only: the API returns `logoUrl`); null removes the logo.
   *
   * `null` clears it. Write-only: the API does not return it.
   */
  logoId?: Input<string | null>;
  /**
   * Contact details, sign-in (`access`) and product modules (`modules`). Deep-merged by the API: only the keys you declare are managed, the rest stay as they are.
   */
  config?: Input<SubOrganizationConfigArgs>;
  /**
   * What `pulumi destroy` (or removing the resource) does, since the API cannot delete a sub-organization: `"abandon"` (default) forgets it and prints its id (it still exists, and bills, until detached in the Invent dashboard); `"prevent"` fails the destroy, and any replacement, with that explanation.
   */
  deletionPolicy?: Input<"abandon" | "prevent">;
  /**
   * Lets a change that replaces the sub-organization (a new `orgId`) go ahead: a new one is made and the old one forgotten, still billing. Without it such a change is refused at preview.
   */
  allowReplacement?: Input<boolean>;
}

/**
 * Contact details, sign-in (`access`) and product modules (`modules`). Deep-merged by the API: only the keys you declare are managed, the rest stay as they are.
 */
export interface SubOrganizationConfigArgs {
  /**
   * Contact email shown to the org's users.
   */
  email?: Input<string>;
  /**
   * Postal address.
   */
  address?: Input<string>;
  /**
   * URL of the terms of service.
   */
  termsUrl?: Input<string>;
  /**
   * URL of the privacy policy.
   */
  privacyUrl?: Input<string>;
  /**
   * How members sign in and join.
   */
  access?: Input<SubOrganizationConfigAccessArgs>;
  /**
   * Which parts of the product the org's members see.
   */
  modules?: Input<SubOrganizationConfigModulesArgs>;
}

/**
 * How members sign in and join.
 */
export interface SubOrganizationConfigAccessArgs {
  /**
   * How long a dashboard session lasts, in seconds.
   */
  sessionTtlSeconds?: Input<number>;
  /**
   * Members may sign in with Google.
   */
  allowGoogle?: Input<boolean>;
  /**
   * Members may sign in with Microsoft.
   */
  allowMicrosoft?: Input<boolean>;
  /**
   * Members may sign in with a code sent by email.
   */
  allowEmailCode?: Input<boolean>;
  /**
   * Members may invite others.
   */
  allowInvites?: Input<boolean>;
}

/**
 * Which parts of the product the org's members see.
 */
export interface SubOrganizationConfigModulesArgs {
  /**
   * The shared inbox.
   */
  enableInbox?: Input<boolean>;
  /**
   * Analytics.
   */
  enableAnalytics?: Input<boolean>;
  /**
   * Boards (contact pipelines).
   */
  enableBoards?: Input<boolean>;
  /**
   * AI assistants.
   */
  enableAssistants?: Input<boolean>;
  /**
   * The knowledge base.
   */
  enableKnowledgeBase?: Input<boolean>;
  /**
   * Broadcasts (bulk messages).
   */
  enableBroadcasts?: Input<boolean>;
  /**
   * Workflows.
   */
  enableWorkflows?: Input<boolean>;
}

/** Output properties of {@link SubOrganization}. */
export interface SubOrganizationOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of an existing sub-organization to take over instead of creating one: create reads the parent's listing, sends one PATCH with the declared values that differ (none when they match), never a POST, and the resource's id is that id. The API cannot delete it: `pulumi destroy` forgets it (see `deletionPolicy`). Only read at create: changing or removing it later does nothing. Holds the value the API has now, and only when the argument is set.
   */
  readonly adoptId: Output<string | undefined>;
  /**
   * Name of the client's organization, 2 to 64 characters. Holds the value the API has now, and only when the argument is set.
   */
  readonly name: Output<string>;
  /**
   * Id of an uploaded image to use as logo (write-only: the API returns `logoUrl`); null removes the logo. Holds the value the API has now, and only when the argument is set.
   */
  readonly logoId: Output<string | undefined>;
  /**
   * Contact details, sign-in (`access`) and product modules (`modules`). Deep-merged by the API: only the keys you declare are managed, the rest stay as they are. Holds the value the API has now, and only when the argument is set.
   */
  readonly config: Output<Unwrap<SubOrganizationConfigArgs> | undefined>;
  /**
   * What `pulumi destroy` (or removing the resource) does, since the API cannot delete a sub-organization: `"abandon"` (default) forgets it and prints its id (it still exists, and bills, until detached in the Invent dashboard); `"prevent"` fails the destroy, and any replacement, with that explanation. Holds the value the API has now, and only when the argument is set.
   */
  readonly deletionPolicy: Output<"abandon" | "prevent" | undefined>;
  /**
   * Lets a change that replaces the sub-organization (a new `orgId`) go ahead: a new one is made and the old one forgotten, still billing. Without it such a change is refused at preview. Holds the value the API has now, and only when the argument is set.
   */
  readonly allowReplacement: Output<boolean | undefined>;
  /**
   * The org's plan: `free` or `business`.
   */
  readonly plan: Output<string | null>;
  /**
   * Credit balance (unit as the API gives it).
   */
  readonly balance: Output<number | null>;
  /**
   * Promotional credit balance.
   */
  readonly promoBalance: Output<number | null>;
  /**
   * Spent this month against the spending cap.
   */
  readonly spendingCapUsed: Output<number | null>;
  /**
   * URL of the logo image.
   */
  readonly logoUrl: Output<string | null>;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: Output<string>;
}

/**
 * Where the SubOrganization read by {@link SubOrganization.get} is.
 */
export interface SubOrganizationGetArgs {
  /**
   * Org the object lives in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`; a child given `parent.id` takes the parent's org.
   */
  orgId?: Input<string>;
}

/**
 * SubOrganization as a lookup returns it: the same names as the resource's outputs, every field the API returns.
 */
export interface SubOrganizationResult {
  /**
   * Id of the object in Invent.
   */
  readonly id: string;
  /**
   * Org the object lives in, as the lookup addressed it (`c` for the key's own org).
   */
  readonly orgId: string;
  /**
   * Name of the client's organization, 2 to 64 characters.
   */
  readonly name: string;
  /**
   * Contact details, sign-in (`access`) and product modules (`modules`). Deep-merged by the API: only the keys you declare are managed, the rest stay as they are.
   */
  readonly config: Unwrap<SubOrganizationConfigArgs> | null;
  /**
   * The org's plan: `free` or `business`.
   */
  readonly plan: string | null;
  /**
   * Credit balance (unit as the API gives it).
   */
  readonly balance: number | null;
  /**
   * Promotional credit balance.
   */
  readonly promoBalance: number | null;
  /**
   * Spent this month against the spending cap.
   */
  readonly spendingCapUsed: number | null;
  /**
   * URL of the logo image.
   */
  readonly logoUrl: string | null;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: string;
}

/**
 * Arguments of {@link getSubOrganization}: the object by `id` or by `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetSubOrganizationArgs {
  /**
   * Id of the object in Invent. Not together with name.
   */
  id?: string;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * The object's `name` (compared exactly): Name of the client's organization, 2 to 64 characters.
   */
  name?: string;
}

/**
 * Arguments of {@link listSubOrganizations}: every filter given must match.
 */
export interface ListSubOrganizationsArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * Only objects with this `name` (compared exactly): Name of the client's organization, 2 to 64 characters.
   */
  name?: string;
}

/**
 * Arguments of {@link getSubOrganizationOutput}: the object by `id` or by `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetSubOrganizationOutputArgs {
  /**
   * Id of the object in Invent. Not together with name.
   */
  id?: Input<string>;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * The object's `name` (compared exactly): Name of the client's organization, 2 to 64 characters.
   */
  name?: Input<string>;
}

/**
 * Arguments of {@link listSubOrganizationsOutput}: every filter given must match.
 */
export interface ListSubOrganizationsOutputArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * Only objects with this `name` (compared exactly): Name of the client's organization, 2 to 64 characters.
   */
  name?: Input<string>;
}

/**
 * Arguments of {@link SubOrganizationBilling}. A sub-organization's spending cap and auto-recharge: its own resource, since billing often has other owners and must survive config changes. Create and update are one PATCH of the billing settings; destroy leaves them as they are (a safety cap is never turned off by a destroy) and says so.
 */
export interface SubOrganizationBillingArgs {
  /**
   * The parent (agency) org; taken from the sub-organization given as `subOrganizationId`.
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of the sub-organization whose billing this is (a `SubOrganization`'s id).
   *
   * Changing it replaces the object.
   */
  subOrganizationId: Input<string>;
  /**
   * A monthly spending cap: `{ enabled: true, amount }` stops the client's spending at `amount`.
   */
  spendingCap?: Input<SubOrganizationBillingSpendingCapArgs>;
  /**
   * Automatic top-ups of the balance.
   */
  autoRecharge?: Input<SubOrganizationBillingAutoRechargeArgs>;
}

/**
 * A monthly spending cap: `{ enabled: true, amount }` stops the client's spending at `amount`.
 */
export interface SubOrganizationBillingSpendingCapArgs {
  /**
   * Whether spending stops at `amount` each month.
   */
  enabled?: Input<boolean>;
  /**
   * Most the org may spend in a month (unit as the API counts it).
   */
  amount?: Input<number>;
  /**
   * When the cap's month restarts (ISO-8601), as the API takes it.
   */
  resetAt?: Input<string>;
}

/**
 * Automatic top-ups of the balance.
 */
export interface SubOrganizationBillingAutoRechargeArgs {
  /**
   * Whether the balance is topped up automatically.
   */
  enabled?: Input<boolean>;
  /**
   * Balance below which a top-up is made.
   */
  rechargeThreshold?: Input<number>;
  /**
   * Amount of each top-up.
   */
  rechargeAmount?: Input<number>;
}

/** Output properties of {@link SubOrganizationBilling}. */
export interface SubOrganizationBillingOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of the sub-organization whose billing this is (a `SubOrganization`'s id). Holds the value the API has now, and only when the argument is set.
   */
  readonly subOrganizationId: Output<string>;
  /**
   * A monthly spending cap: `{ enabled: true, amount }` stops the client's spending at `amount`. Holds the value the API has now, and only when the argument is set.
   */
  readonly spendingCap: Output<Unwrap<SubOrganizationBillingSpendingCapArgs> | undefined>;
  /**
   * Automatic top-ups of the balance. Holds the value the API has now, and only when the argument is set.
   */
  readonly autoRecharge: Output<Unwrap<SubOrganizationBillingAutoRechargeArgs> | undefined>;
}

/**
 * Where the SubOrganizationBilling read by {@link SubOrganizationBilling.get} is.
 */
export interface SubOrganizationBillingGetArgs {
  /**
   * Org the object lives in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`; a child given `parent.id` takes the parent's org.
   */
  orgId?: Input<string>;
  /**
   * Id of the sub-organization whose billing this is (a `SubOrganization`'s id). Required: the object's URL is under its parent's.
   */
  subOrganizationId: Input<string>;
}

/**
 * Arguments of {@link Segment}. A segment of the org's contacts (a board column is one). The API can rename and recolour a segment, but neither create nor delete one: a Segment resource takes an existing one over (`adoptId`, required), and destroy forgets it and says so.
 */
export interface SegmentArgs {
  /**
   * Org that owns the object: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`.
   *
   * Changing it replaces the object.
   */
  orgId?: Input<string>;
  /**
   * Id of the existing segment to take over, since the API cannot create segments: make one in the Invent dashboard and find its id with `getSegment` / `listSegments`. Create reads it and sends one PATCH with the declared values that differ; only read at create.
   */
  adoptId: Input<string>;
  /**
   * Name of the segment, 1 to 128 characters.
   */
  name?: Input<string>;
  /**
   * Colour of the segment in the dashboard, e.g. `blue`.
   */
  color?: Input<
    | "red"
    | "orange"
    | "amber"
    | "yellow"
    | "lime"
    | "green"
    | "teal"
    | "cyan"
    | "sky"
    | "blue"
    | "indigo"
    | "violet"
    | "purple"
    | "fuchsia"
    | "pink"
    | "rose"
    | "neutral"
  >;
}

/** Output properties of {@link Segment}. */
export interface SegmentOutputs {
  /**
   * Org the object lives in: the `orgId` argument, else the stack's default org.
   */
  readonly orgId: Output<string>;
  /**
   * Id of the existing segment to take over, since the API cannot create segments: make one in the Invent dashboard and find its id with `getSegment` / `listSegments`. Create reads it and sends one PATCH with the declared values that differ; only read at create. Holds the value the API has now, and only when the argument is set.
   */
  readonly adoptId: Output<string>;
  /**
   * Name of the segment, 1 to 128 characters. Holds the value the API has now, and only when the argument is set.
   */
  readonly name: Output<string | undefined>;
  /**
   * Colour of the segment in the dashboard, e.g. `blue`. Holds the value the API has now, and only when the argument is set.
   */
  readonly color: Output<
    | "red"
    | "orange"
    | "amber"
    | "yellow"
    | "lime"
    | "green"
    | "teal"
    | "cyan"
    | "sky"
    | "blue"
    | "indigo"
    | "violet"
    | "purple"
    | "fuchsia"
    | "pink"
    | "rose"
    | "neutral"
    | undefined
  >;
  /**
   * Contacts in the segment.
   */
  readonly contactsCount: Output<number | null>;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: Output<string>;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: Output<string>;
}

/**
 * Where the Segment read by {@link Segment.get} is.
 */
export interface SegmentGetArgs {
  /**
   * Org the object lives in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting, else `c`; a child given `parent.id` takes the parent's org.
   */
  orgId?: Input<string>;
}

/**
 * Segment as a lookup returns it: the same names as the resource's outputs, every field the API returns.
 */
export interface SegmentResult {
  /**
   * Id of the object in Invent.
   */
  readonly id: string;
  /**
   * Org the object lives in, as the lookup addressed it (`c` for the key's own org).
   */
  readonly orgId: string;
  /**
   * Name of the segment, 1 to 128 characters.
   */
  readonly name: string | null;
  /**
   * Colour of the segment in the dashboard, e.g. `blue`.
   */
  readonly color:
    | "red"
    | "orange"
    | "amber"
    | "yellow"
    | "lime"
    | "green"
    | "teal"
    | "cyan"
    | "sky"
    | "blue"
    | "indigo"
    | "violet"
    | "purple"
    | "fuchsia"
    | "pink"
    | "rose"
    | "neutral"
    | null;
  /**
   * Contacts in the segment.
   */
  readonly contactsCount: number | null;
  /**
   * Creation time (ISO-8601 UTC).
   */
  readonly createdAt: string;
  /**
   * Last change time (ISO-8601 UTC).
   */
  readonly updatedAt: string;
}

/**
 * Arguments of {@link getSegment}: the object by `id` or by `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetSegmentArgs {
  /**
   * Id of the object in Invent. Not together with name.
   */
  id?: string;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * The object's `name` (compared exactly): Name of the segment, 1 to 128 characters.
   */
  name?: string;
}

/**
 * Arguments of {@link listSegments}: every filter given must match.
 */
export interface ListSegmentsArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: string;
  /**
   * Only objects with this `name` (compared exactly): Name of the segment, 1 to 128 characters.
   */
  name?: string;
}

/**
 * Arguments of {@link getSegmentOutput}: the object by `id` or by `name` (any of them; all given must match, and exactly one object must).
 */
export interface GetSegmentOutputArgs {
  /**
   * Id of the object in Invent. Not together with name.
   */
  id?: Input<string>;
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * The object's `name` (compared exactly): Name of the segment, 1 to 128 characters.
   */
  name?: Input<string>;
}

/**
 * Arguments of {@link listSegmentsOutput}: every filter given must match.
 */
export interface ListSegmentsOutputArgs {
  /**
   * Org to look in: a real org id (`org_…`) or `c` for the API key's own org. Default: the `invent:orgId` stack setting (or `INVENT_ORG_ID`), else `c`.
   */
  orgId?: Input<string>;
  /**
   * Only objects with this `name` (compared exactly): Name of the segment, 1 to 128 characters.
   */
  name?: Input<string>;
}
