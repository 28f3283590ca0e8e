/**
 * The checks of `pulumi-invent doctor`: read-only ones against whatever the org holds, and, with `--write`,
 * ones that need a throwaway object of each kind (deleted again whatever happens).
 */
import { randomBytes } from "node:crypto";
import { ASSUMPTIONS } from "../assumptions";
import { InventClient } from "../client";
import { AuthenticationError, InventError, NotFoundError } from "../errors";
import { createExactlyOnce, UnknownOutcomeError } from "../schema/create";
import { WireObject } from "../schema/fields";
import { bodyShapeKnown, serverMessagesOf } from "../error-body";
import { toWireKeys } from "../schema/keys";
import { fullView, sameValue } from "../schema/wire";
import { collectionPath } from "../schema/address";
import { ResourceSpec } from "../schema/spec";
import { actionSpec } from "../resources/action";
import { byPosition } from "../resources/action-order";
import { assistantSpec } from "../resources/assistant";
import { channelSpec } from "../resources/channel";
import { connectionSpec } from "../resources/connection";
import { knowledgeContentSpec } from "../resources/knowledge-content";
import { isLinked } from "../resources/knowledge-link";
import { Findings, Leftover } from "./report";
import { checkWire, compareListItem } from "./wire-check";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const spec = (s: unknown) => s as ResourceSpec;
const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

const CREATED_INSTRUCTIONS = "pulumi-invent doctor: throwaway, deleted at once";

/** The assumptions the write checks judge (all need the throwaway assistant). */
const WRITE_CHECKED = [
  "serverDefaults",
  "listItemsCarryWholeObject",
  "patchDeepMergesNestedObjects",
  "credentialMask",
  "isMaskOf",
  "connectionConfigKeysSnakeCase",
  "actionsDeleteById",
  "reorderPositionStep",
  "actionInputKeysSnakeCase",
  "channelsPath",
  "channelsGetById",
  "knowledgeLinksPath",
  "knowledgeLinkMethods",
  "knowledgeContentsDeleteById",
  "knowledgeStatuses",
  "knowledgeTextIn",
  "softDelete",
];

/** The throwaway action's input: a key in each style users write (camelCase, snake_case, kebab-case, digits). */
const DOCTOR_INPUT = { timeoutMs: 5000, retry_count: 2, "x-api-version": "2", v2Url: "https://example.com" };
const DOCTOR_DEFINITIONS = [{ path: "query", definition: { type: "string", maxLength: 64 } }];

/** What the checks work with. */
export interface DoctorContext {
  client: InventClient;
  apiKey: string;
  /** The org as configured: `c` or a real id. */
  org: string;
  findings: Findings;
  /** Progress lines (stderr). */
  progress(line: string): void;
}

/** The key is refused (401): nothing else can be checked. */
export class DoctorAuthError extends Error {}

/** A final answer as doctor judges it: status, headers and the body (JSON when it parses, else its text). */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/**
 * One answer whatever its status, for what the client hides (error bodies, headers of lists), through the
 * client's own retries and rate limiting: a 429 or a 5xx is waited out exactly as the library would. Undefined
 * when no answer came, or when the last one is still a 429 or a 5xx: such a probe says nothing about the
 * assumption, so its checks are "not checked", never "contradicted".
 */
async function raw(
  ctx: DoctorContext,
  method: string,
  path: string,
  query = {},
): Promise<Answer | undefined> {
  let answer;
  try {
    answer = await ctx.client.exchange(method, path, { org: ctx.org, query });
  } catch (err) {
    if (err instanceof InventError) return undefined; // no answer at all
    throw err;
  }
  if (answer.status === 401) throw new DoctorAuthError();
  if (answer.status === 429 || answer.status >= 500) return undefined;
  return { status: answer.status, headers: answer.headers, text: answer.text, json: answer.body };
}

/** Like `raw`, for a step that cannot go on without an answer: the step then reports its checks not checked. */
async function answered(ctx: DoctorContext, method: string, path: string): Promise<Answer> {
  const res = await raw(ctx, method, path);
  if (!res) throw new InventError(noAnswer(`${method} ${path}`));
  return res;
}

/** Whether a call of the client's failed without an answer that says anything (429, 5xx, no connection). */
const unanswered = (err: unknown) =>
  err instanceof InventError && (err.status === undefined || err.status === 429 || err.status >= 500);

/** Why a probe said nothing, for "not checked" rows. */
const noAnswer = (what: string) =>
  `${what} got no usable answer (rate limited, a server error or no connection, after the client's retries)`;

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Checks one object against its wire schema; records problems and unknown fields. */
function wire(ctx: DoctorContext, kind: string, s: ResourceSpec, live: WireObject, embedded: string[] = []) {
  const { problems, extra } = checkWire(s, live, embedded);
  const row = `[D] wire schema: ${kind}`;
  if (problems.length)
    ctx.findings.contradicted(row, `${kind} ${String(live.id)}: ${problems.join("; ")}`, true);
  else ctx.findings.holds(row, `${kind} ${String(live.id)} has every field the library reads, with its type`);
  if (extra.length)
    ctx.findings.notes.push(`${kind} carries fields the library does not know: ${extra.join(", ")}`);
}

/** What `list` found: the first page, or why nothing can be said of the kind. */
type Listed = { items: WireObject[] } | { unanswered: string };

