import { ASSUMPTIONS } from "../assumptions";
import { InventClient } from "../client";
import { InventError, NotFoundError } from "../errors";
import { field, isGone, WireObject } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type { KnowledgeLinkArgs, KnowledgeLinkGetArgs, KnowledgeLinkOutputs } from "./types.generated";

const fields = {
  orgId: field.orgId(),
  assistantId: field.parentId("Assistant", { doc: "Id of the assistant that may use the content." }),
  contentId: field.string({
    doc: "Id of the knowledge content (a `KnowledgeContent`'s id); it is part of the link's URL.",
    required: true,
    replaceOnChange: true,
    local: true, // never in a body: the link call names it in its URL
    min: 1,
  }),
};

const linkPath = (collection: string, contentId: string) => `${collection}/${encodeURIComponent(contentId)}`;

/**
 * A 404 of the link call: a missing assistant or content says so; when both exist, the assumed endpoint is what
 * failed (the docs show none), and the message says how to check and correct it.
 */
async function whyNotFound(
  client: InventClient,
  org: string,
  values: { assistantId?: string; contentId?: string },
  method: string,
  err: NotFoundError,
): Promise<Error> {
  const exists = (path: string) =>
    client.get(path, { org }).then(
      (o) => !isGone(o as WireObject),
      (e: unknown) => (e instanceof NotFoundError ? false : undefined),
    );
  const [assistant, content] = await Promise.all([
    exists(`/assistants/${encodeURIComponent(values.assistantId!)}`),
    exists(`/knowledge/contents/${encodeURIComponent(values.contentId!)}`),
  ]);
  if (assistant === false || content === false) {
    err.message += ` ${assistant === false ? `Assistant ${values.assistantId}` : `KnowledgeContent ${values.contentId}`} does not exist in org ${org}.`;
    return err;
  }
  if (assistant && content)
    return new InventError(
      `KnowledgeLink: ${method} ${client.orgPath(org)}${ASSUMPTIONS.knowledgeLinksPath.replace("{assistantId}", values.assistantId!)}/${values.contentId} ` +
        `answered 404 although the assistant and the content both exist: the link endpoint is an assumption ` +
        `(knowledgeLinksPath "${ASSUMPTIONS.knowledgeLinksPath}", knowledgeLinkMethods.link "${method}"), and this API ` +
        "does not answer it. Run `npx pulumi-invent doctor --write` to find the right one, then set it with " +
        `\`pulumi config set --path 'invent:assumptions.knowledgeLinksPath' '<path with {assistantId}>'\` (and ` +
        "`invent:assumptions.knowledgeLinkMethods.link`). (request id " +
        `${err.requestId ?? "unknown"})`,
      { status: 404, request: err.request, serverMessages: err.serverMessages, requestId: err.requestId },
    );
  return err;
}

/**
 * Whether an item of the per-assistant contents list is linked to that assistant: its `linked` flag [A]. A list
 * whose items carry no flag can only be a list of the linked contents, so an item there without one is linked.
 */
export const isLinked = (item: WireObject) => item.linked !== false && item.deleted !== true;

/** A link is not an object of its own: a call on the content's URL under the assistant, and a flag in a list. */
export const knowledgeLinkSpec: ResourceSpec<typeof fields> = {
  type: "KnowledgeLink",
  doc:
    'Lets an assistant whose `knowledgeScope` is `"selected"` use one knowledge content. Create is one link call, ' +
    "delete one unlink call; a link removed in the dashboard shows as gone at refresh and is made again by the next " +
    "`pulumi up`. Deleting the content or the assistant removes its links.",
  // A getter (and the methods read at call time): an `invent:assumptions` override applied after load counts.
  get path() {
    return ASSUMPTIONS.knowledgeLinksPath;
  },
  fields,
  idTemplate: "{assistantId}/{contentId}",
  steps: {
    async create({ client, org, collection, values }) {
      const method = ASSUMPTIONS.knowledgeLinkMethods.link;
      try {
        await client.request(method, linkPath(collection, values.contentId!), { org });
      } catch (err) {
        if (err instanceof NotFoundError) throw await whyNotFound(client, org, values, method, err);
        throw err;
      }
      return { id: `${values.assistantId}/${values.contentId}`, live: {} };
    },
    async read({ values, listing }) {
      try {
        // One listing of the assistant's contents serves every link of that assistant in a refresh.
        const item = (await listing()).find((c) => String(c.id) === values.contentId);
        return item && isLinked(item) ? {} : undefined;
      } catch (err) {
        if (err instanceof NotFoundError) return undefined; // the assistant is gone, and its links with it
        throw err;
      }
    },
    async update() {
      return {}; // every argument replaces: nothing to change in place
    },
    async delete({ client, org, collection, values }) {
      try {
        await client.request(
          ASSUMPTIONS.knowledgeLinkMethods.unlink,
          linkPath(collection, values.contentId!),
          { org },
        );
      } catch (err) {
        // Not linked any more, or the content or the assistant is gone: the goal is reached.
        if (!(err instanceof NotFoundError)) throw err;
      }
    },
  },
};

/**
 * Lets an assistant whose `knowledgeScope` is `"selected"` use a knowledge content.
 *
 * @example
 * new invent.KnowledgeLink("support-faq", { assistantId: support.id, contentId: faq.id });
 */
export class KnowledgeLink extends resourceClass<
  KnowledgeLinkArgs,
  KnowledgeLinkOutputs,
  KnowledgeLinkGetArgs
>(knowledgeLinkSpec) {}
