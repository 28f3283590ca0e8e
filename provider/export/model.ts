/**
 * What `pulumi-invent export` writes, worked out once from a snapshot of an org: the resources of the
 * program (logical name, variable, declared arguments), the lookups of connections code cannot create, and the
 * credentials the user must set as secret config. The program writer and the import file both read this model,
 * so the program and the import entries cannot disagree.
 *
 * Declared arguments come from the library's own wire mapping (`fullView`, the field tables): every field the
 * API returns, minus what is the server's default (a field's `createDefault`, a default the field's docs state,
 * or an empty value), so what the program leaves out stays server-owned exactly as if the user had written it.
 */
import { ASSUMPTIONS } from "../assumptions";
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
import { Fields, InputField, WireObject } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { tableOf } from "../schema/table";
import { validate } from "../schema/validate";
import { fullView, sameValue } from "../schema/wire";
import { identifier, slug, UniqueNames } from "./names";
import { OrgSnapshot } from "./read";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** A reference to another declared resource (`support.id`) or lookup (`whatsapp.id`), holding the id it is. */
export class Ref {
  constructor(
    readonly variable: string,
    readonly id: string,
    /** A lookup's result is secret, and so is everything made from it. */
    readonly secret = false,
  ) {}
}

/** A credential the API only shows masked: `config.requireSecret(name)` in the program. */
export class SecretConfig {
  constructor(
    readonly name: string,
    /** What the API shows (`****4242`): what the import stores in its place; never the credential. */
    readonly masked: string,
    /** What it is, for the printed `pulumi config set` line. */
    readonly about: string,
  ) {}
}

/** A long text kept in a file beside the program (`fs.readFileSync`), path relative to the program. */
export class TextFile {
  constructor(
    readonly path: string,
    readonly text: string,
  ) {}
}

/** One resource of the written program. */
export interface ProgramResource {
  spec: ResourceSpec;
  /** Pulumi logical name: part of the URN. */
  name: string;
  /** TypeScript variable. */
  variable: string;
  /** The object's id in Invent (the import id). */
  id: string;
  /** Declared arguments, with `Ref`, `SecretConfig` and `TextFile` where the program computes a value. */
  args: Obj;
  /** What the provider's read would see of the object: its outputs come from it. */
  live: WireObject;
  /** Whether `--only` picked it (every resource when `--only` is not given). */
  selected: boolean;
}

/** A connection made through a browser sign-in: looked up by id, never declared. */
export interface ProgramLookup {
  variable: string;
  id: string;
  type: string;
  name: string | null;
  selected: boolean;
}

export interface ExportModel {
  org: string;
  lookups: ProgramLookup[];
  resources: ProgramResource[];
  /** Files beside the program (long texts), by path. */
  files: TextFile[];
  secrets: SecretConfig[];
  /** Objects whose live values the library's checks refuse: the program needs an edit before it runs. */
  warnings: string[];
}

/** Texts at least this long, or with this many lines, go to a file beside the program. */
const LONG_TEXT = { chars: 400, lines: 8 };
const TEXT_FIELDS: Record<string, string[]> = { Assistant: ["instructions"], KnowledgeContent: ["text"] };

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (isObj(v) && Object.keys(v).length === 0);

/** The declared form of one level: the values that are not the server's default, in field order. */
function withoutDefaults(fields: Fields, values: Obj, documented: Obj = {}): Obj {
  const out: Obj = {};
  for (const { key, field: f, children } of tableOf(fields).inputs) {
    let v = values[key];
    if (children && isObj(v)) {
      const nested = isObj(documented[key]) ? (documented[key] as Obj) : {};
      v = withoutDefaults((f as InputField & { fields: Fields }).fields, v, nested);
    }
    if (isEmpty(v)) continue;
    if (f.createDefault !== undefined && sameValue(v, f.createDefault)) continue;
    if (key in documented && sameValue(v, documented[key])) continue;
    out[key] = v;
  }
  return out;
}

/**
 * The arguments a program declares for a live object: every field the API returns (the library's `fullView`)
 * that is not the server's default. Path, local and write-only fields are not in it (they are not returned).
 */
export function declaredArgs(spec: ResourceSpec, live: WireObject): Obj {
  const view = fullView(spec.fields, live);
  const inputs = Object.fromEntries(
    tableOf(spec.fields)
      .inputs.filter((i) => !i.field.path && !i.field.local && i.field.writeOnly !== true)
      .map((i) => [i.key, view[i.key]]),
  );
  return withoutDefaults(spec.fields, inputs, ASSUMPTIONS.serverDefaults[spec.type]);
}