/** A list endpoint: status, bare array, pagination headers; returns its first page. */
async function list(ctx: DoctorContext, kind: string, path: string): Promise<Listed> {
  const take = ASSUMPTIONS.maxPageSize;
  const res = await raw(ctx, "GET", path, { page: 1, take });
  if (!res) {
    const why = noAnswer(`GET ${path}`);
    for (const row of ["[D] list endpoints", "[D] pagination headers", "maxPageSize"])
      ctx.findings.notChecked(row, why);
    return { unanswered: why };
  }
  const items = listBody(res.json);
  if (res.status !== 200 || !items) {
    ctx.findings.contradicted(
      "[D] list endpoints",
      `GET ${path} answered ${res.status}${items ? "" : ", not a JSON array"}`,
      true,
    );
    return { unanswered: `GET ${path} answered ${res.status}${items ? "" : " with no list"}` };
  }
  const where = `${kind}: GET ${path.replace(/\/(ast|act|ain|con|kc)_\w+/g, "/…")}`;
  if (Array.isArray(res.json)) ctx.findings.holds("[D] list endpoints", `${where} is a bare array`);
  else
    ctx.findings.contradicted(
      "[D] list endpoints",
      `${where} is a list inside an envelope (keys ${Object.keys(res.json as Obj).join(", ")}); the client reads it`,
      false,
    );
  const count = header(res.headers, "pagination-count");
  const page = header(res.headers, "pagination-page");
  const takeH = header(res.headers, "pagination-take");
  const numeric = [count, page, takeH].every((v) => v !== undefined && /^\d+$/.test(v));
  if (numeric)
    ctx.findings.holds(
      "[D] pagination headers",
      `pagination-count/page/take present (${kind}: ${count}/${page}/${takeH})`,
    );
  else
    ctx.findings.contradicted(
      "[D] pagination headers",
      `${kind}: pagination-count=${String(count)}, -page=${String(page)}, -take=${String(takeH)}; the client then reads ` +
        "until an empty page or one shorter than a page it already got (a request or so more per list)",
      false,
    );
  if (items.length <= take && (takeH === undefined || Number(takeH) === take))
    ctx.findings.holds("maxPageSize", `take=${take} accepted (${kind})`);
  else
    ctx.findings.contradicted(
      "maxPageSize",
      `take=${take} answered pagination-take=${String(takeH)}`,
      false,
      takeH !== undefined && /^\d+$/.test(takeH) ? { key: "maxPageSize", value: Number(takeH) } : undefined,
    );
  return { items: items as WireObject[] };
}

/** Reads one object by id; undefined on 404, or (with the reason in `notChecked`) when no answer came. */
async function getOne(ctx: DoctorContext, path: string): Promise<WireObject | undefined> {
  const res = await raw(ctx, "GET", path);
  if (!res || res.status !== 200 || !isObj(res.json)) return undefined;
  return res.json as WireObject;
}

/** Whether list items carry what reads need: compares the first item with a GET of the same object. */
function listItems(ctx: DoctorContext, kind: string, s: ResourceSpec, item: WireObject, single: WireObject) {
  const { missing, differing } = compareListItem(s, item, single);
  if (differing.length)
    ctx.findings.contradicted(
      "listItemsCarryWholeObject",
      `${kind} list item differs from its GET in ${differing.join(", ")}: refresh would read stale values`,
      true,
      { key: "listItemsCarryWholeObject", value: false },
    );
  else if (missing.length)
    ctx.findings.contradicted(
      "listItemsCarryWholeObject",
      `${kind} list items lack ${[...new Set(missing.map((m) => m.split(".")[0]))].join(", ")}: every read falls back ` +
        "to a GET after a useless listing",
      false,
      { key: "listItemsCarryWholeObject", value: false },
    );
  else ctx.findings.holds("listItemsCarryWholeObject", `${kind} list items equal their GET`);
}

/** Key, org, sub-orgs. Returns the org's real id and name when the API tells them. */
async function checkOrg(ctx: DoctorContext): Promise<{ id: string; name?: string }> {
  const f = ctx.findings;
  const probe = await raw(ctx, "GET", "/assistants", { page: 1, take: 1 });
  if (!probe)
    throw new InventError(
      `${noAnswer(`GET ${ctx.client.orgPath(ctx.org)}/assistants`)}: nothing could be checked. Run doctor again ` +
        `later; if it persists, check invent:baseUrl (${ctx.client.baseUrl}).`,
    );
  if (probe.status === 404)
    throw new InventError(
      `org ${ctx.org} is not reachable with this key (404). Check invent:orgId / INVENT_ORG_ID: "c" is the key's own ` +
        "org; a sub-org is reached by its id with its agency's key.",
    );
  f.holds("[D] key and org", `the key reaches org ${ctx.org}`);
  if (ctx.org === ASSUMPTIONS.ownOrgAlias) f.holds("ownOrgAlias", `"${ctx.org}" addressed the key's own org`);
  let org: { id: string; name?: string } = { id: ctx.org };
  try {
    const o = await ctx.client.get<Obj>("", { org: ctx.org });
    if (typeof o?.id === "string" && typeof o.name === "string") {
      org = { id: o.id, name: o.name };
      f.holds("orgReadable", `GET /orgs/${ctx.org} answered the org (id and name)`, false);
      if (ASSUMPTIONS.orgIdPattern.test(o.id))
        f.holds("orgIdPattern", `the org id matches ${ASSUMPTIONS.orgIdPattern}`);
      else
        f.contradicted(
          "orgIdPattern",
          `org id ${JSON.stringify(o.id)} does not match ${ASSUMPTIONS.orgIdPattern}`,
          true,
        );
    } else
      f.contradicted("orgReadable", `GET /orgs/${ctx.org} answered without id and name`, false, {
        key: "orgReadable",
        value: false,
      });
  } catch (err) {
    if (unanswered(err)) f.notChecked("orgReadable", noAnswer(`GET /orgs/${ctx.org}`), false);
    else if (!(err instanceof InventError) || (err.status !== 404 && err.status !== 401)) throw err;
    else
      f.contradicted("orgReadable", `GET /orgs/${ctx.org} answered ${err.status}`, false, {
        key: "orgReadable",
        value: false,
      });
  }
  if (!f.has("orgIdPattern")) f.notChecked("orgIdPattern", "the org's own id is not readable (orgReadable)");
  return org;
}

