/**
 * Contacts: the org's audience (the people its assistants talk to), read by `getContact` / `listContacts`.
 * Not a resource: contacts are data the audience and the assistants make (a customer writing in, unsubscribing,
 * being blocked), not configuration a program declares, so Pulumi neither creates nor diffs them.
 */
import { ASSUMPTIONS } from "../assumptions";
import { field, WireObject } from "../schema/fields";
import { QuerySpec } from "../schema/query";

/** Contact statuses the list filters by [D]. */
export const CONTACT_STATUSES = [
  "ALL",
  "SUBSCRIBED",
  "UNSUBSCRIBED",
  "BLOCKED",
  "AI_REPLIES_DISABLED",
] as const;

/** A contact's status filter: every contact, the subscribed, unsubscribed or blocked ones, or those the AI ignores. */
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** The filters of `listContacts` [D]: the API's query parameters, sent as they are. */
const filters = {
  status: field.enum(CONTACT_STATUSES, {
    doc: "Only contacts in this state: `ALL`, `SUBSCRIBED`, `UNSUBSCRIBED`, `BLOCKED`, `AI_REPLIES_DISABLED`.",
  }),
  search: field.string({ doc: "Text searched in the contacts' names, emails and phone numbers.", min: 1 }),
  name: field.string({ doc: "Only contacts of this name.", min: 1 }),
  username: field.string({ doc: "Only contacts with this username on one of their channels.", min: 1 }),
  email: field.string({ doc: "Only contacts with this email address.", min: 1 }),
  userId: field.string({ doc: "Only contacts with this user id on one of their channels.", min: 1 }),
  segmentId: field.string({ doc: "Only contacts in this segment (a `seg_…` id).", min: 1 }),
  excludeBoardId: field.string({ doc: "Leave out contacts already on this board.", min: 1 }),
  unsubscribed: field.boolean({ doc: "Only unsubscribed contacts (true) or only subscribed ones (false)." }),
  excludeAdmins: field.boolean({ doc: "Leave out contacts who are members of the org." }),
};

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] =>
  Array.isArray(v) ? v.filter((x): x is Obj => x !== null && typeof x === "object") : [];
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const channelsOf = (live: WireObject) => list(live.channels);

/** One channel of a contact: where they wrote from. */
export interface ContactChannel {
  id: string;
  /** `custom`, `whatsapp_bot`, `email`, … */
  type: string | null;
  userId: string | null;
  name: string | null;
  username: string | null;
  email: string | null;
  phone: string | null;
  country: string | null;
  language: string | null;
  /** What the channel's platform says of them, as the API returns it. */
  platformData: unknown;
  createdAt: string | null;
}

/** A contact as `getContact` / `listContacts` return it. */
export interface ContactResult {
  id: string;
  /** The org it was read from. */
  orgId: string;
  name: string | null;
  blocked: boolean;
  unsubscribed: boolean;
  /** A member of the org (an admin), not a customer. */
  isAdmin: boolean;
  channels: ContactChannel[];
  /** The segments (board columns) the contact is in. */
  segments: { id: string; name: string | null; color: string | null }[];
  createdAt: string | null;
  updatedAt: string | null;
  blockedAt: string | null;
  unsubscribedAt: string | null;
  unsubscribeReason: string | null;
  unsubscribeFeedback: string | null;
}

/** Arguments of `listContacts`: every filter is optional; `orgId` as for every lookup. */
export interface ListContactsArgs {
  /** Org to read: a real org id or `c`. Default: the `invent:orgId` stack setting, else `c`. */
  orgId?: string;
  /** Only contacts in this state (`ALL` by default on the API's side). */
  status?: ContactStatus;
  /** Text searched in the contacts' names, emails and phone numbers. */
  search?: string;
  /** Only contacts of this name. */
  name?: string;
  /** Only contacts with this username on one of their channels. */
  username?: string;
  /** Only contacts with this email address. */
  email?: string;
  /** Only contacts with this user id on one of their channels. */
  userId?: string;
  /** Only contacts in this segment. */
  segmentId?: string;
  /** Leave out contacts already on this board. */
  excludeBoardId?: string;
  /** Only unsubscribed (true) or only subscribed (false) contacts. */
  unsubscribed?: boolean;
  /** Leave out contacts who are members of the org. */
  excludeAdmins?: boolean;
}

/** Arguments of `getContact`: exactly one of `id`, `email`, `userId`, `username`. */
export interface GetContactArgs {
  orgId?: string;
  id?: string;
  email?: string;
  userId?: string;
  username?: string;
}

// The argument type and the described filters are the same set of names (the compiler checks both ways).
type FilterKeys = keyof typeof filters;
const sameKeys: [Exclude<keyof ListContactsArgs, "orgId">, FilterKeys] extends [
  FilterKeys,
  Exclude<keyof ListContactsArgs, "orgId">,
]
  ? true
  : never = true;
void sameKeys;

/** A channel of a contact carries `value` under `key`. */
const onChannel = (key: string) => (live: WireObject, value: string) =>
  channelsOf(live).some((c) => c[key] === value);

/** The contacts description: read-only lookups, with the API's filters (provider/schema/query.ts). */
export const contactQuery: QuerySpec<Omit<ContactResult, "id" | "orgId"> & Obj> = {
  type: "Contact",
  path: "/contacts",
  filters,
  keys: { email: onChannel("email"), userId: onChannel("user_id"), username: onChannel("username") },
  getById: () => ASSUMPTIONS.contactsGetById,
  view: (live) => ({
    name: str(live.name),
    blocked: live.blocked === true,
    unsubscribed: live.unsubscribed === true,
    isAdmin: live.is_admin === true,
    channels: channelsOf(live).map((c) => ({
      id: String(c.id),
      type: str(c.type),
      userId: str(c.user_id),
      name: str(c.name),
      username: str(c.username),
      email: str(c.email),
      phone: str(c.phone),
      country: str(c.country),
      language: str(c.language),
      platformData: c.platform_data ?? null,
      createdAt: str(c.created_at),
    })),
    segments: list(live.segments).map((s) => ({ id: String(s.id), name: str(s.name), color: str(s.color) })),
    createdAt: str(live.created_at),
    updatedAt: str(live.updated_at),
    blockedAt: str(live.blocked_at),
    unsubscribedAt: str(live.unsubscribed_at),
    unsubscribeReason: str(live.unsubscribe_reason),
    unsubscribeFeedback: str(live.unsubscribe_feedback),
  }),
};
