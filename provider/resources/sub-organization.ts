import { ASSUMPTIONS } from "../assumptions";
import { DELETION_POLICIES, field } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type { SubOrganizationArgs, SubOrganizationGetArgs, SubOrganizationOutputs } from "./types.generated";

const flag = (doc: string) => field.boolean({ doc });

const fields = {
  orgId: {
    ...field.orgId(),
    doc:
      "The parent (agency) org the sub-organization belongs to: a real org id (`org_…`) or `c` for the API " +
      "key's own org. Default: the `invent:orgId` stack setting, else `c`. Changing it would replace the " +
      "sub-organization (see `allowReplacement`).",
  },
  adoptId: {
    ...field.adoptId(),
    doc:
      "Id of an existing sub-organization to take over instead of creating one: create reads the parent's " +
      "listing, sends one PATCH with the declared values that differ (none when they match), never a POST, and " +
      "the resource's id is that id. The API cannot delete it: `pulumi destroy` forgets it (see " +
      "`deletionPolicy`). Only read at create: changing or removing it later does nothing.",
  },
  name: field.string({
    doc: "Name of the client's organization, 2 to 64 characters.",
    required: true,
    min: 2,
    max: 64,
  }),
  logoId: field.string({
    doc: "Id of an uploaded image to use as logo (write-only: the API returns `logoUrl`); null removes the logo.",
    wire: "logo_id",
    writeOnly: true,
    nullable: true,
    min: 1,
  }),
  // Deep-merged on the server [D]: only the keys declared here are managed; the rest stay as they are.
  config: field.object(
    {
      email: field.string({ doc: "Contact email shown to the org's users.", min: 1 }),
      address: field.string({ doc: "Postal address.", min: 1 }),
      termsUrl: field.string({ doc: "URL of the terms of service.", min: 1 }),
      privacyUrl: field.string({ doc: "URL of the privacy policy.", min: 1 }),
      access: field.object(
        {
          sessionTtlSeconds: field.number({
            doc: "How long a dashboard session lasts, in seconds.",
            positive: true,
          }),
          allowGoogle: flag("Members may sign in with Google."),
          allowMicrosoft: flag("Members may sign in with Microsoft."),
          allowEmailCode: flag("Members may sign in with a code sent by email."),
          allowInvites: flag("Members may invite others."),
        },
        { doc: "How members sign in and join." },
      ),
      // The docs' example of `modules` is cut off [E]: these are the keys it shows.
      modules: field.object(
        {
          enableInbox: flag("The shared inbox."),
          enableAnalytics: flag("Analytics."),
          enableBoards: flag("Boards (contact pipelines)."),
          enableAssistants: flag("AI assistants."),
          enableKnowledgeBase: flag("The knowledge base."),
          enableBroadcasts: flag("Broadcasts (bulk messages)."),
          enableWorkflows: flag("Workflows."),
        },
        { doc: "Which parts of the product the org's members see." },
      ),
    },
    {
      doc:
        "Contact details, sign-in (`access`) and product modules (`modules`). Deep-merged by the API: only the " +
        "keys you declare are managed, the rest stay as they are.",
    },
  ),
  deletionPolicy: field.enum(DELETION_POLICIES, {
    doc:
      'What `pulumi destroy` (or removing the resource) does, since the API cannot delete a sub-organization: `"abandon"` ' +
      "(default) forgets it and prints its id (it still exists, and bills, until detached in the Invent dashboard); " +
      '`"prevent"` fails the destroy, and any replacement, with that explanation.',
    local: true,
  }),
  allowReplacement: field.boolean({
    doc:
      "Lets a change that replaces the sub-organization (a new `orgId`) go ahead: a new one is made and the old one " +
      "forgotten, still billing. Without it such a change is refused at preview.",
    local: true,
  }),
  plan: field.serverString("plan", { doc: "The org's plan: `free` or `business`." }),
  balance: field.computed((o) => (o.balance as number | null | undefined) ?? null, {
    doc: "Credit balance (unit as the API gives it).",
    tsType: "number | null",
  }),
  promoBalance: field.computed((o) => (o.promo_balance as number | null | undefined) ?? null, {
    doc: "Promotional credit balance.",
    tsType: "number | null",
  }),
  spendingCapUsed: field.computed((o) => (o.spending_cap_used as number | null | undefined) ?? null, {
    doc: "Spent this month against the spending cap.",
    tsType: "number | null",
  }),
  logoUrl: field.serverString("logo_url", { doc: "URL of the logo image." }),
  createdAt: field.timestamps().createdAt,
};

/** The SubOrganization's one description. */
export const subOrganizationSpec: ResourceSpec<typeof fields> = {
  type: "SubOrganization",
  doc:
    "A client organization under an agency org (Business or Enterprise plan). Its `id` is the org id its " +
    "assistants, connections and knowledge take as `orgId`. Create is exactly-once (a duplicate could never be " +
    "deleted by the API); destroy cannot delete it: see `deletionPolicy`.",
  path: "/orgs",
  fields,
  naturalKey: ["name"],
  createTakes: () => ASSUMPTIONS.subOrgCreateFields,
  locate: {
    get getById() {
      return ASSUMPTIONS.subOrgsGetById;
    },
  },
  undeletable: {
    why: "the Invent API cannot delete a sub-organization.",
    remains:
      "It still exists, and bills, until it is detached in the Invent dashboard (its page, Detach Organization).",
    policyField: "deletionPolicy",
    allowReplacementField: "allowReplacement",
  },
};

/**
 * A client organization under an agency org: name, logo, contact details, sign-in and modules. Its `id` is the
 * `orgId` of the client's assistants, connections and knowledge. The API cannot delete it: `destroy` forgets it
 * (`deletionPolicy: "abandon"`, the default) or refuses (`"prevent"`).
 *
 * @example
 * const acme = new invent.SubOrganization("acme", { name: "ACME Corp", config: { modules: { enableBroadcasts: false } } });
 * new invent.Assistant("acme-support", { orgId: acme.id, name: "ACME Support" });
 */
export class SubOrganization extends resourceClass<
  SubOrganizationArgs,
  SubOrganizationOutputs,
  SubOrganizationGetArgs
>(subOrganizationSpec) {}
