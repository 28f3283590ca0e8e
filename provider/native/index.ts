/**
 * `pulumi-invent/native`: the same resources for TypeScript programs, served by the native provider
 * (`pulumi-resource-invent`) instead of dynamic resources. Opt-in: `pulumi-invent` keeps the dynamic classes.
 * What it brings: explicit `Provider`s (several keys or orgs in one program), `pulumi import`, detailed diffs and
 * about a third of the state per resource. The plugin must be installed (`npx pulumi-invent plugin install`).
 *
 * Every class carries an alias to its dynamic type (`pulumi-nodejs:dynamic/invent:<Kind>`), so a stack made with
 * `pulumi-invent` moves here by changing the import: the next `up` records each resource under the native type
 * and writes nothing to the API.
 */
import * as pulumi from "@pulumi/pulumi";
import { actionSpec } from "../resources/action";
import { actionOrderSpec } from "../resources/action-order";
import { assistantSpec } from "../resources/assistant";
import { channelSpec } from "../resources/channel";
import { connectionSpec } from "../resources/connection";
import { knowledgeContentSpec } from "../resources/knowledge-content";
import { knowledgeLinkSpec } from "../resources/knowledge-link";
import { segmentSpec } from "../resources/segment";
import { subOrganizationSpec } from "../resources/sub-organization";
import { subOrganizationBillingSpec } from "../resources/sub-organization-billing";
import type * as T from "../resources/types.generated";
import { digestKey, Fields, isInput } from "../schema/fields";
import { PACKAGE, tokenOf } from "../schema/package-schema";
import { ResourceSpec } from "../schema/spec";
import { tableOf } from "../schema/table";

export type * from "../resources/types.generated";
// Lookups run in the program process, whichever front serves the resources.
export * from "../lookups";

/** Settings of an explicit provider; each left out comes from the provider process's environment. */
export interface ProviderArgs {
  /** API key (secret). Default: `INVENT_API_KEY`. */
  apiKey?: pulumi.Input<string>;
  /** Default org of its resources: an `org_…` id or `c` (the key's own org). Default: `INVENT_ORG_ID`, else `c`. */
  orgId?: pulumi.Input<string>;
  /** API root. Default: `INVENT_BASE_URL`, else `https://api.useinvent.com`. */
  baseUrl?: pulumi.Input<string>;
  /** Wait at the hourly assistant-creation limit instead of failing. Default: false. */
  waitForCreationLimit?: pulumi.Input<boolean>;
  /** Corrections to the API assumptions (see `pulumi-invent doctor`). */
  assumptions?: pulumi.Input<Record<string, unknown>>;
  /** What a value the API did not keep after a write is: `"warn"` (default) or `"error"`. */
  readBack?: pulumi.Input<"warn" | "error">;
}

/**
 * An explicit Invent provider: give resources `{ provider }` to manage another org or use another key in the same
 * program. Without one, resources use the default provider, configured by the `invent:` stack config.
 */
export class Provider extends pulumi.ProviderResource {
  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const { apiKey, assumptions, ...rest } = args;
    super(
      PACKAGE,
      name,
      {
        ...rest,
        apiKey: apiKey === undefined ? undefined : pulumi.secret(apiKey),
        // Provider inputs travel as strings to the plugin's settings, like stack config.
        assumptions: assumptions === undefined ? undefined : pulumi.output(assumptions).apply(JSON.stringify),
      },
      opts,
    );
  }
}

/** A native resource class: its constructor and its static `get` (a read-only reference). */
export interface NativeResourceClass<Args, Outputs, GetArgs> {
  new (name: string, args: Args, opts?: pulumi.CustomResourceOptions): pulumi.CustomResource & Outputs;
  /** An existing object, read on every run and never written (see the `pulumi-invent` classes' `get`). */
  get(
    name: string,
    id: pulumi.Input<pulumi.ID>,
    args?: GetArgs,
    opts?: pulumi.CustomResourceOptions,
  ): pulumi.CustomResource & Outputs;
}

