import { ASSUMPTIONS } from "../assumptions";
import { field, WireObject } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type { Progress } from "../schema/settle";
import type {
  KnowledgeContentArgs,
  KnowledgeContentGetArgs,
  KnowledgeContentOutputs,
} from "./types.generated";

const modes = ASSUMPTIONS.knowledgeUrlModes;
const statuses = ASSUMPTIONS.knowledgeStatuses;
const number = (v: unknown): number => (typeof v === "number" ? v : 0);

const fields = {
  orgId: field.orgId(),
  adoptId: field.adoptId(),
  // No update is documented (the API has no PATCH for contents): every content argument replaces.
  title: field.string({
    doc: "Title of the content, 1 to 255 characters.",
    required: true,
    replaceOnChange: true,
    min: 1,
    max: ASSUMPTIONS.knowledgeTitleMaxLength,
  }),
  ...field.variants(
    {
      name: "content",
      doc: "What the assistant learns from: plain text, a web page (or site), or an uploaded file.",
      tag: "type",
      required: true,
      replaceOnChange: true,
    },
    {
      TEXT: {
        text: field.string({
          doc:
            `The content as plain text, at most ${ASSUMPTIONS.knowledgeTextMaxLength.toLocaleString("en")} ` +
            "characters. State keeps it once, as an input: the outputs hold its SHA-256 (`textSha256`) instead of " +
            "a second copy, and a changed text is found by comparing digests.",
          min: 1,
          max: ASSUMPTIONS.knowledgeTextMaxLength,
          digestInState: true,
          // Where responses carry the text is not documented: read it wherever it is, or keep the declared one.
          readFrom: () => ASSUMPTIONS.knowledgeTextIn,
        }),
      },
      URL: {
        url: field.string({
          doc: "Address of a web page to learn from (`http://` or `https://`).",
          pattern: {
            test: /^https?:\/\/[^\s/]+/,
            message: 'must be an http(s) address such as "https://acme.com/faq"',
          },
        }),
        crawl: field.boolean({
          doc:
            'Follow the page\'s links across the site (`true`, sent as `mode: "crawl"`) or read that page only ' +
            '(`false`, `mode: "single"`, the server\'s default).',
          wire: "mode",
          codec: {
            toWire: (v: unknown) => (v ? modes.crawl : modes.single),
            fromWire: (w: unknown) => w === modes.crawl,
          },
        }),
      },
      FILE: {
        fileId: field.string({ doc: "Id of a file uploaded to Invent.", min: 1 }),
      },
    },
  ),
  processingTimeoutSeconds: field.number({
    doc:
      "How long a create waits for the content to be processed, in seconds. Default: " +
      `${ASSUMPTIONS.knowledgeProcessingTimeoutSeconds}. Past it, the content is recorded in state unfinished and ` +
      "the next `pulumi up` waits for it again.",
    local: true,
    positive: true,
    max: 86_400,
  }),
  // Only what is stable once PROCESSED: `chunks_processed` grows during processing, so it is left out.
  status: field.computed((o) => String(o.status), {
    doc: "`PROCESSED` once the content is ready (`FAILED` with `error` when processing failed).",
    tsType: "string",
  }),
  size: field.computed((o) => number(o.size), { doc: "Size of the content in bytes.", tsType: "number" }),
  chunksCount: field.computed((o) => number(o.chunks_count), {
    doc: "Number of chunks the content was split into for retrieval.",
    tsType: "number",
  }),
  error: field.serverString("error", { doc: "Why processing failed, or null." }),
  ...field.timestamps(),
};

/** Where processing stands, from the live object. */
function processing(live: WireObject): Progress {
  if (live.status === statuses.done) return { done: true };
  if (live.status === statuses.failed)
    return {
      failed: typeof live.error === "string" && live.error ? live.error : "the server gave no reason.",
    };
  const chunks = number(live.chunks_count);
  return {
    pending: `${String(live.status)}${chunks ? ` (${number(live.chunks_processed)}/${chunks} chunks)` : ""}`,
  };
}

/** The KnowledgeContent's one description: an org-wide document the assistants learn from. */
export const knowledgeContentSpec: ResourceSpec<typeof fields> = {
  type: "KnowledgeContent",
  doc:
    "A document the org's assistants learn from: text, a web page or an uploaded file. The API cannot change a " +
    "content, so every change replaces it. Create is one POST, then GETs until processing is done (progress is " +
    "reported); a content whose processing failed is recorded as such and replaced by the next `pulumi up`. " +
    'Link it to an assistant whose `knowledgeScope` is `"selected"` with `KnowledgeLink`.',
  path: "/knowledge/contents",
  fields,
  naturalKey: ["title"],
  // The filters the API documents for an assistant's contents [D], checked on the org-wide listing's items.
  listFilters: {
    search: {
      doc: "Only contents whose title contains this text (case-insensitive).",
      tsType: "string",
      matches: (o, v) =>
        String(o.title ?? "")
          .toLowerCase()
          .includes(v.toLowerCase()),
    },
    type: {
      doc: "Only contents of this type: `TEXT`, `URL` or `FILE`.",
      tsType: '"TEXT" | "URL" | "FILE"',
      matches: (o, v) => o.type === v,
    },
    status: {
      doc: "Only contents in this processing state: `PENDING`, `PROCESSING`, `PROCESSED` or `FAILED`.",
      tsType: '"PENDING" | "PROCESSING" | "PROCESSED" | "FAILED"',
      matches: (o, v) => o.status === v,
    },
  },
  warnNamesakes: false, // every change replaces: the content of the same title is the one being replaced
  settle: {
    noun: "processing",
    state: processing,
    timeoutField: "processingTimeoutSeconds",
    // A getter: an `invent:assumptions` override applied after load counts.
    get defaultTimeoutSeconds() {
      return ASSUMPTIONS.knowledgeProcessingTimeoutSeconds;
    },
    statusOutput: "status",
    whenFailed:
      "Fix the source the reason names (a `url` must be reachable without a login, a `fileId` must name an " +
      "uploaded file the API can read, a `text` must not be empty), then run `pulumi up` again.",
  },
};

/**
 * A knowledge content: text, a web page or an uploaded file the org's assistants learn from. Create waits
 * until it is processed. State keeps a text once (its digest as output).
 *
 * @example
 * const faq = new invent.KnowledgeContent("faq", { title: "Shipping FAQ", text: "Q: How long does shipping take? …" });
 * const docs = new invent.KnowledgeContent("docs", { title: "Help centre", url: "https://help.acme.com", crawl: true });
 */
export class KnowledgeContent extends resourceClass<
  KnowledgeContentArgs,
  KnowledgeContentOutputs,
  KnowledgeContentGetArgs
>(knowledgeContentSpec) {}
