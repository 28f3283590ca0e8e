import { ASSUMPTIONS } from "../assumptions";
import { field } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type {
  SubOrganizationBillingArgs,
  SubOrganizationBillingGetArgs,
  SubOrganizationBillingOutputs,
} from "./types.generated";

/** An amount, scaled to the wire's unit (`billingAmountScale`, read when used so an override counts). */
const amount = (doc: string) =>
  field.number({
    doc,
    positive: true,
    codec: {
      toWire: (v: unknown) => (v as number) * ASSUMPTIONS.billingAmountScale,
      fromWire: (w: unknown) => (typeof w === "number" ? w / ASSUMPTIONS.billingAmountScale : w),
    },
  });

/** Where an org object carries a billing member (`billing.spending_cap`). */
const carriedAt = (member: string) => () => [`${ASSUMPTIONS.subOrgBillingIn}.${member}`];

const fields = {
  orgId: {
    ...field.orgId(),
    doc: "The parent (agency) org; taken from the sub-organization given as `subOrganizationId`.",
  },
  subOrganizationId: field.parentId("SubOrganization", {
    doc: "Id of the sub-organization whose billing this is (a `SubOrganization`'s id).",
  }),
  spendingCap: field.object(
    {
      enabled: field.boolean({ doc: "Whether spending stops at `amount` each month." }),
      amount: amount("Most the org may spend in a month (unit as the API counts it)."),
      resetAt: field.string({
        doc: "When the cap's month restarts (ISO-8601), as the API takes it.",
        min: 1,
      }),
    },
    {
      doc: "A monthly spending cap: `{ enabled: true, amount }` stops the client's spending at `amount`.",
      wire: "spending_cap",
      readFrom: carriedAt("spending_cap"),
      sentWhole: () => ASSUMPTIONS.billingSubObjectsSentWhole,
    },
  ),
  autoRecharge: field.object(
    {
      enabled: field.boolean({ doc: "Whether the balance is topped up automatically." }),
      rechargeThreshold: amount("Balance below which a top-up is made."),
      rechargeAmount: amount("Amount of each top-up."),
    },
    {
      doc: "Automatic top-ups of the balance.",
      wire: "auto_recharge",
      readFrom: carriedAt("auto_recharge"),
      sentWhole: () => ASSUMPTIONS.billingSubObjectsSentWhole,
    },
  ),
};

/** The SubOrganizationBilling's one description: a settings block of a sub-org, written only by PATCH. */
export const subOrganizationBillingSpec: ResourceSpec<typeof fields> = {
  type: "SubOrganizationBilling",
  doc:
    "A sub-organization's spending cap and auto-recharge: its own resource, since billing often has other owners " +
    "and must survive config changes. Create and update are one PATCH of the billing settings; destroy leaves " +
    "them as they are (a safety cap is never turned off by a destroy) and says so.",
  path: "/orgs/{subOrganizationId}/billing",
  fields,
  check: (v) => {
    const out = [];
    if (v.spendingCap?.enabled === true && v.spendingCap.amount === undefined)
      out.push({
        property: "spendingCap.amount",
        reason:
          "spendingCap.amount: is required when spendingCap.enabled is true (the most the org may spend in a " +
          "month); set it, or set enabled: false.",
      });
    const r = v.autoRecharge;
    if (r?.enabled === true && (r.rechargeThreshold === undefined || r.rechargeAmount === undefined))
      out.push({
        property: "autoRecharge",
        reason:
          "autoRecharge: rechargeThreshold and rechargeAmount are required when autoRecharge.enabled is true; " +
          "set both, or set enabled: false.",
      });
    return out;
  },
  // Read from the sub-org's summary in the parent's listing: a refresh of N clients' billing costs nothing more.
  patchOnly: {
    owner: {
      collection: "/orgs",
      idField: "subOrganizationId",
      locate: {
        get getById() {
          return ASSUMPTIONS.subOrgsGetById;
        },
      },
    },
  },
  undeletable: {
    why: "the Invent API has no delete for billing settings.",
    remains:
      "The spending cap and auto-recharge stay as they are (a destroy never turns a safety cap off); change " +
      "them in the Invent dashboard if they should go.",
  },
};

/**
 * The spending cap and auto-recharge of a sub-organization, managed apart from it (billing often has other
 * owners). `destroy` leaves the settings as they are.
 *
 * @example
 * new invent.SubOrganizationBilling("acme-billing", { subOrganizationId: acme.id, spendingCap: { enabled: true, amount: 200 } });
 */
export class SubOrganizationBilling extends resourceClass<
  SubOrganizationBillingArgs,
  SubOrganizationBillingOutputs,
  SubOrganizationBillingGetArgs
>(subOrganizationBillingSpec) {}
