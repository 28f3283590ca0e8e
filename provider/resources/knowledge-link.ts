import { ASSUMPTIONS } from "../assumptions";
import { NotFoundError } from "../errors";
import { field } from "../schema/fields";
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
  steps: {
    async create({ client, org, collection, values }) {
      await client.request(ASSUMPTIONS.knowledgeLinkMethods.link, linkPath(collection, values.contentId!), {
        org,
      });
      return { id: `${values.assistantId}/${values.contentId}`, live: {} };
    },
    async read({ values, listing }) {
      try {
        // One listing of the assistant's contents serves every link of that assistant in a refresh.
        const item = (await listing()).find((c) => String(c.id) === values.contentId);
        return item && item.linked === true && item.deleted !== true ? {} : undefined;
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
