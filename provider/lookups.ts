/**
 * Lookup functions for existing Invent objects, in the usual Pulumi pair of forms: `getX(args)` returns a
 * Promise, `getXOutput(args)` takes inputs and returns an Output. They run in the program process (during
 * `preview` too) and only ever read (GET). Settings come from the stack config (`invent:apiKey`,
 * `invent:orgId`, `invent:baseUrl`), then the environment (`INVENT_API_KEY`, …), as for the resources.
 *
 * There are none for `ActionOrder` and `KnowledgeLink`: an order is a call on the actions' collection and a
 * link a flag on a content, not objects of their own (`listActions` gives an assistant's actions,
 * `listKnowledgeContents` the org's contents).
 */
import * as pulumi from "@pulumi/pulumi";
import { actionSpec } from "./resources/action";
import { assistantSpec } from "./resources/assistant";
import { channelSpec } from "./resources/channel";
import { connectionSpec } from "./resources/connection";
import { knowledgeContentSpec } from "./resources/knowledge-content";
import { segmentSpec } from "./resources/segment";
import { subOrganizationSpec } from "./resources/sub-organization";
import { contactQuery, ContactResult, GetContactArgs, ListContactsArgs } from "./resources/contact";
import type * as T from "./resources/types.generated";
import { isInput } from "./schema/fields";
import { KindLookups, lookupsFor } from "./schema/lookup";
import { asProgramError, programContext } from "./program-context";
import { queryLookupsFor, QueryLookups, QuerySpec } from "./schema/query";
import { ResourceSpec } from "./schema/spec";

type Obj = Record<string, unknown>;

/** Whether a result holds a secret value (a minted key, a connection's config): its Output is made secret. */
function holdsSecret(spec: ResourceSpec, result: Obj): boolean {
  return Object.entries(spec.fields).some(
    ([k, f]) =>
      (isInput(f) || f.kind === "computed") && f.secret && result[k] !== undefined && result[k] !== null,
  );
}

/** A lookup's promise, its errors marked for the program (see {@link asProgramError}). */
async function program<R>(call: () => Promise<R>): Promise<R> {
  try {
    return await call();
  } catch (err) {
    throw asProgramError(err);
  }
}

/** The four functions of one kind, from its description. */
function lookups<GetArgs, ListArgs, Result>(spec: ResourceSpec) {
  let made: KindLookups | undefined;
  const kind = () => (made ??= lookupsFor(spec, programContext));
  const get = (args: GetArgs) => program(() => kind().get(args as Obj)) as Promise<Result>;
  const list = (args?: ListArgs) => program(() => kind().list(args as Obj | undefined)) as Promise<Result[]>;
  // An Output of a result holding a secret is secret as a whole, as Pulumi's own invokes are.
  const secretIf = <R>(r: R, secret: boolean) => (secret ? pulumi.secret(r) : r) as pulumi.Input<R>;
  return {
    get,
    list,
    getOutput: (args: object): pulumi.Output<Result> =>
      pulumi
        .output(args)
        .apply((a) => get(a as GetArgs))
        .apply((r) => secretIf(r, holdsSecret(spec, r as Obj))) as pulumi.Output<Result>,
    listOutput: (args?: object): pulumi.Output<Result[]> =>
      pulumi
        .output(args ?? {})
        .apply((a) => list(a as ListArgs))
        .apply((rs) =>
          secretIf(
            rs,
            rs.some((r) => holdsSecret(spec, r as Obj)),
          ),
        ) as pulumi.Output<Result[]>,
  };
}

const assistants = lookups<T.GetAssistantArgs, T.ListAssistantsArgs, T.AssistantResult>(
  assistantSpec as unknown as ResourceSpec,
);
const connections = lookups<T.GetConnectionArgs, T.ListConnectionsArgs, T.ConnectionResult>(
  connectionSpec as unknown as ResourceSpec,
);
const actions = lookups<T.GetActionArgs, T.ListActionsArgs, T.ActionResult>(
  actionSpec as unknown as ResourceSpec,
);
const channels = lookups<T.GetChannelArgs, T.ListChannelsArgs, T.ChannelResult>(
  channelSpec as unknown as ResourceSpec,
);
const contents = lookups<T.GetKnowledgeContentArgs, T.ListKnowledgeContentsArgs, T.KnowledgeContentResult>(
  knowledgeContentSpec as unknown as ResourceSpec,
);

const subOrganizations = lookups<
  T.GetSubOrganizationArgs,
  T.ListSubOrganizationsArgs,
  T.SubOrganizationResult
>(subOrganizationSpec as unknown as ResourceSpec);
const segments = lookups<T.GetSegmentArgs, T.ListSegmentsArgs, T.SegmentResult>(
  segmentSpec as unknown as ResourceSpec,
);

