import { z } from "zod";
import { ASSUMPTIONS } from "../assumptions";
import { field } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type { ActionArgs, ActionGetArgs, ActionOutputs } from "./types.generated";

const fields = {
  orgId: field.orgId(),
  adoptId: field.adoptId(),
  assistantId: field.parentId("Assistant", { doc: "Id of the assistant the action belongs to." }),
  tool: field.string({
    doc: "Catalog id of the tool, e.g. `TOOLS:HTTP_REQUEST`, `TOOLS:WEB_SEARCH`, `TOOLS:WEB_SCRAPING`.",
    wire: "action_id",
    required: true,
    replaceOnChange: true,
    pattern: {
      test: /^[A-Z0-9_]+:[A-Z0-9_]+$/,
      message: 'must be a catalog id such as "TOOLS:HTTP_REQUEST"',
    },
  }),
  enabled: field.boolean({
    doc: "Whether the assistant may call the action. Sent as true on create when left out.",
    createDefault: true,
  }),
  name: field.string({ doc: "Name the assistant sees, at most 64 characters.", min: 1, max: 64 }),
  instructions: field.string({
    doc: `When and how to use the action, at most ${ASSUMPTIONS.maxActionInstructionsLength} characters.`,
    max: ASSUMPTIONS.maxActionInstructionsLength,
  }),
  connectionId: field.string({
    doc: "Id of the connection the action uses (a `Connection`'s id); `null` detaches it.",
    nullable: true,
    min: 1,
  }),
  config: field.object(
    {
      input: field.json({
        doc: "The tool's input settings, shaped by the tool. Keys travel exactly as written, at every depth.",
        createDefault: {},
        // The user's own keys [A]: sent and read back as written (schema/keys.ts).
        keys: () => (ASSUMPTIONS.actionInputKeysSnakeCase ? "snake_case" : "as written"),
      }),
      definitions: field.objectList(
        z.object({ path: z.string().min(1), definition: z.record(z.string(), z.unknown()) }),
        "{ path: string; definition: Record<string, unknown> }",
        { doc: "Definitions the tool reads, each `{ path, definition }`.", createDefault: [] },
      ),
    },
    { doc: "The tool's configuration." },
  ),
  ...field.timestamps(),
};

/** The Action's one description: a tool on an assistant, under the assistant's URL. */
export const actionSpec: ResourceSpec<typeof fields> = {
  type: "Action",
  doc:
    "A tool the assistant may call (an HTTP request, a web search, …), attached to one assistant. Changing the " +
    "tool replaces it; everything else is one PATCH. Declare the order of an assistant's actions with `ActionOrder`.",
  path: "/assistants/{assistantId}/actions",
  fields,
  naturalKey: ["tool", "name"],
  // The assistant object embeds its actions [D]: a refresh reads them from the assistants' listing.
  locate: { getById: true, embeddedIn: { parentPath: "/assistants/{assistantId}", field: "actions" } },
};

/**
 * A tool an assistant may call, e.g. an HTTP request to your order system through an MCP connection.
 *
 * @example
 * new invent.Action("order-lookup", { assistantId: support.id, tool: "TOOLS:HTTP_REQUEST", name: "Look up an order" });
 */
export class Action extends resourceClass<ActionArgs, ActionOutputs, ActionGetArgs>(actionSpec) {}
