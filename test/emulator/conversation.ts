/**
 * The emulator's assistant: a deterministic reply engine driven by the assistant's own configuration, so a
 * conversation test passes or fails exactly, offline. It is no language model; it applies these rules, in
 * order, to the user's message:
 *
 * 1. Judge. An assistant whose instructions mention a "verdict", asked with a `CRITERIA:` line, answers
 *    `VERDICT: PASS` when at least half of the criteria's content words occur in the assistant lines of the
 *    conversation it was given, else `VERDICT: FAIL` (a stand-in for a model's judgement, exact by design).
 * 2. Hand-off. A request for a human (`human`, `person`, `agent`, …): with the transfer tool enabled, a
 *    `transfer_to_human` call and a hand-off (the AI stops answering); without it, a polite refusal.
 * 3. End. A goodbye (`bye`, `that's all`, …) with the end tool enabled: an `end_conversation` call and a closed chat.
 * 4. Action. The enabled action whose name and instructions share the most content words with the message
 *    (at least one) is called; each of its `config.definitions` paths gets the message's first token with a
 *    digit in it (else the whole message); the reply names the action and those values.
 * 5. Knowledge, then instructions. The line of the visible knowledge (all the org's processed contents, or
 *    only the linked ones when `knowledge_scope` is `selected`), else the sentence of the instructions, that
 *    shares the most content words with the message; a `Q:` line is answered with the `A:` line after it.
 * 6. Otherwise: "I'm sorry, I don't know about that." and what it can help with (its actions' names and its
 *    knowledge titles).
 *
 * Tokens are counted as one per CHARS_PER_TOKEN characters: instructions and history in, the reply out.
 */
import { CHARS_PER_TOKEN, END_TOOL_NAME, TRANSFER_TOOL_NAME } from "./assumptions";
import type {
  Store,
  StoredAction,
  StoredAssistant,
  StoredKnowledgeContent,
  StoredKnowledgeLink,
} from "./store";

/** Words that carry no topic, left out when messages are compared. */
const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by can could did do does doing for from get gives give had has have how i " +
    "if in into is it its just me my no not of on or our please so than that the their them then there these " +
    "they this those to too up us use used using very want was we were what when where which while who why " +
    "will with would you your yours about after again also any before being customer customers here him her " +
    "his i'm it's let make may might more most much must only other over same she should some such tell time " +
    "third thing"
  ).split(" "),
);

/** Generic words of a judge's question, never taken as criteria. */
const JUDGE_WORDS = new Set(["reply", "replies", "answer", "answers", "assistant", "user", "criteria"]);

