/**
 * Which assistant a test talks to. A test file names it by its logical name in the Pulumi program (the
 * `"support"` of `new invent.Assistant("support", …)`), by a stack output holding its id, or by its id
 * (`ast_…`). Names are read from the stack's state through the Pulumi CLI (`pulumi stack export`: the id and
 * org of each Assistant resource, and the stack's outputs); ids need no stack. Each assistant is then read
 * once from the API (it must exist), which also gives its actions for `tool.called`.
 */
import { ConfigurationError, NotFoundError } from "../errors";
import { exportStack, StateResource, stateResources } from "../stack";
import { InventClient } from "../client";
import type { ServerClock } from "../chats/conversation";
import type { TargetAssistant } from "./runner";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** An assistant id, as opposed to a logical name. */
export const isAssistantId = (ref: string) => /^ast_[0-9A-Za-z]+$/.test(ref);

/** What the stack knows: Assistant resources by logical name, and the stack's outputs. */
export interface StackView {
  stack: string;
  assistants: Map<string, { id: string; org?: string }>;
  outputs: Obj;
  /** Every resource of the state (for attributing a preview's changes). */
  resources: StateResource[];
}

/** Reads the state of `stack` (the selected one when undefined) through the Pulumi CLI in `dir`. */
export function readStack(
  dir: string,
  stack: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): StackView {
  const exported = exportStack(dir, stack, {
    env,
    fix: "Select the stack (--stack), or name assistants by id (ast_…).",
  });
  return stackView(exported, stack ?? "(selected)");
}

/** The assistants and outputs of an exported state (`pulumi stack export` JSON). */
export function stackView(exported: Obj, stack: string): StackView {
  const resources = stateResources(exported);
  const assistants = new Map<string, { id: string; org?: string }>();
  let outputs: Obj = {};
  for (const r of resources) {
    if (r.type === "pulumi:pulumi:Stack") outputs = r.outputs ?? {};
    if (!/invent:Assistant$/.test(r.type) || !r.id || !isAssistantId(r.id)) continue;
    const org = r.outputs?.orgId;
    assistants.set(r.urn.split("::").pop()!, { id: r.id, ...(typeof org === "string" ? { org } : {}) });
  }
  return { stack, assistants, outputs, resources };
}

/** The id and org of a reference: an id as is; a logical name or an output through the stack. */
export function resolveReference(
  ref: string,
  defaultOrg: string,
  stack: () => StackView,
): { id: string; org: string; label: string } {
  if (isAssistantId(ref)) return { id: ref, org: defaultOrg, label: ref };
  const view = stack();
  const byName = view.assistants.get(ref);
  if (byName) return { id: byName.id, org: byName.org ?? defaultOrg, label: `${ref} (${byName.id})` };
  const output = view.outputs[ref];
  if (typeof output === "string" && isAssistantId(output))
    return { id: output, org: defaultOrg, label: `${ref} (${output})` };
  const names = [...view.assistants.keys()];
  throw new ConfigurationError(
    `assistant ${JSON.stringify(ref)}: the stack ${view.stack} has no Assistant of that logical name nor an output ` +
      `holding an assistant id (its Assistants: ${names.length ? names.join(", ") : "none"}). Use the name given to ` +
      "`new invent.Assistant(...)` in the program, run `pulumi up` first if it is new, or give the id (ast_…).",
  );
}

/** Reads each assistant from the API: it must exist and not be deleted; its actions come with it. */
export async function checkTarget(
  client: InventClient,
  ref: { id: string; org: string; label: string },
  serverClock?: ServerClock,
): Promise<TargetAssistant> {
  let live: Obj;
  try {
    const res = await client.request<Obj>("GET", `/assistants/${encodeURIComponent(ref.id)}`, {
      org: ref.org,
    });
    // The server's clock, so that a lost start is checked without a listing of its own.
    serverClock?.observe(res.headers);
    live = res.body;
  } catch (err) {
    if (err instanceof NotFoundError)
      throw new ConfigurationError(
        `assistant ${ref.label} was not found in org ${ref.org} (404): check the id, or the stack and its org.`,
      );
    throw err;
  }
  if (live.deleted === true)
    throw new ConfigurationError(
      `assistant ${ref.label} is deleted in org ${ref.org}: run \`pulumi up\`, or fix the id.`,
    );
  const actions = new Map<string, { name?: string; catalogId?: string }>();
  for (const a of Array.isArray(live.actions) ? live.actions.filter(isObj) : [])
    if (typeof a.id === "string")
      actions.set(a.id, {
        ...(typeof a.name === "string" ? { name: a.name } : {}),
        ...(typeof a.action_id === "string" ? { catalogId: a.action_id } : {}),
      });
  return { ...ref, actions };
}

/**
 * The logical names of the assistants a `pulumi preview --json` changes: an Assistant's own steps, and the
 * steps of what belongs to one (actions, channels, order, knowledge links: their `assistantId`), of a
 * knowledge content (the assistants linked to it, and those whose knowledge is not `selected`) and of a
 * connection (the assistants whose actions or channels use it). `all` when a change cannot be attributed.
 */
export function affectedAssistants(preview: Obj, state: StackView): Set<string> | "all" {
  const steps = Array.isArray(preview.steps) ? preview.steps.filter(isObj) : [];
  const resources = state.resources;
  const nameOfId = new Map([...state.assistants].map(([name, a]) => [a.id, name]));
  const inputsOf = (r: StateResource | Obj | undefined): Obj =>
    isObj(r) ? { ...(isObj(r.outputs) ? r.outputs : {}), ...(isObj(r.inputs) ? r.inputs : {}) } : {};
  const named = new Set<string>();
  const assistantOf = (values: Obj): string | undefined => {
    const id = values.assistantId;
    return typeof id === "string" ? nameOfId.get(id) : undefined;
  };
  for (const step of steps) {
    if (step.op === "same" || step.op === "read") continue;
    const urn = String(step.urn ?? "");
    const type = urn.split("::")[2] ?? "";
    const kind = /invent:(\w+)$/.exec(type)?.[1];
    if (!kind) continue; // the stack, providers: no assistant behaviour
    const values = { ...inputsOf(step.oldState as Obj), ...inputsOf(step.newState as Obj) };
    const id =
      (isObj(step.oldState) ? step.oldState.id : undefined) ??
      (isObj(step.newState) ? step.newState.id : undefined);
    if (kind === "Assistant") {
      named.add(urn.split("::").pop()!);
      continue;
    }
    const owner = assistantOf(values);
    if (owner) {
      named.add(owner);
      continue;
    }
    if (kind === "KnowledgeContent" || kind === "Connection") {
      const field = kind === "KnowledgeContent" ? "contentId" : "connectionId";
      for (const r of resources) {
        const v = inputsOf(r);
        if (typeof id === "string" && v[field] === id) {
          const a = assistantOf(v);
          if (a) named.add(a);
        }
        if (
          kind === "KnowledgeContent" &&
          /invent:Assistant$/.test(r.type) &&
          v.knowledgeScope !== "selected"
        ) {
          const a = r.id ? nameOfId.get(r.id) : undefined;
          if (a) named.add(a);
        }
      }
      continue;
    }
    return "all";
  }
  return named;
}
