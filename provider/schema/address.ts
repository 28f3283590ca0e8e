/**
 * Where an object of a kind lives: its collection's path under the org, reading one object alone, and its
 * parents named for messages. Used by the lifecycle, the lookups, doctor and export alike.
 */
import { InventClient } from "../client";
import { Fields, WireObject } from "./fields";
import { getById, getEmbedded, getListed } from "./reads";
import { Locate, ResourceSpec } from "./spec";
import { tableOf } from "./table";

type Obj = Record<string, unknown>;

/** A path template with its `{name}` parameters filled from `values`, each encoded as one path segment. */
export function collectionPath(template: string, values: Obj): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (typeof v !== "string" || !v)
      throw new Error(`${name} is required to address the object (got ${JSON.stringify(v)})`);
    return encodeURIComponent(v);
  });
}

/** Whether a kind is read through its listing only: no GET by id, and no parent embedding it. */
export const listOnly = (locate: Locate | undefined) => !!locate && !locate.getById && !locate.embeddedIn;

/**
 * One object of a kind read alone: `GET {path}/{id}`, from its parent's array when the kind has no GET by id
 * (`locate`), or from its collection's listing when nothing else reads it. Undefined when it is gone.
 */
export async function readOne(
  client: InventClient,
  spec: Pick<ResourceSpec, "path" | "locate">,
  values: Obj,
  id: string,
  org: string,
): Promise<WireObject | undefined> {
  if (listOnly(spec.locate)) return getListed(client, org, collectionPath(spec.path, values), id);
  const embedded = spec.locate?.embeddedIn;
  const fromParent = () =>
    getEmbedded(client, org, collectionPath(embedded!.parentPath, values), embedded!.field, id);
  if (embedded && !spec.locate!.getById) return fromParent();
  const one = await getById(client, org, collectionPath(spec.path, values), id);
  // An assumed GET by id that answers 404 may be a route the API lacks: the parent has the last word on "gone".
  return one ?? (embedded ? fromParent() : undefined);
}

/** ` under Assistant ast_…` for each parent in an object's path, for messages. */
export function underParents(fields: Fields, values: Obj): string {
  return tableOf(fields)
    .inputs.filter((i) => i.field.path)
    .map((i) => ` under ${i.field.parent ?? i.key} ${String(values[i.key])}`)
    .join("");
}
