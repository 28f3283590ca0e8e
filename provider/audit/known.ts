/**
 * What the given stacks know of an org: the ids of the objects they manage, and every id their state mentions
 * (a reference made with `X.get`, an id a lookup found and a resource uses, a stack output). An object known
 * either way is not "unmanaged": the program chose to point at it.
 */
import { isPlaceholderId } from "../schema/create";
import { StateResource, stateResources } from "../stack";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** What one stack's state says. */
export interface StackKnowledge {
  /** The stack's name as given (or `(selected)`), or the state file it came from. */
  stack: string;
  /** Ids of the Invent objects the stack manages (creates, adopts, imports). */
  managed: Set<string>;
  /** Every other object id the state mentions: references, looked-up ids in arguments, outputs. */
  mentioned: Set<string>;
  /** The orgs its resources live in (`orgId` outputs: `c` or real ids). */
  orgs: Set<string>;
  /** Creates whose outcome is unknown (`unknown-outcome-…` placeholders): the object may exist unrecorded. */
  unresolved: string[];
  /** Secret values could not be read (no `--show-secrets`): ids inside them were not seen. */
  secretsUnread: boolean;
}

/** An Invent object id (`ast_…`, `con_…`): a prefix, an underscore, letters and digits. */
const ID = /^[a-z]{2,5}_[0-9A-Za-z]{8,}$/;

/** Every string of a value, at any depth (ciphertext of secret values included, harmlessly). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (isObj(v)) for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** Whether a resource is one of this library's (`pulumi-nodejs:dynamic/invent:Assistant`, or a native type). */
const kindOf = (r: StateResource) => /invent:(\w+)$/.exec(r.type)?.[1];

/** What an exported state (`pulumi stack export` JSON) knows. */
export function stackKnowledge(stack: string, exported: Obj, secretsUnread = false): StackKnowledge {
  const k: StackKnowledge = {
    stack,
    managed: new Set(),
    mentioned: new Set(),
    orgs: new Set(),
    unresolved: [],
    secretsUnread,
  };
  for (const r of stateResources(exported)) {
    const invent = kindOf(r) !== undefined;
    if (r.type !== "pulumi:pulumi:Stack" && !invent) continue;
    const id = r.id ?? "";
    if (invent && isPlaceholderId(id)) k.unresolved.push(r.urn.split("::").pop() ?? r.urn);
    else if (invent && ID.test(id)) {
      // A reference (`X.get`) is read, never managed; an object of its own otherwise. Ids with a slash (an
      // order, a link) are not objects of their own: the ids in their arguments count below.
      if (r.outputs?.__reference === true) k.mentioned.add(id);
      else k.managed.add(id);
    }
    const org = r.outputs?.orgId;
    if (invent && typeof org === "string") k.orgs.add(org);
    for (const s of [...strings(r.inputs), ...strings(r.outputs)])
      if (ID.test(s) && s !== id) k.mentioned.add(s);
  }
  return k;
}