/** The read-only checks. */
export async function readOnlyChecks(ctx: DoctorContext): Promise<{ id: string; name?: string }> {
  const f = ctx.findings;
  const org = await checkOrg(ctx);

  // The error body of a 404, from an id that cannot exist.
  const missing = await raw(ctx, "GET", "/assistants/ast_pulumiInventDoctorNone000");
  if (!missing) {
    const why = noAnswer("GET of a missing assistant");
    f.notChecked("[D] 404 for a missing object", why);
    f.notChecked("errorBodyNestStyle", why, false);
  } else {
    if (missing.status !== 404)
      f.contradicted(
        "[D] 404 for a missing object",
        `GET of a missing assistant answered ${missing.status}`,
        true,
      );
    else f.holds("[D] 404 for a missing object", "GET of a missing assistant answered 404");
    errorBody(ctx, missing);
  }

  const listedAssistants = await list(ctx, "Assistant", "/assistants");
  const assistants = "items" in listedAssistants ? listedAssistants.items : [];
  let parent: WireObject | undefined;
  if (assistants.length) {
    const first =
      assistants.find((a) => Array.isArray(a.integrations) && a.integrations.length) ?? assistants[0];
    parent = await getOne(ctx, `/assistants/${encodeURIComponent(String(first.id))}`);
    if (parent) {
      wire(ctx, "Assistant", spec(assistantSpec), parent, ["integrations", "actions"]);
      listItems(ctx, "Assistant", spec(assistantSpec), first, parent);
      const cfg = isObj(parent.config) ? parent.config : {};
      const conv = isObj(cfg.conversation) ? cfg.conversation : {};
      enumSeen("knowledgeScopes", cfg.knowledge_scope, ASSUMPTIONS.knowledgeScopes);
      enumSeen("threadModes", conv.thread_mode, ASSUMPTIONS.threadModes);
    }
  } else if ("unanswered" in listedAssistants)
    f.notes.push(`assistants not checked: ${listedAssistants.unanswered}`);
  else
    f.notes.push("no assistant in the org: assistant fields and child kinds are checked only with --write");

  function enumSeen(key: string, value: unknown, members: readonly string[]) {
    if (typeof value !== "string") return;
    if (members.includes(value)) f.holds(key, `value seen: ${JSON.stringify(value)}`, false);
    else
      f.contradicted(
        key,
        `value ${JSON.stringify(value)} is not one of ${members.join(", ")}; arguments cannot name it`,
        false,
      );
  }

  for (const [kind, s, path] of [
    ["Connection", spec(connectionSpec), "/connections"],
    ["KnowledgeContent", spec(knowledgeContentSpec), "/knowledge/contents"],
  ] as const) {
    const listed = await list(ctx, kind, path);
    if ("unanswered" in listed) {
      f.notes.push(`${kind} not checked: ${listed.unanswered}`);
      continue;
    }
    if (!listed.items.length) {
      f.notes.push(`no ${kind} in the org: its fields are checked only with --write`);
      continue;
    }
    // A TEXT content, when there is one: where its text comes back is an assumption of its own.
    const item =
      kind === "KnowledgeContent"
        ? (listed.items.find((c) => c.type === "TEXT") ?? listed.items[0])
        : listed.items[0];
    const single = await getOne(ctx, `${path}/${encodeURIComponent(String(item.id))}`);
    if (!single) {
      f.notes.push(`${kind} ${String(item.id)} not checked: ${noAnswer("its GET")}`);
      continue;
    }
    wire(ctx, kind, s, single);
    listItems(ctx, kind, s, item, single);
    if (kind === "Connection") configKeys(ctx, "connectionConfigKeysSnakeCase", kind, single.config);
    if (kind === "KnowledgeContent") {
      statusSeen(ctx, single);
      if (single.type === "TEXT") textIn(ctx, item, single);
    }
  }
  if (!f.has("knowledgeTextIn"))
    f.notChecked("knowledgeTextIn", "no TEXT content in the org (run with --write)");

  boardSegment(ctx, assistants);
  await contacts(ctx);

  if (!parent) {
    for (const a of ["channelsPath", "channelsGetById", "knowledgeLinksPath"])
      f.notChecked(a, "no assistant in the org (run with --write)");
    return org;
  }
  const assistantId = String(parent.id);
  const actionsListed = await list(ctx, "Action", `/assistants/${encodeURIComponent(assistantId)}/actions`);
  const actions = "items" in actionsListed ? actionsListed.items : [];
  if (actions.length) {
    const one = await getOne(
      ctx,
      `/assistants/${encodeURIComponent(assistantId)}/actions/${encodeURIComponent(String(actions[0].id))}`,
    );
    if (one) wire(ctx, "Action", spec(actionSpec), one, ["position"]);
    const step = ASSUMPTIONS.reorderPositionStep;
    const off = actions.filter((a) => typeof a.position !== "number" || a.position % step !== 0);
    if (!byPosition(actions))
      f.notes.push(
        "actions carry no position: the library cannot read an order changed in the dashboard (it keeps the " +
          "declared one; reorders are still sent)",
      );
    else if (off.length)
      f.contradicted(
        "reorderPositionStep",
        `positions not multiples of ${step}: ${off.map((a) => String(a.position)).join(", ")}`,
        true,
      );
    else f.holds("reorderPositionStep", `action positions are multiples of ${step}`);
  }
  const channels = collectionPath(ASSUMPTIONS.channelsPath, { assistantId });
  const chList = await raw(ctx, "GET", channels);
  const chItems = chList && listBody(chList.json);
  if (!chList) {
    f.notChecked("channelsPath", noAnswer(`GET ${ASSUMPTIONS.channelsPath}`));
    f.notChecked("channelsGetById", noAnswer(`GET ${ASSUMPTIONS.channelsPath}`));
  } else if (chList.status === 200 && chItems) {
    f.holds("channelsPath", `GET ${ASSUMPTIONS.channelsPath} lists the assistant's channels`);
    const first = chItems[0];
    const configured = chItems.find((c) => isObj(c.config) && Object.keys(c.config).length);
    if (configured) configKeys(ctx, "channelConfigKeysSnakeCase", "Channel", configured.config);
    if (first) {
      await channelById(ctx, `${channels}/${encodeURIComponent(String(first.id))}`);
    } else f.notChecked("channelsGetById", "the assistant has no channel (run with --write)");
  } else f.contradicted("channelsPath", `GET ${ASSUMPTIONS.channelsPath} answered ${chList.status}`, true);
  const links = await raw(ctx, "GET", collectionPath(ASSUMPTIONS.knowledgeLinksPath, { assistantId }));
  const linkItems = links && (listBody(links.json) as Obj[] | undefined);
  if (!links) f.notChecked("knowledgeLinksPath", noAnswer(`GET ${ASSUMPTIONS.knowledgeLinksPath}`));
  else if (links.status === 200 && linkItems) {
    if (linkItems.every((i) => typeof i.linked === "boolean"))
      f.holds(
        "knowledgeLinksPath",
        `the per-assistant list answers ${linkItems.length} content(s), each with a boolean "linked"`,
      );
    else
      f.contradicted(
        "knowledgeLinksPath",
        'per-assistant list items carry no boolean "linked": the library reads a listed content as linked (a ' +
          "list of the linked contents only); --write checks that linking adds it and unlinking removes it",
        false,
      );
  } else
    f.contradicted(
      "knowledgeLinksPath",
      `GET ${ASSUMPTIONS.knowledgeLinksPath} answered ${links.status}`,
      true,
    );
  return org;
}