const HUMAN_REQUEST = /\b(human|person|people|agent|representative|operator|someone real|real person)\b/i;
const GOODBYE = /\b(bye|goodbye|that's all|that is all|end (the|this) (chat|conversation))\b/i;

/** A word reduced to the form compared: lower case, a plural's `s` or `ies` removed. */
function stem(word: string): string {
  const w = word.toLowerCase();
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
}

/** The content words of a text, stemmed, without stop words and words under three letters. */
export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[a-z0-9']+/g) ?? [];
  return new Set(
    words
      .map((w) => w.replace(/'s$/, "").replace(/'/g, ""))
      .filter((w) => w.length >= 3 && !STOP_WORDS.has(w))
      .map(stem),
  );
}

function shared(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

/** A tool the reply calls, with what it returns. */
export interface PlannedCall {
  name: string;
  /** The action instance id, for actions. */
  actionId?: string;
  input: Record<string, unknown>;
  output: unknown;
}

/** What the assistant will answer and do. */
export interface ReplyPlan {
  text: string;
  calls: PlannedCall[];
  handoff: boolean;
  end: boolean;
  usage: Record<string, number>;
}

/** What the assistant knows and may do, read from the store when the reply is planned. */
interface Knowledge {
  assistant: StoredAssistant;
  actions: StoredAction[];
  /** Titles and text of the contents it may use. */
  contents: { title: string; text: string }[];
}

function knowledgeOf(store: Store, assistant: StoredAssistant): Knowledge {
  const org = assistant.org_id;
  const actions = (
    store.list("actions", org, { field: "assistant_id", value: assistant.id }) as StoredAction[]
  )
    .filter((a) => a.enabled)
    .sort((a, b) => a.position - b.position);
  const linked = new Set(
    (
      store.list("knowledgeLinks", org, {
        field: "assistant_id",
        value: assistant.id,
      }) as StoredKnowledgeLink[]
    ).map((l) => l.content_id),
  );
  const selected = assistant.config.knowledge_scope === "selected";
  const contents = (store.list("knowledgeContents", org) as StoredKnowledgeContent[])
    .filter((c) => c.status === "PROCESSED" && (!selected || linked.has(c.id)))
    .map((c) => ({ title: c.title, text: typeof c.content.text === "string" ? c.content.text : "" }));
  return { assistant, actions, contents };
}

/** The first token with a digit in it (an order number, an id), else the whole message. */
function valueFrom(message: string): string {
  return message.match(/[A-Za-z0-9-]*\d[A-Za-z0-9-]*/)?.[0] ?? message.trim();
}

function judge(instructions: string, message: string): string | undefined {
  if (!/verdict/i.test(instructions)) return undefined;
  const criteria = /^CRITERIA:(.*)$/m.exec(message)?.[1];
  if (criteria === undefined) return undefined;
  const said = message
    .split("\n")
    .filter((l) => /^assistant:/i.test(l.trim()))
    .join(" ");
  const wanted = [...contentWords(criteria)].filter((w) => !JUDGE_WORDS.has(w));
  const found = contentWords(said);
  const met = wanted.filter((w) => found.has(w));
  const pass = wanted.length > 0 && met.length * 2 >= wanted.length;
  return (
    `VERDICT: ${pass ? "PASS" : "FAIL"}\n` +
    `The reply covers ${met.length} of ${wanted.length} points of the criteria` +
    (met.length ? ` (${met.join(", ")}).` : ".")
  );
}

function answerFrom(k: Knowledge, words: Set<string>): string | undefined {
  let best: { score: number; text: string } | undefined;
  const consider = (score: number, text: string) => {
    if (score > 0 && (!best || score > best.score)) best = { score, text };
  };
  for (const c of k.contents) {
    const lines = c.text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
    lines.forEach((line, i) => {
      const answer = /^Q:/i.test(line) && /^A:/i.test(lines[i + 1] ?? "") ? lines[i + 1] : line;
      consider(shared(words, contentWords(line)), answer.replace(/^[QA]:\s*/i, ""));
    });
  }
  const instructions = k.assistant.config.instructions
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const sentence of instructions) consider(shared(words, contentWords(sentence)), sentence);
  return best?.text;
}

/** Plans the reply of `assistant` to `message`, given the conversation so far (for token counts). */
export function planReply(
  store: Store,
  assistant: StoredAssistant,
  message: string,
  history: string[],
): ReplyPlan {
  const k = knowledgeOf(store, assistant);
  const conversation = assistant.config.conversation;
  const words = contentWords(message);
  const plan = (text: string, extra: Partial<ReplyPlan> = {}): ReplyPlan => {
    const inChars = assistant.config.instructions.length + history.join("").length + message.length;
    const input = Math.ceil(inChars / CHARS_PER_TOKEN);
    const output = Math.ceil(text.length / CHARS_PER_TOKEN);
    return {
      text,
      calls: [],
      handoff: false,
      end: false,
      ...extra,
      usage: {
        input_tokens: input,
        output_tokens: output,
        total_tokens: input + output,
        reasoning_tokens: 0,
      },
    };
  };

  const verdict = judge(assistant.config.instructions, message);
  if (verdict !== undefined) return plan(verdict);

  if (HUMAN_REQUEST.test(message)) {
    if (!conversation.enable_transfer_to_human_tool)
      return plan("I'm sorry, I can't transfer you to a person, but I can help you here.");
    return plan("I'm handing you over to a human agent; someone will answer here shortly.", {
      calls: [{ name: TRANSFER_TOOL_NAME, input: { reason: message }, output: { transferred: true } }],
      handoff: true,
    });
  }

  if (GOODBYE.test(message) && conversation.enable_end_conversation_tool)
    return plan("Thank you for reaching out. Goodbye!", {
      calls: [{ name: END_TOOL_NAME, input: {}, output: { ended: true } }],
      end: true,
    });

  let chosen: { action: StoredAction; score: number } | undefined;
  for (const action of k.actions) {
    const score = shared(words, contentWords(`${action.name ?? ""} ${action.instructions ?? ""}`));
    if (score > 0 && (!chosen || score > chosen.score)) chosen = { action, score };
  }
  if (chosen) {
    const { action } = chosen;
    const paths = action.config.definitions.map((d) => d.path);
    const input = Object.fromEntries(
      (paths.length ? paths : ["query"]).map((p) => [p, paths.length ? valueFrom(message) : message]),
    );
    const name = action.name ?? action.action_id;
    return plan(`I ran "${name}" for ${Object.values(input).join(", ")}: done.`, {
      calls: [{ name, actionId: action.id, input, output: { ok: true } }],
    });
  }

  const answer = answerFrom(k, words);
  if (answer !== undefined) return plan(answer);

  const topics = [...k.actions.map((a) => a.name ?? a.action_id), ...k.contents.map((c) => c.title)];
  return plan(
    "I'm sorry, I don't know about that." +
      (topics.length
        ? ` I can help with: ${topics.join("; ")}.`
        : " I can help with questions about this service."),
  );
}
