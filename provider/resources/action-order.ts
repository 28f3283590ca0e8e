import { ASSUMPTIONS } from "../assumptions";
import { InventClient } from "../client";
import { field, isGone, UNKNOWN, WireObject } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type { ActionOrderArgs, ActionOrderGetArgs, ActionOrderOutputs } from "./types.generated";

const fields = {
  orgId: field.orgId(),
  assistantId: field.parentId("Assistant", { doc: "Id of the assistant whose actions are ordered." }),
  actionIds: field.stringList({
    doc: "Ids of the assistant's actions, first first. Actions left out keep their place after these.",
    required: true,
    wire: "action_ids",
  }),
};

/** Positions for `ids` in order, sent `maxReorderItems` at a time: ⌈n/25⌉ calls. */
async function reorder(client: InventClient, org: string, collection: string, ids: string[]) {
  const step = ASSUMPTIONS.reorderPositionStep;
  for (let i = 0; i < ids.length; i += ASSUMPTIONS.maxReorderItems) {
    const positions = ids
      .slice(i, i + ASSUMPTIONS.maxReorderItems)
      .map((id, j) => ({ id, position: (i + j + 1) * step }));
    await client.patch(`${collection}/reorder`, { positions }, { org });
  }
}

/**
 * An assistant's actions by their `position` [D], equal positions in the order listed. Undefined when an item
 * carries no numeric position (older API generations did not show it): then the order cannot be read.
 */
export function byPosition(actions: WireObject[]): WireObject[] | undefined {
  if (actions.some((a) => typeof a.position !== "number")) return undefined;
  return [...actions].sort((a, b) => (a.position as number) - (b.position as number));
}

/**
 * The declared actions in the order the API holds them now (actions not declared here do not count). When the
 * API does not show positions, the order is judged against what was declared last time, like a write-only
 * value: actions that are gone still count, a reorder in the dashboard cannot be seen.
 */
async function currentOrder(
  client: InventClient,
  org: string,
  collection: string,
  declared: string[] | undefined,
) {
  const live = (await client.listAll<WireObject>(collection, { org })).filter((a) => !isGone(a));
  const ordered = byPosition(live);
  // Nothing declared (an import, a reference): every action, in the order the API holds (or lists) them.
  if (!declared) return (ordered ?? live).map((a) => String(a.id));
  if (!ordered) {
    const ids = new Set(live.map((a) => String(a.id)));
    return declared.filter((id) => ids.has(id));
  }
  return ordered.map((a) => String(a.id)).filter((id) => declared.includes(id));
}

const orderId = (assistantId: string) => `${assistantId}/actions-order`;

/** The order of an assistant's actions: a call on their collection, not an object of its own. */
export const actionOrderSpec: ResourceSpec<typeof fields> = {
  type: "ActionOrder",
  doc:
    "The order in which an assistant's actions are offered, declared once. Each change is one reorder call " +
    `(${ASSUMPTIONS.maxReorderItems} actions per call); an order changed in the dashboard shows as drift and is put back.`,
  path: "/assistants/{assistantId}/actions",
  fields,
  idTemplate: "{assistantId}/actions-order",
  check: (v) => {
    // Ids of actions not created yet are all the same "unknown" marker at preview: only known ids count.
    const ids = (v.actionIds ?? []).filter((id) => id !== UNKNOWN);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    return dup
      ? [{ property: "actionIds", reason: `actionIds: ${JSON.stringify(dup)} is listed twice.` }]
      : [];
  },
  steps: {
    async create({ client, org, collection, values }) {
      await reorder(client, org, collection, values.actionIds ?? []);
      return { id: orderId(values.assistantId!), live: { action_ids: values.actionIds } };
    },
    async read({ client, org, collection, values }) {
      try {
        return { action_ids: await currentOrder(client, org, collection, values.actionIds) };
      } catch (err) {
        if ((err as { status?: number }).status === 404) return undefined; // the assistant is gone
        throw err;
      }
    },
    async update({ client, org, collection, values, olds }) {
      const want = values.actionIds ?? [];
      if (JSON.stringify(want) !== JSON.stringify(olds?.actionIds))
        await reorder(client, org, collection, want);
      return { action_ids: want };
    },
    async delete() {
      // An order is not an object: removing it from the program leaves the actions where they are.
    },
  },
};

/**
 * The order of an assistant's actions, declared in one place.
 *
 * @example
 * new invent.ActionOrder("support-tools", { assistantId: support.id, actionIds: [lookup.id, refunds.id] });
 */
export class ActionOrder extends resourceClass<ActionOrderArgs, ActionOrderOutputs, ActionOrderGetArgs>(
  actionOrderSpec,
) {}