// Each get throws when there is no such object, and (by natural key) when several match, listing each
// candidate's id and creation time. Results of the Promise forms hold sensitive values in clear (an
// assistant's `secretKey`; a connection's or channel's `config`, credentials masked): do not export or log
// them; the Output forms wrap such a result as a secret.

/**
 * An assistant, by `id` or by `name`.
 *
 * @example
 * const support = await invent.getAssistant({ name: "Customer Support" });
 *
 * Its `secretKey` is sensitive: keep it out of logs and plain stack outputs (or use {@link getAssistantOutput}).
 */
export function getAssistant(args: T.GetAssistantArgs): Promise<T.AssistantResult> {
  return assistants.get(args);
}
/** {@link getAssistant} with inputs; the result is secret when the assistant has a `secretKey`. */
export function getAssistantOutput(args: T.GetAssistantOutputArgs): pulumi.Output<T.AssistantResult> {
  return assistants.getOutput(args);
}
/** Every assistant of the org (`name` narrows it). `secretKey`s are sensitive. */
export function listAssistants(args?: T.ListAssistantsArgs): Promise<T.AssistantResult[]> {
  return assistants.list(args);
}
/** {@link listAssistants} with inputs; secret when any assistant has a `secretKey`. */
export function listAssistantsOutput(args?: T.ListAssistantsOutputArgs): pulumi.Output<T.AssistantResult[]> {
  return assistants.listOutput(args);
}

/**
 * A connection, by `id` or by `type` and/or `name`. Connections made through a browser sign-in (WhatsApp,
 * Gmail, …) cannot be declared from code: look them up here and pass their `id` as a `connectionId`.
 *
 * @example
 * const whatsapp = invent.getConnectionOutput({ type: "WHATSAPP", name: "Support line" });
 * new invent.Channel("whatsapp", { assistantId: support.id, type: "whatsapp_bot", connectionId: whatsapp.id });
 *
 * Its `config` is sensitive (the API masks credentials, but keep it out of logs).
 */
export function getConnection(args: T.GetConnectionArgs): Promise<T.ConnectionResult> {
  return connections.get(args);
}
/**
 * {@link getConnection} with inputs. The result is secret (its `config`), so its `id` is a secret output too:
 * fine for `connectionId`; `pulumi.unsecret(c.id)` to show it.
 */
export function getConnectionOutput(args: T.GetConnectionOutputArgs): pulumi.Output<T.ConnectionResult> {
  return connections.getOutput(args);
}
/** Every connection of the org (`type`, `name`, `status` narrow it). `config`s are sensitive. */
export function listConnections(args?: T.ListConnectionsArgs): Promise<T.ConnectionResult[]> {
  return connections.list(args);
}
/** {@link listConnections} with inputs; secret when any connection has a `config`. */
export function listConnectionsOutput(
  args?: T.ListConnectionsOutputArgs,
): pulumi.Output<T.ConnectionResult[]> {
  return connections.listOutput(args);
}

/** An action of an assistant (`assistantId` required), by `id` or by `tool` and/or `name`. */
export function getAction(args: T.GetActionArgs): Promise<T.ActionResult> {
  return actions.get(args);
}
/** {@link getAction} with inputs. */
export function getActionOutput(args: T.GetActionOutputArgs): pulumi.Output<T.ActionResult> {
  return actions.getOutput(args);
}
/** Every action of an assistant (`assistantId` required; `tool`, `name` narrow it). */
export function listActions(args: T.ListActionsArgs): Promise<T.ActionResult[]> {
  return actions.list(args);
}
/** {@link listActions} with inputs. */
export function listActionsOutput(args: T.ListActionsOutputArgs): pulumi.Output<T.ActionResult[]> {
  return actions.listOutput(args);
}

/**
 * A channel of an assistant (`assistantId` required), by `id` or by `type` and/or `connectionId`. Its
 * `config` is sensitive.
 */
export function getChannel(args: T.GetChannelArgs): Promise<T.ChannelResult> {
  return channels.get(args);
}
/** {@link getChannel} with inputs; secret when the channel has a `config`. */
export function getChannelOutput(args: T.GetChannelOutputArgs): pulumi.Output<T.ChannelResult> {
  return channels.getOutput(args);
}
/** Every channel of an assistant (`assistantId` required; `type`, `connectionId` narrow it). */
export function listChannels(args: T.ListChannelsArgs): Promise<T.ChannelResult[]> {
  return channels.list(args);
}
/** {@link listChannels} with inputs; secret when any channel has a `config`. */
export function listChannelsOutput(args: T.ListChannelsOutputArgs): pulumi.Output<T.ChannelResult[]> {
  return channels.listOutput(args);
}

