import { ResourceSpec } from "../schema/spec";
import { actionSpec } from "./action";
import { actionOrderSpec } from "./action-order";
import { assistantSpec } from "./assistant";
import { channelSpec } from "./channel";
import { connectionSpec } from "./connection";
import { knowledgeContentSpec } from "./knowledge-content";
import { knowledgeLinkSpec } from "./knowledge-link";

/** Every resource the runtime can serve, by type token suffix. Adding a resource = one file + one line here. */
export const resourceSpecs: Record<string, ResourceSpec> = {
  [assistantSpec.type]: assistantSpec as unknown as ResourceSpec,
  [connectionSpec.type]: connectionSpec as unknown as ResourceSpec,
  [actionSpec.type]: actionSpec as unknown as ResourceSpec,
  [actionOrderSpec.type]: actionOrderSpec as unknown as ResourceSpec,
  [channelSpec.type]: channelSpec as unknown as ResourceSpec,
  [knowledgeContentSpec.type]: knowledgeContentSpec as unknown as ResourceSpec,
  [knowledgeLinkSpec.type]: knowledgeLinkSpec as unknown as ResourceSpec,
};
