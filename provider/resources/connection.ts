import { ASSUMPTIONS } from "../assumptions";
import { field } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type { ConnectionArgs, ConnectionGetArgs, ConnectionOutputs } from "./types.generated";

/** Connection types the API knows. [D] */
export const CONNECTION_TYPES = [
  "SCHEDULER", "WORKFLOWS", "TOOLS", "FILES", "PHONE", "GMAIL", "GOOGLE_SHEETS", "GOOGLE_CALENDAR", "AIRTABLE",
  "NOTION", "LINEAR", "HUBSPOT", "GOHIGHLEVEL", "CAL", "CALENDLY", "RESEND", "OAUTH", "SLACK", "TELEGRAM", "TRELLO",
  "FACEBOOK", "WHATSAPP", "INSTAGRAM", "MESSENGER", "JAPIFON", "TWILIO", "ZOHO", "SALESFORCE", "STRIPE", "SHOPIFY",
  "ZENDESK", "MCP",
] as const; // prettier-ignore

const fields = {
  orgId: field.orgId(),
  adoptId: field.adoptId(),
  type: field.enum(CONNECTION_TYPES, {
    doc: "Service connected, e.g. `STRIPE`, `TELEGRAM`, `MCP`.",
    required: true,
    replaceOnChange: true,
  }),
  name: field.string({ doc: "Label shown in the dashboard.", min: 1, max: 255 }),
  config: field.json({
    doc:
      "Settings and credentials for the service, e.g. `{ apiKey }`. Keys in camelCase are sent in snake_case " +
      "(`apiKey` as `api_key`), any other key as written; each comes back as you wrote it. " +
      "Secret: kept encrypted in state. The API returns credentials masked, so changes are judged against what " +
      "you declared last time; a credential changed in the dashboard shows as drift.",
    required: true,
    secret: true,
    writeOnly: "masked",
    // The API's own keys [A]: camelCase ones travel in snake_case (schema/keys.ts).
    keys: () => (ASSUMPTIONS.connectionConfigKeysSnakeCase ? "snake_case" : "as written"),
  }),
  status: field.computed((o) => String(o.status ?? ""), { doc: "`ACTIVE` or `INACTIVE`.", tsType: "string" }),
  statusError: field.serverString("status_error", { doc: "Why the connection is failing, if it is." }),
  externalName: field.serverString("external_name", { doc: "Account name at the service." }),
  externalId: field.serverString("external_id", { doc: "Account id at the service." }),
  ...field.timestamps(),
};

/** The Connection's one description. */
export const connectionSpec: ResourceSpec<typeof fields> = {
  type: "Connection",
  doc:
    "An org-wide link to an outside service that actions and channels use. Only credential-paste types can be " +
    "created from code; browser sign-in types (Google, Meta, …) are connected in the dashboard. Deleting a " +
    "connection breaks every action and channel that uses it.",
  path: "/connections",
  fields,
  check: (v) =>
    // Adopting one (adoptId) is fine: it exists already, and only its name or settings are changed.
    v.type && ASSUMPTIONS.browserOnlyConnectionTypes.includes(v.type) && v.adoptId === undefined
      ? [
          {
            property: "type",
            reason:
              `type: ${v.type} connects through a browser sign-in, which code cannot do. Connect it in the Invent ` +
              "dashboard, then refer to it by id instead of declaring it here (`getConnection`, " +
              "`Connection.get`), or take it over with `adoptId`.",
          },
        ]
      : [],
  naturalKey: ["type", "name"],
  listFilters: {
    status: {
      doc: "Only connections in this state: `ACTIVE` or `INACTIVE`.",
      tsType: '"ACTIVE" | "INACTIVE"',
      matches: (o, v) => o.status === v,
    },
  },
};

/**
 * An org-wide connection to an outside service (Stripe, Telegram, an MCP server, …), created from pasted
 * credentials. `config` is secret in state; the API never returns credentials in clear.
 *
 * @example
 * const stripe = new invent.Connection("stripe", { type: "STRIPE", name: "Billing", config: { apiKey: cfg.requireSecret("stripeKey") } });
 */
export class Connection extends resourceClass<ConnectionArgs, ConnectionOutputs, ConnectionGetArgs>(
  connectionSpec,
) {}
