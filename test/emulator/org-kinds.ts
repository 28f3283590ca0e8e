/**
 * Descriptors of the org-level kinds (descriptor.ts says what each field means): sub-organizations, which are
 * orgs themselves (`orgs: true`: each is registered as an org under its parent, so the parent's key and the
 * `/orgs/:org_id/…` routes reach it), with their billing PATCH and no delete; and segments of contacts, which
 * the API renames and recolours but neither creates nor deletes. Every undocumented rule is a constant in
 * assumptions.ts.
 */
import {
  BILLING_SUBOBJECTS_REPLACED,
  ID_PREFIX,
  LOGO_URL_BASE,
  SEGMENT_COLORS,
  SEGMENT_ID_PREFIX,
  SEGMENT_NAME_MAX,
  SUB_ORG_CONTACT_KEYS,
  SUB_ORG_CREATE_FIELDS,
  SUB_ORG_DEFAULT_ACCESS,
  SUB_ORG_DEFAULT_BILLING,
  SUB_ORG_DEFAULT_FEATURES,
  SUB_ORG_DEFAULT_MODULES,
  SUB_ORG_DEFAULT_PLAN,
  SUB_ORG_FULLER_FIELDS,
  SUB_ORG_NAME_MAX,
  SUB_ORG_NAME_MIN,
} from "./assumptions";
import { defineKind } from "./descriptor";
import {
  deepMerge,
  isPlainObject,
  mergeConfig,
  type Spec,
  type StoredSegment,
  type StoredSubOrg,
} from "./store";

const BOOL: Spec = { kind: "boolean" };
const STR: Spec = { kind: "string" };
const AMOUNT: Spec = { kind: "number", min: 0, nullable: true };

const booleans = (keys: Record<string, unknown>): Record<string, Spec> =>
  Object.fromEntries(Object.keys(keys).map((k) => [k, BOOL]));

/** [E] The sub-org config: contact details, sign-in (`access`) and product modules (`modules`). */
const SUB_ORG_CONFIG: Spec = {
  kind: "object",
  fields: {
    ...Object.fromEntries(SUB_ORG_CONTACT_KEYS.map((k) => [k, STR])),
    access: {
      kind: "object",
      fields: { ...booleans(SUB_ORG_DEFAULT_ACCESS), session_ttl_seconds: { kind: "integer", min: 1 } },
    },
    modules: { kind: "object", fields: booleans(SUB_ORG_DEFAULT_MODULES) },
  },
};

const defaultConfig = (): Record<string, unknown> => ({
  ...Object.fromEntries(SUB_ORG_CONTACT_KEYS.map((k) => [k, ""])),
  access: { ...SUB_ORG_DEFAULT_ACCESS },
  modules: { ...SUB_ORG_DEFAULT_MODULES },
});

const logoUrl = (logoId: string | null) =>
  logoId === null ? null : LOGO_URL_BASE + encodeURIComponent(logoId);