/** The outputs a resource of a kind has besides its arguments: what the engine fills in after create. */
const outputKeys = (fields: Fields) =>
  tableOf(fields).entries.flatMap(({ key, field }) =>
    isInput(field) ? (field.digestInState ? [digestKey(key)] : [key]) : [key],
  );

function nativeClass<Args, Outputs, GetArgs>(
  description: unknown,
): NativeResourceClass<Args, Outputs, GetArgs> {
  const spec = description as ResourceSpec;
  const outputs = [...outputKeys(spec.fields), "orgId"];
  class NativeResource extends pulumi.CustomResource {
    static get(
      name: string,
      id: pulumi.Input<pulumi.ID>,
      args?: object,
      opts?: pulumi.CustomResourceOptions,
    ) {
      return new this(name, (args ?? {}) as Args, { ...opts, id });
    }

    constructor(name: string, args: Args, opts?: pulumi.CustomResourceOptions) {
      const props: Record<string, unknown> = { ...(args as object) };
      for (const key of outputs) if (!(key in props)) props[key] = undefined;
      super(
        tokenOf(spec.type),
        name,
        props,
        pulumi.mergeOptions(opts, { aliases: [{ type: `pulumi-nodejs:dynamic/invent:${spec.type}` }] }),
      );
    }
  }
  return NativeResource as unknown as NativeResourceClass<Args, Outputs, GetArgs>;
}

/** See the `pulumi-invent` class of the same name: the same arguments and outputs. */
export const Assistant = nativeClass<T.AssistantArgs, T.AssistantOutputs, T.AssistantGetArgs>(assistantSpec);
export type Assistant = InstanceType<typeof Assistant>;
export const Connection = nativeClass<T.ConnectionArgs, T.ConnectionOutputs, T.ConnectionGetArgs>(
  connectionSpec,
);
export type Connection = InstanceType<typeof Connection>;
export const Action = nativeClass<T.ActionArgs, T.ActionOutputs, T.ActionGetArgs>(actionSpec);
export type Action = InstanceType<typeof Action>;
export const ActionOrder = nativeClass<T.ActionOrderArgs, T.ActionOrderOutputs, T.ActionOrderGetArgs>(
  actionOrderSpec,
);
export type ActionOrder = InstanceType<typeof ActionOrder>;
export const Channel = nativeClass<T.ChannelArgs, T.ChannelOutputs, T.ChannelGetArgs>(channelSpec);
export type Channel = InstanceType<typeof Channel>;
export const KnowledgeContent = nativeClass<
  T.KnowledgeContentArgs,
  T.KnowledgeContentOutputs,
  T.KnowledgeContentGetArgs
>(knowledgeContentSpec);
export type KnowledgeContent = InstanceType<typeof KnowledgeContent>;
export const KnowledgeLink = nativeClass<T.KnowledgeLinkArgs, T.KnowledgeLinkOutputs, T.KnowledgeLinkGetArgs>(
  knowledgeLinkSpec,
);
export type KnowledgeLink = InstanceType<typeof KnowledgeLink>;
export const SubOrganization = nativeClass<
  T.SubOrganizationArgs,
  T.SubOrganizationOutputs,
  T.SubOrganizationGetArgs
>(subOrganizationSpec);
export type SubOrganization = InstanceType<typeof SubOrganization>;
export const SubOrganizationBilling = nativeClass<
  T.SubOrganizationBillingArgs,
  T.SubOrganizationBillingOutputs,
  T.SubOrganizationBillingGetArgs
>(subOrganizationBillingSpec);
export type SubOrganizationBilling = InstanceType<typeof SubOrganizationBilling>;
export const Segment = nativeClass<T.SegmentArgs, T.SegmentOutputs, T.SegmentGetArgs>(segmentSpec);
export type Segment = InstanceType<typeof Segment>;