/**
 * `assistantBoardSegmentIn`: where an assistant's board items carry their initial segment's id, from an
 * assistant of the org that has a board with one (doctor cannot make a board: the API has no board endpoint).
 */
function boardSegment(ctx: DoctorContext, assistants: WireObject[]) {
  const key = "assistantBoardSegmentIn";
  const items = assistants.flatMap((a) => (Array.isArray(a.boards) ? a.boards.filter(isObj) : []));
  const withSegment = items.filter(
    (b) => (isObj(b.initial_segment) && b.initial_segment.id) || typeof b.initial_segment_id === "string",
  );
  if (!withSegment.length) return;
  const at = (b: Obj) =>
    ASSUMPTIONS.assistantBoardSegmentIn.find((p) => {
      const v = p.split(".").reduce<unknown>((acc, k) => (isObj(acc) ? acc[k] : undefined), b);
      return typeof v === "string";
    });
  const found = withSegment.map(at);
  if (found.every(Boolean))
    ctx.findings.holds(
      key,
      `board items carry the initial segment at ${[...new Set(found)].join(", ")}`,
      false,
    );
  else
    ctx.findings.contradicted(
      key,
      `a board item carries its initial segment at none of ${ASSUMPTIONS.assistantBoardSegmentIn.join(", ")} ` +
        `(keys: ${Object.keys(withSegment[found.indexOf(undefined)]).join(", ")}): the library keeps the declared segment`,
      false,
    );
}

/** The contacts list (documented) and `contactsGetById` (assumed): the list, its `status` filter, a GET of one. */
async function contacts(ctx: DoctorContext) {
  const listed = await list(ctx, "Contact", "/contacts");
  if ("unanswered" in listed) return ctx.findings.notes.push(`contacts not checked: ${listed.unanswered}`);
  const filtered = await raw(ctx, "GET", "/contacts", { status: "ALL", page: 1, take: 1 });
  if (!filtered) ctx.findings.notChecked("[D] contact filters", noAnswer("GET /contacts?status=ALL"));
  else if (filtered.status === 200)
    ctx.findings.holds("[D] contact filters", "GET /contacts?status=ALL answered 200");
  else
    ctx.findings.contradicted(
      "[D] contact filters",
      `GET /contacts?status=ALL answered ${filtered.status}`,
      true,
    );
  const [first] = listed.items;
  if (!first) return ctx.findings.notes.push("no contact in the org: contactsGetById is not checked");
  const one = await raw(ctx, "GET", `/contacts/${encodeURIComponent(String(first.id))}`);
  if (!one) ctx.findings.notChecked("contactsGetById", noAnswer("GET /contacts/{id}"), false);
  else if (one.status === 200 && isObj(one.json) && one.json.id === first.id)
    ctx.findings.holds("contactsGetById", "GET /contacts/{id} answered the contact", false);
  else
    ctx.findings.contradicted(
      "contactsGetById",
      `GET /contacts/{id} answered ${one.status}: getContact({ id }) reads the list instead (pages of 100)`,
      false,
      { key: "contactsGetById", value: false },
    );
}

/** The items of a list body: a bare array [D], or the array of a `{data|items|results}` envelope. */
function listBody(json: unknown): WireObject[] | undefined {
  if (Array.isArray(json)) return json as WireObject[];
  if (!isObj(json)) return undefined;
  return [json.data, json.items, json.results].find(Array.isArray) as WireObject[] | undefined;
}

/**
 * `knowledgeTextIn`: where a TEXT content's text comes back. Read-only, the text is unknown, so any string at
 * one of the assumed paths counts; with `written` (a content doctor made) the text is searched for anywhere.
 */
