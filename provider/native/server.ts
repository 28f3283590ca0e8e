/**
 * The native front: the `pulumi-resource-invent` plugin, a gRPC ResourceProvider on the stubs `@pulumi/pulumi`
 * ships (`proto/provider_grpc_pb`). Each method is the core step of the same name in the engine's shapes; what
 * is the engine's alone stays here: secrets wrapped on the way out (`values.ts`), the detailed diff, half-made
 * objects as `ErrorResourceInitFailed`, the import read, lookups as functions, the schema. The SDK's own
 * provider helper (`@pulumi/pulumi/provider`) is not used: it ignores Configure's settings, drops the detailed
 * diff and fails an id-only read.
 */
import * as grpc from "@grpc/grpc-js";
import { Any } from "google-protobuf/google/protobuf/any_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { InventClient } from "../client";
import { ConfigSource, resolveSettings, ResolvedSettings, withSettingsHint } from "../config";
import { check } from "../core/check";
import { kindContext, KindContext, Obj, ProviderContext } from "../core/context";
import { create } from "../core/create";
import { deleteObject } from "../core/delete";
import { diff } from "../core/diff";
import { read } from "../core/read";
import { readImport } from "../core/reference";
import { update } from "../core/update";
import { Logger } from "../log";
import { ClientsBySettings } from "../runtime";
import { HalfMadeError } from "../schema/create";
import { PARENT_ORG_KEY } from "../schema/fields";
import { parseImportId } from "../schema/import-id";
import { lookupNames, lookupsFor, hasLookups } from "../schema/lookup";
import { PACKAGE } from "../schema/package-schema";
import { CollectionReader } from "../schema/reads";
import { ResourceSpec } from "../schema/spec";
import { tableOf } from "../schema/table";
import { secretFields, toStruct, unwrap } from "./values";

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;
type Call<Req> = { request: Req };

/** What the server needs besides the descriptions: the schema text, the version, where to log. */
export interface NativeOptions {
  specs: Record<string, ResourceSpec>;
  version: string;
  schema: () => string;
  logger: Logger;
}

/** `urn:pulumi:stack::project::invent:index:Assistant::name` → `Assistant` (a nested type's last part). */
const kindOfUrn = (urn: string) => {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  return type.startsWith(`${PACKAGE}:index:`) ? type.slice(PACKAGE.length + 7) : type;
};

/** Settings from an explicit provider's inputs or the default provider's stack config, as `config.ts` reads them. */
function configSource(args: Obj, variables: Map<string, string>): ConfigSource {
  return {
    get(key) {
      const name = key.slice(`${PACKAGE}:`.length);
      const v = args[name] ?? variables.get(`${PACKAGE}:config:${name}`) ?? variables.get(key);
      return v === undefined || v === null ? undefined : typeof v === "string" ? v : JSON.stringify(v);
    },
  };
}

/** A gRPC error; a half-made object's carries its id and state, so the engine records it instead of losing it. */
function grpcError(err: unknown, inputs?: { values: Obj; secret: Iterable<string> }): grpc.ServiceError {
  const e = withSettingsHint(err) as Error;
  const message = e?.message ?? String(err);
  const metadata = new grpc.Metadata();
  if (err instanceof HalfMadeError) {
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(err.id);
    detail.setProperties(toStruct(err.properties, inputs?.secret));
    detail.setReasonsList(err.reasons);
    if (inputs) detail.setInputs(toStruct(inputs.values, inputs.secret));
    const any = new Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(message);
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(message), { code: grpc.status.UNKNOWN, details: message, metadata });
}

/** Runs a method and answers its callback, turning any failure into a gRPC error. */
const answer = <T>(
  cb: Callback<T>,
  fn: () => Promise<T>,
  inputs?: () => { values: Obj; secret: Set<string> },
) =>
  void fn().then(
    (v) => cb(null, v),
    (err: unknown) => cb(grpcError(err, inputs?.())),
  );