export const SUB_ORGS = defineKind<StoredSubOrg>()({
  key: "subOrgs",
  label: "Organization",
  collection: "/orgs/:org_id/orgs",
  item: ":id",
  idPrefix: ID_PREFIX.org,
  orgs: true,
  // [D] list, create, update; no delete (the dashboard's "Detach Organization" only). [A] no GET by id.
  ops: ["list", "create", "get", "update"],
  gates: { get: "subOrgGetById" },
  body: {
    fields: {
      name: { kind: "string", min: SUB_ORG_NAME_MIN, max: SUB_ORG_NAME_MAX },
      logo_id: { kind: "string", min: 1, nullable: true },
      config: SUB_ORG_CONFIG,
      features: { kind: "object", fields: {}, open: true }, // [D] deprecated and ignored
    },
    required: ["name"],
    // [A] the create body takes only what SUB_ORG_CREATE_FIELDS names
    updateOnly: ["logo_id", "config", "features"].filter(
      (k) => !(SUB_ORG_CREATE_FIELDS as readonly string[]).includes(k),
    ),
  },
  writeOnly: ["logo_id"],
  deletion: "hard", // only through the control surface (a detach in the dashboard)
  extraRoutes: [
    {
      on: "item",
      method: "PATCH",
      path: "billing",
      run(ctx, org) {
        const body = ctx.body();
        ctx.validateOrThrow(body, {
          kind: "object",
          fields: {
            auto_recharge: {
              kind: "object",
              fields: { enabled: BOOL, recharge_threshold: AMOUNT, recharge_amount: AMOUNT },
            },
            spending_cap: {
              kind: "object",
              fields: { enabled: BOOL, amount: AMOUNT, reset_at: { kind: "string", nullable: true } },
            },
          },
        });
        for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
          const stored = org.billing[key];
          org.billing[key] =
            BILLING_SUBOBJECTS_REPLACED || !isPlainObject(stored)
              ? structuredClone(value)
              : deepMerge(stored, value as Record<string, unknown>);
        }
        org.updated_at = ctx.store.bump(org.updated_at);
        // [E] a fuller org object than the summary: billing always, updated_at and the parent.
        const out = ctx.render("subOrgs", org);
        return {
          ...out,
          billing: structuredClone(org.billing),
          ...SUB_ORG_FULLER_FIELDS,
          updated_at: org.updated_at,
          parent_org: { id: org.org_id },
        };
      },
    },
  ],
  build(body) {
    const logoId = (body.logo_id as string | null | undefined) ?? null;
    return {
      name: body.name as string,
      logo_id: logoId,
      logo_url: logoUrl(logoId),
      plan: SUB_ORG_DEFAULT_PLAN,
      balance: 0,
      promo_balance: 0,
      spending_cap_used: 0,
      billing: structuredClone(SUB_ORG_DEFAULT_BILLING),
      members: [],
      features: { ...SUB_ORG_DEFAULT_FEATURES },
      config: deepMerge(defaultConfig(), (body.config as Record<string, unknown> | undefined) ?? {}),
    };
  },
  update(org, body, ctx) {
    if (body.name !== undefined) org.name = body.name as string;
    if (body.logo_id !== undefined) {
      org.logo_id = body.logo_id as string | null;
      org.logo_url = logoUrl(org.logo_id);
    }
    // [D] deep-merged server side (the `patchSemantics` setting can make it replace, to test clients)
    if (body.config !== undefined)
      org.config = mergeConfig(
        org.config,
        body.config as Record<string, unknown>,
        defaultConfig(),
        ctx.settings.patchSemantics,
      );
  },
  seedBody: (partial) => ({ name: typeof partial.name === "string" ? partial.name : "Seeded client" }),
  decorate(out, _org, settings) {
    delete out.updated_at; // [E] the summary has no updated_at
    if (!settings.subOrgBillingInSummary) delete out.billing;
  },
});

export const SEGMENTS = defineKind<StoredSegment>()({
  key: "segments",
  label: "Segment",
  collection: "/orgs/:org_id/segments",
  item: ":id",
  idPrefix: SEGMENT_ID_PREFIX,
  // [D] list and update only: segments are made and deleted in the dashboard (and as board columns).
  ops: ["list", "get", "update"],
  gates: { get: "segmentGetById" },
  body: {
    fields: {
      name: { kind: "string", min: 1, max: SEGMENT_NAME_MAX },
      color: { kind: "enum", values: SEGMENT_COLORS },
    },
  },
  filters: { search: STR, exclude_board_columns: { kind: "enum", values: ["true", "false"] } },
  deletion: "hard",
  build(body) {
    return {
      name: body.name as string,
      color: (body.color as string | undefined) ?? "neutral",
      contacts_count: 0,
      boards: [],
    };
  },
  update(segment, body) {
    if (body.name !== undefined) segment.name = body.name as string;
    if (body.color !== undefined) segment.color = body.color as string;
  },
  seedBody: (partial) => ({ name: typeof partial.name === "string" ? partial.name : "Seeded segment" }),
  list(ctx, filters) {
    const search = filters.search?.toLowerCase();
    return (ctx.store.list("segments", ctx.orgId) as StoredSegment[])
      .filter((s) => search === undefined || s.name.toLowerCase().includes(search))
      .filter((s) => filters.exclude_board_columns !== "true" || s.boards.length === 0)
      .map((s) => ctx.render("segments", s));
  },
});