/** A knowledge content of the org, by `id` or by `title`. */
export function getKnowledgeContent(args: T.GetKnowledgeContentArgs): Promise<T.KnowledgeContentResult> {
  return contents.get(args);
}
/** {@link getKnowledgeContent} with inputs. */
export function getKnowledgeContentOutput(
  args: T.GetKnowledgeContentOutputArgs,
): pulumi.Output<T.KnowledgeContentResult> {
  return contents.getOutput(args);
}
/** The org's knowledge contents (`title`, `search`, `type`, `status` narrow them). */
export function listKnowledgeContents(
  args?: T.ListKnowledgeContentsArgs,
): Promise<T.KnowledgeContentResult[]> {
  return contents.list(args);
}
/** {@link listKnowledgeContents} with inputs. */
export function listKnowledgeContentsOutput(
  args?: T.ListKnowledgeContentsOutputArgs,
): pulumi.Output<T.KnowledgeContentResult[]> {
  return contents.listOutput(args);
}

/**
 * A sub-organization of the agency org (`orgId`, default the stack's org), by `id` or by `name`: one listing of
 * the parent's sub-orgs (no GET by id is documented). Its billing (`billing`) is in the result as the API gives it.
 *
 * @example
 * const acme = await invent.getSubOrganization({ name: "ACME Corp" });
 * new invent.Assistant("acme-support", { orgId: acme.id, name: "ACME Support" });
 */
export function getSubOrganization(args: T.GetSubOrganizationArgs): Promise<T.SubOrganizationResult> {
  return subOrganizations.get(args);
}
/** {@link getSubOrganization} with inputs. */
export function getSubOrganizationOutput(
  args: T.GetSubOrganizationOutputArgs,
): pulumi.Output<T.SubOrganizationResult> {
  return subOrganizations.getOutput(args);
}
/** Every sub-organization of the agency org (`name` narrows it). */
export function listSubOrganizations(args?: T.ListSubOrganizationsArgs): Promise<T.SubOrganizationResult[]> {
  return subOrganizations.list(args);
}
/** {@link listSubOrganizations} with inputs. */
export function listSubOrganizationsOutput(
  args?: T.ListSubOrganizationsOutputArgs,
): pulumi.Output<T.SubOrganizationResult[]> {
  return subOrganizations.listOutput(args);
}

/**
 * A contacts segment of the org, by `id` or by `name`: one listing (no GET by id is documented). Segments are
 * made in the dashboard; take one over with `new Segment(…, { adoptId: segment.id })`.
 */
export function getSegment(args: T.GetSegmentArgs): Promise<T.SegmentResult> {
  return segments.get(args);
}
/** {@link getSegment} with inputs. */
export function getSegmentOutput(args: T.GetSegmentOutputArgs): pulumi.Output<T.SegmentResult> {
  return segments.getOutput(args);
}
/** The org's segments (`name` narrows them). */
export function listSegments(args?: T.ListSegmentsArgs): Promise<T.SegmentResult[]> {
  return segments.list(args);
}
/** {@link listSegments} with inputs. */
export function listSegmentsOutput(args?: T.ListSegmentsOutputArgs): pulumi.Output<T.SegmentResult[]> {
  return segments.listOutput(args);
}

let contactLookups: QueryLookups | undefined;
const contacts = () =>
  (contactLookups ??= queryLookupsFor(contactQuery as unknown as QuerySpec, programContext));

/**
 * One contact of the org's audience, by `id`, or by exactly one of `email`, `userId`, `username` (an exact
 * match on one of their channels; several matches are an error listing them). Contacts are read, never managed.
 *
 * @example
 * const ann = await invent.getContact({ email: "ann@example.com" });
 */
export function getContact(args: GetContactArgs): Promise<ContactResult> {
  return program(() =>
    contacts().get(args as Record<string, unknown>),
  ) as Promise<unknown> as Promise<ContactResult>;
}
/** {@link getContact} with inputs. */
export function getContactOutput(args: pulumi.Inputs): pulumi.Output<ContactResult> {
  return pulumi.output(args).apply((a) => getContact(a as GetContactArgs));
}
/**
 * The org's contacts that pass the filters (the API's own: `status`, `search`, `segmentId`, …), every page. A
 * filter the API does not have, or a status it does not know, is refused before any call.
 *
 * @example
 * const vips = await invent.listContacts({ segmentId: "seg_…", status: "SUBSCRIBED" });
 */
export function listContacts(args?: ListContactsArgs): Promise<ContactResult[]> {
  return program(() =>
    contacts().list(args as Record<string, unknown> | undefined),
  ) as Promise<unknown> as Promise<ContactResult[]>;
}
/** {@link listContacts} with inputs. */
export function listContactsOutput(args?: pulumi.Inputs): pulumi.Output<ContactResult[]> {
  return pulumi.output(args ?? {}).apply((a) => listContacts(a as ListContactsArgs));
}