/** The provider's methods over the core steps (see the module comment). */
export function nativeProvider(opts: NativeOptions) {
  let settings: ResolvedSettings | undefined;
  const current = () => (settings ??= resolveSettings(undefined));
  const clients = new ClientsBySettings(opts.logger);
  const client = (): InventClient => clients.client(current());
  const context: ProviderContext = {
    client,
    reader: new CollectionReader(client),
    defaultOrg: () => current().orgId,
    logger: opts.logger,
    waitForCreationLimit: () => current().waitForCreationLimit,
    readBack: () => current().readBack,
  };
  const kinds = new Map<string, KindContext>();
  const kind = (urn: string): KindContext => {
    const name = kindOfUrn(urn);
    let k = kinds.get(name);
    if (!k) {
      const spec = opts.specs[name];
      if (!spec)
        throw new Error(
          `${PACKAGE}: no resource type "${name}" (${urn}). The stack was written by a newer provider than this one ` +
            `(${opts.version}): upgrade the invent plugin.`,
        );
      k = kindContext(spec, context);
      kinds.set(name, k);
    }
    return k;
  };
  /** Orgs of the objects this process has seen, by id: a child given its parent's id takes the parent's org. */
  const orgs = new Map<string, string>();
  const seen = (id: string | undefined, outs: Obj) => {
    if (id && typeof outs.orgId === "string") orgs.set(id, outs.orgId);
  };
  /** Names to send wrapped: the kind's secret fields and whatever arrived secret. */
  const secretOf = (k: KindContext, ...given: Set<string>[]) =>
    new Set([...secretFields(k.fields), ...given.flatMap((s) => [...s])]);
  /** The dynamic front's stub, in the state of a resource moved here by an alias: never the core's business. */
  const withoutStub = ({ __provider: _, ...rest }: Obj) => rest;

  return {
    getPluginInfo(_: Call<Empty>, cb: Callback<plugproto.PluginInfo>) {
      const info = new plugproto.PluginInfo();
      info.setVersion(opts.version);
      cb(null, info);
    },

    getSchema(_: Call<provproto.GetSchemaRequest>, cb: Callback<provproto.GetSchemaResponse>) {
      const resp = new provproto.GetSchemaResponse();
      resp.setSchema(opts.schema());
      cb(null, resp);
    },

    checkConfig(call: Call<provproto.CheckRequest>, cb: Callback<provproto.CheckResponse>) {
      answer(cb, async () => {
        const news = call.request.getNews();
        const resp = new provproto.CheckResponse();
        resp.setInputs(news);
        try {
          resolveSettings(configSource(unwrap(news).values, new Map()));
        } catch (err) {
          const failure = new provproto.CheckFailure();
          failure.setProperty("");
          failure.setReason((err as Error).message);
          resp.setFailuresList([failure]);
        }
        return resp;
      });
    },

    configure(call: Call<provproto.ConfigureRequest>, cb: Callback<provproto.ConfigureResponse>) {
      answer(cb, async () => {
        const variables = new Map<string, string>();
        call.request.getVariablesMap().forEach((v, k) => variables.set(k, v));
        settings = resolveSettings(configSource(unwrap(call.request.getArgs()).values, variables));
        const resp = new provproto.ConfigureResponse();
        resp.setAcceptsecrets(true);
        resp.setSupportspreview(false);
        return resp;
      });
    },

    check(call: Call<provproto.CheckRequest>, cb: Callback<provproto.CheckResponse>) {
      answer(cb, async () => {
        const k = kind(call.request.getUrn());
        const olds = unwrap(call.request.getOlds());
        const news = unwrap(call.request.getNews());
        // The provider-side form of the TypeScript classes' hidden input: the parent's org, when this process has
        // seen the parent (it always has by now when the parent is in the same program).
        const values = { ...news.values };
        for (const { key, field } of tableOf(k.fields).inputs) {
          const parentOrg = field.parent ? orgs.get(String(values[key])) : undefined;
          if (parentOrg) values[PARENT_ORG_KEY] = parentOrg;
        }
        const { inputs, failures } = check(k, withoutStub(olds.values), values);
        const resp = new provproto.CheckResponse();
        resp.setInputs(toStruct(inputs, secretOf(k, news.secret)));
        resp.setFailuresList(
          failures.map((f) => {
            const failure = new provproto.CheckFailure();
            failure.setProperty(f.property);
            failure.setReason(f.reason);
            return failure;
          }),
        );
        return resp;
      });
    },

    diff(call: Call<provproto.DiffRequest>, cb: Callback<provproto.DiffResponse>) {
      answer(cb, async () => {
        const k = kind(call.request.getUrn());
        const id = call.request.getId();
        const olds = withoutStub(unwrap(call.request.getOlds()).values);
        const news = unwrap(call.request.getNews()).values;
        seen(id, olds);
        const { changes, deleteBeforeReplace } = diff(k, id, olds, news);
        const resp = new provproto.DiffResponse();
        resp.setChanges(
          changes.length
            ? provproto.DiffResponse.DiffChanges.DIFF_SOME
            : provproto.DiffResponse.DiffChanges.DIFF_NONE,
        );
        resp.setReplacesList([...new Set(changes.filter((c) => c.replace).map((c) => c.path.split(".")[0]))]);
        resp.setDiffsList([...new Set(changes.map((c) => c.path.split(".")[0]))]);
        resp.setDeletebeforereplace(deleteBeforeReplace);
        resp.setHasdetaileddiff(true);
        const detailed = resp.getDetaileddiffMap();
        const K = provproto.PropertyDiff.Kind;
        const at = (o: Obj, path: string) =>
          path
            .split(".")
            .reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Obj)[key] : undefined), o);
        for (const c of changes) {
          const added = at(olds, c.path) === undefined;
          const d = new provproto.PropertyDiff();
          d.setKind(added ? (c.replace ? K.ADD_REPLACE : K.ADD) : c.replace ? K.UPDATE_REPLACE : K.UPDATE);
          d.setInputdiff(true);
          detailed.set(c.path, d);
        }
        return resp;
      });
    },

    create(call: Call<provproto.CreateRequest>, cb: Callback<provproto.CreateResponse>) {
      let given = { values: {} as Obj, secret: new Set<string>() };
      answer(
        cb,
        async () => {
          const k = kind(call.request.getUrn());
          given = unwrap(call.request.getProperties());
          const { id, outs } = await create(k, given.values);
          seen(id, outs);
          const resp = new provproto.CreateResponse();
          resp.setId(id);
          resp.setProperties(toStruct(outs, secretOf(k, given.secret)));
          return resp;
        },
        () => ({ values: given.values, secret: secretOf(kind(call.request.getUrn()), given.secret) }),
      );
    },

    read(call: Call<provproto.ReadRequest>, cb: Callback<provproto.ReadResponse>) {
      answer(cb, async () => {
        const k = kind(call.request.getUrn());
        const props = unwrap(call.request.getProperties());
        const inputs = unwrap(call.request.getInputs());
        const state = withoutStub(props.values);
        const id = call.request.getId();
        // No inputs: an import (`pulumi import`, the `import` option) or a `get`, which give an id and at most
        // what addresses the object. It is read whole; a child's id may carry its parent's (`<assistantId>/<id>`).
        const now =
          Object.keys(inputs.values).length === 0
            ? await (async () => {
                const parsed = parseImportId(k.spec, id, state);
                return readImport(k, parsed.id, { ...state, ...parsed.values });
              })()
            : await read(k, id, state);
        const resp = new provproto.ReadResponse();
        if (!now) return resp; // gone: no id, and refresh forgets it
        seen(now.id, now.outs);
        const secret = secretOf(k, props.secret, inputs.secret);
        resp.setId(now.id);
        resp.setProperties(toStruct(now.outs, secret));
        resp.setInputs(toStruct(now.inputs, secret));
        return resp;
      });
    },

    update(call: Call<provproto.UpdateRequest>, cb: Callback<provproto.UpdateResponse>) {
      let news = { values: {} as Obj, secret: new Set<string>() };
      answer(
        cb,
        async () => {
          const k = kind(call.request.getUrn());
          const olds = unwrap(call.request.getOlds());
          news = unwrap(call.request.getNews());
          const id = call.request.getId();
          const { outs } = await update(k, id, withoutStub(olds.values), news.values);
          seen(id, outs);
          const resp = new provproto.UpdateResponse();
          resp.setProperties(toStruct(outs, secretOf(k, olds.secret, news.secret)));
          return resp;
        },
        () => ({ values: news.values, secret: secretOf(kind(call.request.getUrn()), news.secret) }),
      );
    },

    delete(call: Call<provproto.DeleteRequest>, cb: Callback<Empty>) {
      answer(cb, async () => {
        const k = kind(call.request.getUrn());
        await deleteObject(k, call.request.getId(), withoutStub(unwrap(call.request.getProperties()).values));
        return new Empty();
      });
    },

    invoke(call: Call<provproto.InvokeRequest>, cb: Callback<provproto.InvokeResponse>) {
      answer(cb, async () => {
        const name = call.request.getTok().split(":").pop() ?? "";
        const spec = Object.values(opts.specs).find(
          (s) => hasLookups(s) && (lookupNames(s).get === name || lookupNames(s).list === name),
        );
        if (!spec) throw new Error(`${PACKAGE}: no function ${call.request.getTok()}`);
        const args = unwrap(call.request.getArgs()).values;
        const lookups = lookupsFor(spec, { client, defaultOrg: context.defaultOrg });
        const secret = secretFields(spec.fields);
        const resp = new provproto.InvokeResponse();
        if (lookupNames(spec).get === name) resp.setReturn(toStruct(await lookups.get(args), secret));
        else {
          const items = await lookups.list(args);
          // A list holding a secret is secret as a whole, as the TypeScript Output forms are.
          const anySecret = items.some((o) => secret.some((k) => o[k] !== undefined && o[k] !== null));
          resp.setReturn(toStruct({ items }, anySecret ? ["items"] : []));
        }
        return resp;
      });
    },

    cancel(_: Call<Empty>, cb: Callback<Empty>) {
      cb(null, new Empty());
    },

    attach(_: Call<unknown>, cb: Callback<Empty>) {
      cb(null, new Empty());
    },
  };
}

/** Serves the provider on a loopback port and prints the port, as the engine expects of a plugin. */
export async function serve(opts: NativeOptions): Promise<grpc.Server> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(
    provrpc.ResourceProviderService,
    nativeProvider(opts) as unknown as grpc.UntypedServiceImplementation,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  process.stdout.write(`${port}\n`);
  return server;
}