function textIn(ctx: DoctorContext, item: WireObject, single: WireObject, written?: string) {
  const paths = ASSUMPTIONS.knowledgeTextIn;
  const at = (o: WireObject) =>
    paths.find((p) => {
      const v = p.split(".").reduce<unknown>((acc, k) => (isObj(acc) ? acc[k] : undefined), o);
      return typeof v === "string" && (written === undefined || v === written);
    });
  const inGet = at(single);
  const inList = at(item);
  if (inGet) {
    ctx.findings.holds(
      "knowledgeTextIn",
      `the GET carries the text at ${inGet}${inList ? `, list items at ${inList}` : "; list items do not (a refresh reads it with a GET)"}`,
      false,
    );
    return;
  }
  const elsewhere = written !== undefined ? findString(single, written) : undefined;
  ctx.findings.contradicted(
    "knowledgeTextIn",
    elsewhere
      ? `the GET carries the text at ${elsewhere}, none of ${paths.join(", ")}: set the override so refresh reads it`
      : `neither the GET nor the list carries the text at ${paths.join(", ")}: the library keeps the declared text ` +
          "(it cannot see a text changed in the dashboard)",
    false,
    elsewhere ? { key: "knowledgeTextIn", value: [elsewhere, ...paths] } : undefined,
  );
}

