/**
 * What the chat API answers, read leniently: the documented fields where they are, the assumed shapes of tool
 * calls and hand-offs (`ASSUMPTIONS.chat*`) where nothing is documented, and the raw JSON kept for reports.
 * Nothing here calls the API.
 */
import { ASSUMPTIONS } from "../assumptions";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A tool the assistant called during a turn. */
export interface ToolCall {
  /** The call id, as the API gave it. */
  id: string;
  /** The tool's name (an action's name, or a built-in tool such as `transfer_to_human`). */
  name: string;
  /** The action instance the call ran, when the API says. */
  actionId?: string;
  /** The call's input: an object when the API sent one (or JSON text of one). */
  input: unknown;
}

/** A message, normalised. */
export interface ChatMessage {
  id: string;
  /** `user`, `assistant`, `system`, `tool`, `event`, `note` [D]. */
  role: string;
  /** `RUNNING`, `COMPLETED`, `FAILED`, `CANCELED` [D]. */
  status: string;
  createdAt: string;
  /** The text parts, joined by newlines. */
  text: string;
  toolCalls: ToolCall[];
  /** Tokens the message used, when the API counts them. */
  tokens?: { input: number; output: number; total: number };
  /** Why the message failed, when it did. */
  error?: string;
  raw: Obj;
}

/** Where a message stands: still being written, finished with a reply, or finished without one. */
export function progressOf(status: string): "running" | "failed" | "done" {
  const { running, failed } = ASSUMPTIONS.chatMessageStatuses;
  if (running.includes(status)) return "running";
  if (failed.includes(status)) return "failed";
  return "done";
}

const firstKey = (o: Obj, keys: string[]): unknown => {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
};

/** Its input as an object when it is JSON text of one. */
function inputOf(v: unknown): unknown {
  if (typeof v !== "string") return v ?? {};
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

/** A tool call, if this part is one: not text, with a call id and a tool name (`ASSUMPTIONS.chatToolCallKeys`). */
function toolCallOf(part: Obj): ToolCall | undefined {
  if (part.type === "text") return undefined;
  const keys = ASSUMPTIONS.chatToolCallKeys;
  const id = firstKey(part, keys.id);
  const name = firstKey(part, keys.name);
  if (typeof id !== "string" || typeof name !== "string") return undefined;
  const actionId = firstKey(part, keys.actionId);
  return {
    id,
    name,
    ...(typeof actionId === "string" ? { actionId } : {}),
    input: inputOf(firstKey(part, keys.input)),
  };
}

/** Parts of a message: those of its sub-messages (`messages[].parts[]`), or its own `parts[]`. */
function partsOf(raw: Obj): Obj[] {
  const subs = Array.isArray(raw.messages) ? raw.messages.filter(isObj) : [];
  const nested = subs.flatMap((s) => (Array.isArray(s.parts) ? s.parts.filter(isObj) : []));
  return nested.length || !Array.isArray(raw.parts) ? nested : raw.parts.filter(isObj);
}

const count = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** A message of the API, normalised; undefined for anything without an id. */
export function readMessage(raw: unknown): ChatMessage | undefined {
  if (!isObj(raw) || (typeof raw.id !== "string" && typeof raw.id !== "number")) return undefined;
  const parts = partsOf(raw);
  const usage = isObj(raw.usage) ? raw.usage : undefined;
  const input = count(usage?.input_tokens);
  const output = count(usage?.output_tokens);
  return {
    id: String(raw.id),
    role: typeof raw.role === "string" ? raw.role : "unknown",
    status: typeof raw.status === "string" ? raw.status : "COMPLETED",
    createdAt: typeof raw.created_at === "string" ? raw.created_at : "",
    text: parts
      .filter((p) => p.type === "text" && typeof p.text === "string")
      .map((p) => String(p.text))
      .join("\n"),
    toolCalls: parts.map(toolCallOf).filter((c): c is ToolCall => c !== undefined),
    ...(usage ? { tokens: { input, output, total: count(usage.total_tokens) || input + output } } : {}),
    ...(raw.error !== undefined && raw.error !== null
      ? { error: typeof raw.error === "string" ? raw.error : JSON.stringify(raw.error) }
      : {}),
    raw,
  };
}

/**
 * Messages in conversation order, each once: the order of the list is unknown [A], so a list whose dates
 * run backwards is turned round, then sorted by `created_at` (a stable sort keeps the server's order within
 * a second).
 */
export function inOrder(messages: ChatMessage[]): ChatMessage[] {
  const seen = new Map<string, ChatMessage>();
  for (const m of messages) seen.set(m.id, m);
  let list = [...seen.values()];
  const dated = list.filter((m) => m.createdAt);
  if (dated.length > 1 && Date.parse(dated[0].createdAt) > Date.parse(dated[dated.length - 1].createdAt))
    list = list.reverse();
  return list
    .map((m, i) => ({ m, i, t: Date.parse(m.createdAt) }))
    .sort((a, b) => (Number.isNaN(a.t) || Number.isNaN(b.t) || a.t === b.t ? a.i - b.i : a.t - b.t))
    .map((x) => x.m);
}

/** The human side of a chat after a turn, as `ASSUMPTIONS.chatHandoffSignals` and `chatEndedStates` read it. */
export interface ChatSignals {
  handoff: boolean;
  ended: boolean;
  /** What was read, for reports: `state.state`, `ai_enabled`, the assignee's name. */
  seen: { state?: string; aiEnabled?: boolean; assignedTo?: string | null };
}

export function signalsOf(chat: unknown): ChatSignals {
  const state = isObj(chat) && isObj(chat.state) ? chat.state : {};
  const aiEnabled = typeof state.ai_enabled === "boolean" ? state.ai_enabled : undefined;
  const assigned = isObj(state.assigned_user) ? state.assigned_user : undefined;
  const assignedTo = assigned ? String(assigned.name ?? assigned.id ?? "someone") : null;
  const { aiDisabled, assignedUser } = ASSUMPTIONS.chatHandoffSignals;
  const phase = typeof state.state === "string" ? state.state : undefined;
  return {
    handoff: (aiDisabled && aiEnabled === false) || (assignedUser && assignedTo !== null),
    ended: phase !== undefined && ASSUMPTIONS.chatEndedStates.includes(phase),
    seen: { state: phase, aiEnabled, assignedTo },
  };
}

/** The assistant a chat of the org list belongs to (`state.assistant_id` [D], or a top-level `assistant_id`). */
export function assistantOfChat(chat: unknown): string | undefined {
  if (!isObj(chat)) return undefined;
  const id = (isObj(chat.state) ? chat.state.assistant_id : undefined) ?? chat.assistant_id;
  return typeof id === "string" ? id : undefined;
}
