import { ResourceSpec } from "../schema/spec";
import { actionSpec } from "./action";
import { actionOrderSpec } from "./action-order";
import { assistantSpec } from "./assistant";
import { channelSpec } from "./channel";
import { connectionSpec } from "./connection";
import { knowledgeContentSpec } from "./knowledge-content";
import { knowledgeLinkSpec } from "./knowledge-link";
import { segmentSpec } from "./segment";
import { subOrganizationSpec } from "./sub-organization";
import { subOrganizationBillingSpec } from "./sub-organization-billing";

/** Every resource the runtime can serve, by type token suffix. Adding a resource = one file + one line here. */
export const resourceSpecs: Record<string, ResourceSpec> = {
  [assistantSpec.type]: assistantSpec as unknown as ResourceSpec,
  [connectionSpec.type]: connectionSpec as unknown as ResourceSpec,
  [actionSpec.type]: actionSpec as unknown as ResourceSpec,
  [actionOrderSpec.type]: actionOrderSpec as unknown as ResourceSpec,
  [channelSpec.type]: channelSpec as unknown as ResourceSpec,
  [knowledgeContentSpec.type]: knowledgeContentSpec as unknown as ResourceSpec,
  [knowledgeLinkSpec.type]: knowledgeLinkSpec as unknown as ResourceSpec,
  [subOrganizationSpec.type]: subOrganizationSpec as unknown as ResourceSpec,
  [subOrganizationBillingSpec.type]: subOrganizationBillingSpec as unknown as ResourceSpec,
  [segmentSpec.type]: segmentSpec as unknown as ResourceSpec,
};