/** The dotted path of the first string equal to `wanted` in an object, or undefined. */
function findString(o: unknown, wanted: string, prefix = ""): string | undefined {
  if (!isObj(o)) return undefined;
  for (const [k, v] of Object.entries(o)) {
    if (v === wanted) return `${prefix}${k}`;
    const inner = findString(v, wanted, `${prefix}${k}.`);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The verdict on the error body is about what users will read: the words the client's own parser finds in it
 * (the same function makes every error message), quoted as evidence.
 */
function errorBody(ctx: DoctorContext, answer: Answer) {
  const b = answer.json;
  const reported = serverMessagesOf(answer.json ?? (answer.text || undefined));
  const quote = reported.length ? `the client reports ${JSON.stringify(reported.join("; "))}` : "";
  const nest =
    isObj(b) &&
    typeof b.statusCode === "number" &&
    (typeof b.message === "string" ||
      (Array.isArray(b.message) && b.message.every((m) => typeof m === "string")));
  if (nest) {
    ctx.findings.holds("errorBodyNestStyle", `404 body is {statusCode, message, error}: ${quote}`, false);
    return;
  }
  const shape = isObj(b)
    ? `JSON with keys ${Object.keys(b).join(", ")}`
    : `${header(answer.headers, "content-type") ?? "untyped"} text`;
  ctx.findings.contradicted(
    "errorBodyNestStyle",
    `404 body is ${shape}; ` +
      (bodyShapeKnown(b)
        ? `a shape the client reads: ${quote}`
        : reported.length
          ? `a shape the client does not know: it quotes an excerpt (${quote.replace("the client reports ", "")})`
          : "it says nothing the client can quote: errors will carry only the status and the request id"),
    false,
    { key: "errorBodyNestStyle", value: false },
  );
}

/**
 * Whether a config map the API returned is spelt as `assumption` says (the API's own keys in snake_case): a
 * camelCase key there contradicts it. Keys all in snake_case hold; no keys say nothing.
 */
function configKeys(
  ctx: DoctorContext,
  assumption: "connectionConfigKeysSnakeCase" | "channelConfigKeysSnakeCase",
  kind: string,
  config: unknown,
) {
  const keys = isObj(config) ? Object.keys(config) : [];
  const camel = keys.filter((k) => /^[a-z][A-Za-z0-9]*[A-Z]/.test(k));
  if (camel.length)
    ctx.findings.contradicted(
      assumption,
      `${kind} config keys in camelCase: ${camel.join(", ")}`,
      true,
      ASSUMPTIONS[assumption] ? { key: assumption, value: false } : undefined,
    );
  else if (keys.length) ctx.findings.holds(assumption, `${kind} config keys: ${keys.join(", ")}`);
}

/**
 * `actionInputKeysSnakeCase`: an action made with input keys in every style comes back with them as sent (the
 * keys are the user's own) or with the camelCase ones in snake_case (the API rewrites them).
 */
function inputKeys(ctx: DoctorContext, sent: Obj, live: WireObject) {
  const config = isObj(live.config) ? live.config : {};
  const back = config.input;
  const key = "actionInputKeysSnakeCase";
  const rewritten = toWireKeys(sent, "snake_case");
  const styles = `${Object.keys(sent).join(", ")}`;
  if (sameValue(back, sent)) {
    if (!ASSUMPTIONS[key]) ctx.findings.holds(key, `config.input keys came back exactly as sent (${styles})`);
    else
      ctx.findings.contradicted(key, `config.input keys came back as sent (${styles})`, true, {
        key,
        value: false,
      });
  } else if (sameValue(back, rewritten)) {
    if (ASSUMPTIONS[key]) ctx.findings.holds(key, "camelCase config.input keys came back in snake_case");
    else
      ctx.findings.contradicted(
        key,
        `config.input keys came back rewritten: ${Object.keys(rewritten as Obj).join(", ")}`,
        true,
        {
          key,
          value: true,
        },
      );
  } else if (back === undefined) ctx.findings.notChecked(key, "the action's answer carries no config.input");
  else
    ctx.findings.contradicted(
      key,
      `config.input came back as ${isObj(back) ? `keys ${Object.keys(back).join(", ")}` : typeof back}, sent ${styles}`,
      true,
    );
}

function statusSeen(ctx: DoctorContext, content: WireObject) {
  const { done, failed } = ASSUMPTIONS.knowledgeStatuses;
  const known = ["PENDING", "PROCESSING", done, failed];
  if (known.includes(String(content.status)))
    ctx.findings.holds("knowledgeStatuses", `status seen: ${String(content.status)}`);
  else
    ctx.findings.contradicted(
      "knowledgeStatuses",
      `status ${JSON.stringify(content.status)} is none of ${known.join(", ")}`,
      true,
    );
}

// ---------------------------------------------------------------------------------------------------------
// --write
// ---------------------------------------------------------------------------------------------------------

/** One object doctor made, and how to delete it. */
interface Made {
  kind: string;
  id: string;
  path: string;
  deleted: boolean;
}

/**
 * The write checks: a throwaway assistant, connection, action, channel and knowledge content, each deleted
 * again in `finally` (children first). A failed step marks its assumptions "not checked" and the run goes on.
 */
/** `channelsGetById`: whether `GET …/integrations/{id}` answers a channel (checked against its wire schema). */
async function channelById(ctx: DoctorContext, path: string): Promise<void> {
  const one = await raw(ctx, "GET", path);
  if (!one) ctx.findings.notChecked("channelsGetById", noAnswer("GET …/integrations/{id}"));
  else if (one.status === 200 && isObj(one.json)) {
    ctx.findings.holds("channelsGetById", "GET …/integrations/{id} answered the channel");
    wire(ctx, "Channel", spec(channelSpec), one.json as WireObject);
  } else
    ctx.findings.contradicted("channelsGetById", `GET …/integrations/{id} answered ${one.status}`, true, {
      key: "channelsGetById",
      value: false,
    });
}

/**
 * What a new assistant got for the config its create left out (`sent`: dotted program paths it did send),
 * against `serverDefaults`. Only `export` uses them (to leave such values out of the program), so a
 * difference is recorded with its override, never an error.
 */
function serverDefaults(ctx: DoctorContext, created: WireObject, sent: string[]): void {
  const seen = fullView(assistantSpec.fields, created);
  const differences: string[] = [];
  const observe = (
    assumed: Record<string, unknown>,
    live: unknown,
    prefix: string,
  ): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(assumed).map(([key, want]) => {
        const path = `${prefix}${key}`;
        const got = isObj(live) ? live[key] : undefined;
        if (isObj(want)) return [key, observe(want, got, `${path}.`)];
        if (sent.includes(path) || got === undefined || JSON.stringify(got) === JSON.stringify(want))
          return [key, want];
        differences.push(`${path}: assumed ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        return [key, got];
      }),
    );
  const observed = observe(ASSUMPTIONS.serverDefaults.Assistant ?? {}, seen, "");
  if (!differences.length)
    ctx.findings.holds(
      "serverDefaults",
      "a new assistant got the assumed defaults for what its create left out",
    );
  else
    ctx.findings.contradicted(`serverDefaults`, `a new assistant got ${differences.join("; ")}`, false, {
      key: "serverDefaults",
      value: { ...ASSUMPTIONS.serverDefaults, Assistant: observed },
    });
}

export async function writeChecks(ctx: DoctorContext): Promise<Leftover[]> {
  const f = ctx.findings;
  const made: Made[] = [];
  const stamp = new Date().toISOString().replace(/[-:]/g, "").slice(0, 15);
  const name = `pulumi-invent doctor ${stamp}`;
  const org = { org: ctx.org };
  const register = (kind: string, path: string, obj: WireObject) => {
    const m = { kind, id: String(obj.id), path, deleted: false };
    made.push(m);
    return m;
  };
  const unknown: Leftover[] = [];
  const logger = { info: ctx.progress, warn: ctx.progress, debug: () => {} };
  /**
   * Creates one throwaway object through the library's own exactly-once path (`createExactlyOnce`): an answer
   * lost before or after the server acted is checked by a listing, never sent blindly again; an outcome that
   * stays unknown is a leftover to look for by what names it (`lookFor`).
   */
  const throwaway = async (
    kind: string,
    collection: string,
    body: Obj,
    lookFor: string,
    matches: (live: WireObject) => boolean,
  ): Promise<WireObject> => {
    try {
      const label = `doctor: throwaway ${kind}`;
      return await createExactlyOnce(
        { client: ctx.client, logger, org: ctx.org, collection, label, matches },
        body,
        () => ({}),
      );
    } catch (err) {
      if (!(err instanceof UnknownOutcomeError)) throw err;
      const startedAt = (err.properties.__createAttempt as { startedAt?: string } | undefined)?.startedAt;
      unknown.push({
        kind,
        path: `/orgs/${ctx.org}${collection}`,
        error: "the create's answer was lost and the check for the object failed too.",
        lookFor: `${lookFor}${startedAt ? `, created at or after ${startedAt}` : ""}`,
      });
      throw err;
    }
  };
  /** Runs a step; on failure, every assumption it would have judged is "not checked" with the reason. */
  const step = async (covers: string[], what: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (err) {
      if (err instanceof AuthenticationError) throw err;
      for (const a of covers) f.notChecked(a, `${what} failed: ${reasonOf(err)}`);
    }
  };
  const del = async (m: Made) => {
    await ctx.client.delete(m.path, org);
    m.deleted = true;
  };

  try {
    ctx.progress(
      `creating a throwaway assistant "${name}" (this spends one of the org's ${ASSUMPTIONS.assistantCreatesPerHour} ` +
        "assistant creations of this hour)",
    );
    let created: WireObject;
    try {
      created = await throwaway(
        "Assistant",
        "/assistants",
        {
          name,
          enabled: false,
          config: {
            instructions: CREATED_INSTRUCTIONS,
            conversation: { welcome_banner: "doctor banner", auto_intro_message: "doctor intro" },
          },
        },
        `an assistant named "${name}"`,
        (o) => o.name === name,
      );
    } catch (err) {
      if (!(err instanceof UnknownOutcomeError)) throw err;
      // Without its assistant no write check can run; the leftover says what to look for.
      for (const a of WRITE_CHECKED)
        if (!f.has(a)) f.notChecked(a, "the throwaway assistant's create had an unknown outcome (see below)");
      return unknown;
    }
    const assistant = register("Assistant", `/assistants/${encodeURIComponent(String(created.id))}`, created);
    wire(ctx, "Assistant", spec(assistantSpec), created, ["integrations", "actions"]);
    serverDefaults(ctx, created, [
      "enabled",
      "instructions",
      "conversation.welcomeBanner",
      "conversation.autoIntroMessage",
    ]);
    await step(["listItemsCarryWholeObject"], "the assistant listing", async () => {
      const item = (await ctx.client.listAll<WireObject>("/assistants", org)).find(
        (a) => a.id === created.id,
      );
      const single = await getOne(ctx, assistant.path);
      if (item && single) listItems(ctx, "Assistant", spec(assistantSpec), item, single);
    });

    await step(["patchDeepMergesNestedObjects"], "PATCH of the assistant", async () => {
      await ctx.client.patch(
        assistant.path,
        { config: { conversation: { welcome_banner: "doctor banner 2" } } },
        org,
      );
      const after = (await getOne(ctx, assistant.path)) ?? {};
      const cfg = isObj(after.config) ? after.config : {};
      const conv = isObj(cfg.conversation) ? cfg.conversation : {};
      const kept = conv.auto_intro_message === "doctor intro" && cfg.instructions === CREATED_INSTRUCTIONS;
      if (conv.welcome_banner !== "doctor banner 2")
        f.contradicted(
          "patchDeepMergesNestedObjects",
          "PATCH of config.conversation.welcome_banner did not change it",
          true,
        );
      else if (kept)
        f.holds(
          "patchDeepMergesNestedObjects",
          "PATCH of config.conversation.welcome_banner kept its siblings (auto_intro_message, instructions)",
        );
      else
        f.contradicted(
          "patchDeepMergesNestedObjects",
          "PATCH of config.conversation.welcome_banner reset its siblings (auto_intro_message, instructions): PATCH replaces nested objects",
          true,
          { key: "patchDeepMergesNestedObjects", value: false },
        );
    });

    await step(["credentialMask", "connectionConfigKeysSnakeCase"], "the connection checks", async () => {
      // Made up here, never printed: only the shape of what comes back is reported.
      const credential = `sk_test_doctor${randomBytes(9).toString("hex")}`;
      const con = await throwaway(
        "Connection",
        "/connections",
        { type: "RESEND", name, config: { auth_method: "MANUAL", api_key: credential } },
        `a RESEND connection named "${name}"`,
        (o) => o.name === name,
      );
      const m = register("Connection", `/connections/${encodeURIComponent(String(con.id))}`, con);
      const live = (await getOne(ctx, m.path)) ?? con;
      wire(ctx, "Connection", spec(connectionSpec), live);
      const cfg = isObj(live.config) ? live.config : {};
      if ("api_key" in cfg) f.holds("connectionConfigKeysSnakeCase", "config key api_key came back as sent");
      else
        f.contradicted(
          "connectionConfigKeysSnakeCase",
          `config came back with keys ${Object.keys(cfg).join(", ")}`,
          true,
        );
      mask(ctx, cfg.api_key, credential);
      await ctx.client.patch(m.path, { name: `${name} 2` }, org);
      await del(m);
      const gone = await answered(ctx, "GET", m.path);
      if (gone.status !== 404 && !(isObj(gone.json) && gone.json.deleted === true))
        f.contradicted("[D] DELETE of a connection", `GET after DELETE answered ${gone.status}`, true);
      else f.holds("[D] DELETE of a connection", `GET after DELETE answered ${gone.status}`);
    });

    const assistantId = String(created.id);
    await step(
      ["actionsDeleteById", "maxReorderItems", "reorderPositionStep", "actionInputKeysSnakeCase"],
      "the action checks",
      async () => {
        const actions = `/assistants/${encodeURIComponent(assistantId)}/actions`;
        const act = await throwaway(
          "Action",
          actions,
          {
            enabled: true,
            action_id: "TOOLS:WEB_SEARCH",
            name,
            config: { input: DOCTOR_INPUT, definitions: DOCTOR_DEFINITIONS },
          },
          `an action named "${name}" of assistant ${assistantId}`,
          (o) => o.name === name,
        );
        const m = register("Action", `${actions}/${encodeURIComponent(String(act.id))}`, act);
        const live = (await getOne(ctx, m.path)) ?? act;
        wire(ctx, "Action", spec(actionSpec), live, ["position"]);
        inputKeys(ctx, DOCTOR_INPUT, live);
        await ctx.client.patch(m.path, { name: "doctor 2" }, org);
        const step = ASSUMPTIONS.reorderPositionStep;
        await ctx.client.patch(`${actions}/reorder`, { positions: [{ id: m.id, position: step }] }, org);
        f.holds("reorderPositionStep", `PATCH …/actions/reorder accepted position ${step}`);
        f.notChecked("maxReorderItems", "[D] documented; proving the cap would need 26 actions");
        await del(m);
        f.holds("actionsDeleteById", "DELETE …/actions/{id} answered 2xx");
      },
    );

    await step(
      ["channelsPath", "channelsGetById", "channelConfigKeysSnakeCase"],
      "the channel checks",
      async () => {
        const channels = collectionPath(ASSUMPTIONS.channelsPath, { assistantId });
        const ch = await throwaway(
          "Channel",
          channels,
          { integration_id: "internal", enabled: true },
          `a web-widget channel (integration_id "internal") of assistant ${assistantId}`,
          (o) => o.integration_id === "internal",
        );
        const m = register("Channel", `${channels}/${encodeURIComponent(String(ch.id))}`, ch);
        f.holds("channelsPath", `POST ${ASSUMPTIONS.channelsPath} made a channel`);
        await channelById(ctx, m.path);
        await ctx.client.patch(m.path, { enabled: false }, org);
        f.notChecked("channelConfigKeysSnakeCase", "a web-widget channel has no config keys to compare");
        await del(m);
      },
    );

    await step(
      ["knowledgeLinksPath", "knowledgeLinkMethods", "knowledgeContentsDeleteById", "knowledgeStatuses"],
      "the knowledge checks",
      async () => {
        const text = "pulumi-invent doctor: throwaway text.";
        const kc = await throwaway(
          "KnowledgeContent",
          "/knowledge/contents",
          { title: name, content: { type: "TEXT", text } },
          `a knowledge content titled "${name}"`,
          (o) => o.title === name,
        );
        const m = register(
          "KnowledgeContent",
          `/knowledge/contents/${encodeURIComponent(String(kc.id))}`,
          kc,
        );
        wire(ctx, "KnowledgeContent", spec(knowledgeContentSpec), kc);
        statusSeen(ctx, kc);
        const single = await getOne(ctx, m.path);
        const item = (await ctx.client.listAll<WireObject>("/knowledge/contents", org)).find(
          (c) => String(c.id) === m.id,
        );
        if (single && item) {
          textIn(ctx, item, single, text);
          listItems(ctx, "KnowledgeContent", spec(knowledgeContentSpec), item, single);
        }
        const links = collectionPath(ASSUMPTIONS.knowledgeLinksPath, { assistantId });
        const linkPath = `${links}/${encodeURIComponent(m.id)}`;
        const { link, unlink } = ASSUMPTIONS.knowledgeLinkMethods;
        // As the library reads it: the `linked` flag, or being listed at all when items carry no flag.
        const linked = async () => {
          const listed = (await ctx.client.listAll<WireObject>(links, org)).find(
            (c) => String(c.id) === m.id,
          );
          return listed !== undefined && isLinked(listed);
        };
        const call = async (method: string) => {
          const res = await answered(ctx, method, linkPath);
          if (res.status >= 200 && res.status < 300) return true;
          // Both objects exist (doctor just made them): a 404 here is the assumed endpoint failing.
          f.contradicted(
            res.status === 404 ? "knowledgeLinksPath" : "knowledgeLinkMethods",
            `${method} ${ASSUMPTIONS.knowledgeLinksPath}/{content} answered ${res.status} while the assistant and ` +
              "the content exist: the link endpoint is elsewhere or takes another method",
            true,
          );
          return false;
        };
        if (!(await call(link))) f.notChecked("knowledgeLinkMethods", `the ${link} to link failed`);
        else {
          const afterLink = await linked();
          const unlinked = await call(unlink);
          const afterUnlink = unlinked ? await linked() : undefined;
          if (afterLink && afterUnlink === false) {
            f.holds(
              "knowledgeLinksPath",
              `${link} then ${unlink} on ${ASSUMPTIONS.knowledgeLinksPath}/{content} linked and unlinked it`,
            );
            f.holds("knowledgeLinkMethods", `${link} links, ${unlink} unlinks`);
          } else if (unlinked)
            f.contradicted(
              "knowledgeLinkMethods",
              `the content was ${afterLink ? "" : "not "}linked after ${link} and ${afterUnlink ? "still" : "not"} ` +
                `linked after ${unlink}`,
              true,
            );
        }
        await del(m);
        f.holds("knowledgeContentsDeleteById", "DELETE /knowledge/contents/{id} answered 2xx");
      },
    );

    await step(["softDelete"], "the assistant delete", async () => {
      await del(assistant);
      const after = await answered(ctx, "GET", assistant.path);
      if (after.status === 200 && isObj(after.json) && after.json.deleted === true)
        f.holds("softDelete", "GET after DELETE answered the assistant with deleted: true", false);
      else if (after.status === 404)
        f.contradicted(
          "softDelete",
          "GET after DELETE answered 404 (a hard delete; the library treats both as gone)",
          false,
          {
            key: "softDelete",
            value: false,
          },
        );
      else
        f.contradicted(
          "softDelete",
          `GET after DELETE answered ${after.status}, not 404 nor deleted: true`,
          true,
        );
    });
  } finally {
    // Children first: deleting the assistant may take them with it, and a 404 then means done.
    for (const m of [...made].reverse()) {
      if (m.deleted) continue;
      try {
        await del(m);
      } catch (err) {
        if (err instanceof NotFoundError) m.deleted = true;
      }
    }
  }
  const leftovers: Leftover[] = [...unknown];
  for (const m of made.filter((x) => !x.deleted)) {
    // A last look: gone (or soft-deleted) after all counts as deleted.
    const now = await raw(ctx, "GET", m.path).catch(() => undefined);
    if (now && (now.status === 404 || (isObj(now.json) && now.json.deleted === true))) continue;
    leftovers.push({
      kind: m.kind,
      id: m.id,
      path: `/orgs/${ctx.org}${m.path}`,
      error: now ? `still answers ${now.status}` : "unreachable",
    });
  }
  return leftovers;
}

/** How a credential came back: equal, omitted, masked as `credentialMask` says, or masked another way. */
function mask(ctx: DoctorContext, shown: unknown, declared: string) {
  const f = ctx.findings;
  if (shown === undefined || shown === null) {
    f.holds(
      "credentialMask",
      "the credential is omitted from answers (the library keeps the declared value)",
      false,
    );
    return;
  }
  if (typeof shown !== "string") {
    f.contradicted("credentialMask", `the credential came back as ${typeof shown}`, true);
    return;
  }
  if (shown === declared) {
    f.contradicted(
      "credentialMask",
      "the credential came back in clear (compared as it is; no mask rule needed)",
      false,
    );
    return;
  }
  let suffix = 0;
  while (
    suffix < shown.length &&
    suffix < declared.length &&
    shown[shown.length - 1 - suffix] === declared[declared.length - 1 - suffix]
  )
    suffix++;
  const prefix = shown.slice(0, shown.length - suffix);
  const shape = `"${prefix}" + ${suffix ? `the last ${suffix} characters` : "nothing of the value"}`;
  if (ASSUMPTIONS.isMaskOf(shown, declared)) {
    f.holds("credentialMask", `masked as ${shape}`);
    f.holds("isMaskOf", `masked as ${shape}`);
    return;
  }
  const value = { prefix: prefix || "****", revealsSuffix: suffix > 0 };
  f.contradicted(
    "credentialMask",
    `masked as ${shape}: every unchanged credential would show as drift`,
    true,
    {
      key: "credentialMask",
      value,
    },
  );
  f.contradicted("isMaskOf", "see credentialMask (its data form, which overrides it)", true, {
    key: "credentialMask",
    value,
  });
}