/** Whether the API shows this string in place of a credential. */
const looksMasked = (v: unknown): v is string =>
  typeof v === "string" && v.startsWith(ASSUMPTIONS.credentialMask.prefix);

const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Options of {@link buildModel}. */
export interface ModelOptions {
  /** Ids or names (object names or logical names) to export; all when empty. */
  only?: string[];
}

/** Works out the program and the import entries for a snapshot. Deterministic: same org, same model. */
export function buildModel(snap: OrgSnapshot, opts: ModelOptions = {}): ExportModel {
  const names = new UniqueNames("-");
  const variables = new UniqueNames("");
  const only = new Set(opts.only ?? []);
  const picked = (...keys: (string | null | undefined)[]) =>
    only.size === 0 || keys.some((k) => typeof k === "string" && only.has(k));
  const resources: ProgramResource[] = [];
  const lookups: ProgramLookup[] = [];
  const files: TextFile[] = [];
  const secrets: SecretConfig[] = [];
  const warnings: string[] = [];
  const fileNames = new UniqueNames("-");
  /** Every object's variable by id, for references. */
  const byId = new Map<string, Ref>();
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const byName =
    <T extends WireObject>(key: (o: T) => string) =>
    (a: T, b: T) =>
      key(a).localeCompare(key(b)) || String(a.id).localeCompare(String(b.id));

  const variableFor = (name: string, kind: string) => variables.take(identifier(name, kind));

  /** Replaces masked credentials in a secret field's value with config secrets, named after the resource. */
  const secretsIn = (value: unknown, variable: string, path: string[], about: string): unknown => {
    if (looksMasked(value)) {
      const s = new SecretConfig(
        // `billingApiKey` for `config.apiKey` of `billing`: the field name is the same for every secret.
        variables.take(`${variable}${(path.length > 1 ? path.slice(1) : path).map(pascal).join("")}`),
        value,
        `${about} ${path.join(".")}`,
      );
      secrets.push(s);
      return s;
    }
    if (Array.isArray(value)) return value.map((v, i) => secretsIn(v, variable, [...path, String(i)], about));
    if (isObj(value))
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, secretsIn(v, variable, [...path, k], about)]),
      );
    return value;
  };

  const add = (
    spec: ResourceSpec,
    wanted: string,
    live: WireObject,
    id: string,
    args: Obj,
    selected: boolean,
    label: string,
  ) => {
    const name = names.take(wanted);
    const variable = variableFor(name, spec.type.charAt(0).toLowerCase() + spec.type.slice(1));
    for (const { key, field: f } of tableOf(spec.fields).inputs)
      if (f.secret && args[key] !== undefined) args[key] = secretsIn(args[key], variable, [key], label);
    for (const key of TEXT_FIELDS[spec.type] ?? []) {
      const text = args[key];
      if (
        typeof text === "string" &&
        (text.length >= LONG_TEXT.chars || text.split("\n").length >= LONG_TEXT.lines)
      ) {
        const file = new TextFile(`texts/${fileNames.take(`${name}.${key}`)}.txt`, text);
        files.push(file);
        args[key] = file;
      }
    }
    const r: ProgramResource = { spec, name, variable, id, args, live, selected };
    resources.push(r);
    byId.set(id, new Ref(variable, id));
    const plain = resolve(args) as Obj;
    const failures = [...validate(spec.fields, plain), ...(spec.check?.(plain) ?? [])];
    if (failures.length)
      warnings.push(
        `${label}: ${failures.map((f) => f.reason).join("; ")} (edit the program before \`pulumi up\`)`,
      );
    return r;
  };
  /** A reference to an exported object when it is in the program, else its id as a literal. */
  const refTo = (id: unknown): unknown => (typeof id === "string" ? (byId.get(id) ?? id) : id);

  // Connections first (actions and channels refer to them), then contents, then each assistant with its children.
  const browserOnly = new Set(ASSUMPTIONS.browserOnlyConnectionTypes);
  for (const c of [...snap.connections].sort(byName((o) => `${String(o.type)} ${str(o.name) ?? ""}`))) {
    const id = String(c.id);
    const type = String(c.type);
    const base = slug(str(c.name) ?? type, type.toLowerCase());
    if (browserOnly.has(type)) {
      const variable = variableFor(base, "connection");
      lookups.push({
        variable,
        id,
        type,
        name: str(c.name) ?? null,
        selected: picked(id, str(c.name), base),
      });
      byId.set(id, new Ref(variable, id, true));
      continue;
    }
    const args = declaredArgs(connectionSpec as unknown as ResourceSpec, c);
    // `config` is required: a connection whose config the API left out declares an empty one.
    args.config ??= {};
    add(
      connectionSpec as unknown as ResourceSpec,
      base,
      c,
      id,
      args,
      picked(id, str(c.name), base),
      `Connection ${JSON.stringify(str(c.name) ?? type)} (${id})`,
    );
  }
  const contentNames = new Map<string, string>();
  for (const k of [...snap.contents].sort(byName((o) => String(o.title)))) {
    const id = String(k.id);
    const base = slug(String(k.title), "content");
    const r = add(
      knowledgeContentSpec as unknown as ResourceSpec,
      base,
      k,
      id,
      declaredArgs(knowledgeContentSpec as unknown as ResourceSpec, k),
      picked(id, str(k.title), base),
      `KnowledgeContent ${JSON.stringify(k.title)} (${id})`,
    );
    contentNames.set(id, r.name);
    if (k.status !== ASSUMPTIONS.knowledgeStatuses.done)
      warnings.push(
        `KnowledgeContent ${JSON.stringify(k.title)} (${id}) is ${String(k.status)}: the import records it as ` +
          "unfinished, and the next `pulumi up` waits for it (or replaces it if it failed).",
      );
  }
  for (const a of [...snap.assistants].sort(byName((o) => String(o.name)))) {
    const id = String(a.id);
    const base = slug(String(a.name), "assistant");
    const args = declaredArgs(assistantSpec as unknown as ResourceSpec, a);
    // A key exists: declaring it keeps it (and lets `secretKeyRotation` rotate it); the key itself is output.
    if (typeof a.secret_key === "string" && a.secret_key) args.generateSecretKey = true;
    const assistant = add(
      assistantSpec as unknown as ResourceSpec,
      base,
      a,
      id,
      args,
      picked(id, str(a.name), base),
      `Assistant ${JSON.stringify(a.name)} (${id})`,
    );
    const parent = byId.get(id)!;
    const acts = snap.actions.get(id) ?? [];
    for (const act of acts) {
      const actId = String(act.id);
      const tool = String(act.action_id);
      const own = slug(str(act.name) ?? tool.split(":").pop() ?? tool, "action");
      const args = declaredArgs(actionSpec as unknown as ResourceSpec, act);
      if (args.connectionId !== undefined) args.connectionId = refTo(args.connectionId);
      add(
        actionSpec as unknown as ResourceSpec,
        `${assistant.name}-${own}`,
        act,
        actId,
        { assistantId: parent, ...args },
        picked(actId, str(act.name), `${assistant.name}-${own}`),
        `Action ${JSON.stringify(str(act.name) ?? tool)} (${actId}) of assistant ${JSON.stringify(a.name)}`,
      );
    }
    // The order matters only with two actions or more; it is not an object, so it is picked with its assistant.
    if (acts.length > 1) {
      const actionIds = acts.map((x) => String(x.id));
      add(
        actionOrderSpec as unknown as ResourceSpec,
        `${assistant.name}-action-order`,
        { action_ids: actionIds },
        `${id}/actions-order`,
        { assistantId: parent, actionIds: actionIds.map(refTo) },
        assistant.selected || picked(`${id}/actions-order`, `${assistant.name}-action-order`),
        `ActionOrder of assistant ${JSON.stringify(a.name)}`,
      );
    }
    const chans = [...(snap.channels.get(id) ?? [])].sort(byName((o) => String(o.integration_id)));
    for (const ch of chans) {
      const chId = String(ch.id);
      const type = String(ch.integration_id);
      const args = declaredArgs(channelSpec as unknown as ResourceSpec, ch);
      if (args.connectionId !== undefined) args.connectionId = refTo(args.connectionId);
      const wanted = `${assistant.name}-${slug(type, "channel")}`;
      add(
        channelSpec as unknown as ResourceSpec,
        wanted,
        ch,
        chId,
        { assistantId: parent, ...args },
        picked(chId, wanted),
        `Channel ${type} (${chId}) of assistant ${JSON.stringify(a.name)}`,
      );
    }
    const linked = [...(snap.links.get(id) ?? [])].sort((x, y) =>
      (contentNames.get(x) ?? x).localeCompare(contentNames.get(y) ?? y),
    );
    for (const contentId of linked) {
      const wanted = `${assistant.name}-${contentNames.get(contentId) ?? slug(contentId, "content")}`;
      add(
        knowledgeLinkSpec as unknown as ResourceSpec,
        wanted,
        {},
        `${id}/${contentId}`,
        { assistantId: parent, contentId: refTo(contentId) },
        picked(`${id}/${contentId}`, wanted),
        `KnowledgeLink ${wanted}`,
      );
    }
  }
  // Sub-organizations (an agency's clients), each with its billing; then segments, which can only be adopted.
  for (const o of [...(snap.subOrgs ?? [])].sort(byName((x) => String(x.name)))) {
    const id = String(o.id);
    const base = slug(String(o.name), "client");
    const org = add(
      subOrganizationSpec as unknown as ResourceSpec,
      base,
      o,
      id,
      declaredArgs(subOrganizationSpec as unknown as ResourceSpec, o),
      picked(id, str(o.name), base),
      `SubOrganization ${JSON.stringify(o.name)} (${id})`,
    );
    const billing = declaredArgs(subOrganizationBillingSpec as unknown as ResourceSpec, o);
    if (Object.keys(billing).length)
      add(
        subOrganizationBillingSpec as unknown as ResourceSpec,
        `${org.name}-billing`,
        o,
        id,
        { subOrganizationId: byId.get(id)!, ...billing },
        org.selected || picked(`${org.name}-billing`),
        `SubOrganizationBilling of ${JSON.stringify(o.name)} (${id})`,
      );
  }
  for (const g of [...(snap.segments ?? [])].sort(byName((x) => String(x.name)))) {
    const id = String(g.id);
    const base = slug(String(g.name), "segment");
    add(
      segmentSpec as unknown as ResourceSpec,
      base,
      g,
      id,
      // The API cannot create a segment: the program takes this one over.
      { adoptId: id, ...declaredArgs(segmentSpec as unknown as ResourceSpec, g) },
      picked(id, str(g.name), base),
      `Segment ${JSON.stringify(g.name)} (${id})`,
    );
  }
  // Only what a picked resource uses is looked up; a picked lookup alone has nothing to import.
  const used = new Set<string>();
  const collect = (v: unknown) => {
    if (v instanceof Ref) used.add(v.variable);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (isObj(v)) Object.values(v).forEach(collect);
  };
  for (const r of resources) if (r.selected) collect(r.args);
  for (const l of lookups) l.selected ||= used.has(l.variable);
  const keptSecrets = new Set<SecretConfig>();
  const collectSecrets = (v: unknown) => {
    if (v instanceof SecretConfig) keptSecrets.add(v);
    else if (Array.isArray(v)) v.forEach(collectSecrets);
    else if (isObj(v)) Object.values(v).forEach(collectSecrets);
  };
  const kept = resources.filter((r) => r.selected);
  // A reference to something left out by `--only` becomes the id itself; the org then has to be said.
  const declared = new Set([
    ...kept.map((r) => r.variable),
    ...lookups.filter((l) => l.selected).map((l) => l.variable),
  ]);
  const literal = (v: unknown): unknown =>
    v instanceof Ref ? (declared.has(v.variable) ? v : v.id) : Array.isArray(v) ? v.map(literal) : v;
  const ownOrg = snap.org === ASSUMPTIONS.ownOrgAlias;
  for (const r of kept) {
    for (const k of Object.keys(r.args)) r.args[k] = literal(r.args[k]);
    const underParent = tableOf(r.spec.fields).inputs.some(
      (i) => i.field.path && r.args[i.key] instanceof Ref,
    );
    // A child takes its parent's org; anything else names the org unless it is the key's own (the default).
    if (!ownOrg && !underParent) r.args = { orgId: snap.org, ...r.args };
  }
  kept.forEach((r) => collectSecrets(r.args));
  const keptFiles = new Set(kept.flatMap((r) => Object.values(r.args).filter((v) => v instanceof TextFile)));
  return {
    org: snap.org,
    lookups: lookups.filter((l) => l.selected),
    resources: kept,
    files: files.filter((f) => keptFiles.has(f)),
    secrets: secrets.filter((s) => keptSecrets.has(s)),
    warnings,
  };
}

/** A value with its program-side parts replaced by what they are at run time (secrets: what the API shows). */
export function resolve(v: unknown): unknown {
  if (v instanceof Ref) return v.id;
  if (v instanceof SecretConfig) return v.masked;
  if (v instanceof TextFile) return v.text;
  if (Array.isArray(v)) return v.map(resolve);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
  return v;
}

/** Whether a value holds anything secret in the program (a config secret, or a lookup's result). */
export function holdsSecret(v: unknown): boolean {
  if (v instanceof SecretConfig) return true;
  if (v instanceof Ref) return v.secret;
  if (Array.isArray(v)) return v.some(holdsSecret);
  if (isObj(v)) return Object.values(v).some(holdsSecret);
  return false;
}
