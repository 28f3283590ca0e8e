/**
 * What `__provider` costs: its exact text (stored in every dynamic resource's state, so it must not change
 * between builds or versions), its size, and that a program pays one closure serialization per type, not
 * per resource. The program runs in a child `node` process, as `pulumi up` would run it, under Pulumi's
 * mocks.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ts from "typescript";

jest.setTimeout(120_000);

const REPO = join(__dirname, "../..");

/**
 * The `__provider` text for a type, byte for byte. Changing it changes the state of every existing stack (a
 * one-off `__provider` rewrite on the next update): do it on purpose, never as a side effect.
 */
const expected = (type: string) => `exports.handler = __f0;

var __provider = {type: ${JSON.stringify(type)}, configure: __f1};

function __f1(__0) {
  return (function() {
    with({ this: undefined, arguments: undefined }) {

return async function (req) {
    const r = require("pulumi-invent/runtime");
    for (const m of ["check", "diff", "create", "read", "update", "delete"])
        this[m] = async (...a) => r.provider(this.type)[m](...a);
    return r.configure(req);
};

    }
  }).apply(undefined, undefined).apply(this, arguments);
}

function __f0() {
  return (function() {
    with({ provider: __provider, this: undefined, arguments: undefined }) {

return () => provider;

    }
  }).apply(undefined, undefined).apply(this, arguments);
}
`;

/** provider/dynamic/stub.ts compiled as `npm run build` compiles it (tsconfig.build.json; isolatedModules holds). */
function buildStub(dir: string): string {
  const config = ts.getParsedCommandLineOfConfigFile(join(REPO, "tsconfig.build.json"), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  })!;
  const source = readFileSync(join(REPO, "provider/dynamic/stub.ts"), "utf8");
  const { outputText } = ts.transpileModule(source, { compilerOptions: config.options, fileName: "stub.ts" });
  const file = join(dir, "stub.js");
  writeFileSync(file, outputText);
  return file;
}

const PER_TYPE = 60;

/**
 * A program of PER_TYPE Assistants and PER_TYPE Connections from the sources (ts-node), counting calls of
 * the closure serializer; then the stub of the npm build, serialized the way `pulumi.dynamic.Resource` does.
 */
const program = `
const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks(
  {
    newResource: (a) => (registered.push(a), { id: a.name + "_id", state: a.inputs }),
    call: (a) => a.inputs,
  },
  "proj", "stack", false,
);
const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure");
const serializeFunction = closure.serializeFunction;
let serializations = 0;
closure.serializeFunction = (...a) => (serializations++, serializeFunction(...a));
const invent = require("./provider/index.ts");
(async () => {
  const resources = [];
  for (let i = 0; i < ${PER_TYPE}; i++) {
    resources.push(new invent.Assistant("a" + i, { name: "A" + i }));
    resources.push(new invent.Connection("c" + i, { type: "RESEND", config: { apiKey: "re_program_secret_" + i } }));
  }
  await Promise.all(resources.map((r) => new Promise((done) => r.urn.apply(done))));
  const stubs = {};
  for (const r of registered) (stubs[r.type.split(":").pop()] ??= new Set()).add(r.inputs.__provider);
  const built = {};
  for (const type of ["Assistant", "Connection"]) {
    const provider = require(process.env.BUILT_STUB).providerStub(type);
    built[type] = (await serializeFunction(() => provider, { allowSecrets: true })).text;
  }
  console.log(JSON.stringify({
    serializations,
    registered: registered.length,
    stubs: Object.fromEntries(Object.entries(stubs).map(([t, s]) => [t, [...s]])),
    built,
  }));
})();
`;

let run: {
  serializations: number;
  registered: number;
  stubs: Record<string, string[]>;
  built: Record<string, string>;
};

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "invent-stub-"));
  try {
    const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", program], {
      cwd: REPO,
      env: { ...process.env, TS_NODE_PROJECT: join(REPO, "tsconfig.json"), BUILT_STUB: buildStub(dir) },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"], // stderr (Node's warnings) shows only in the error if it fails
    });
    run = JSON.parse(out.trim().split("\n").pop()!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a program of many resources serializes the stub once per type, not once per resource", () => {
  expect(run.registered).toBe(2 * PER_TYPE);
  expect(run.serializations).toBe(2);
  expect(run.stubs.Assistant).toHaveLength(1);
  expect(run.stubs.Connection).toHaveLength(1);
});

test("__provider is exactly the pinned text, differing between types only in the type string", () => {
  expect(run.stubs.Assistant[0]).toBe(expected("Assistant"));
  expect(run.stubs.Connection[0]).toBe(expected("Connection"));
});

test("the npm build's stub serializes to the same bytes as the sources'", () => {
  expect(run.built).toEqual({ Assistant: run.stubs.Assistant[0], Connection: run.stubs.Connection[0] });
});

test("__provider stays under 800 bytes and holds the type, a literal require, and nothing else", () => {
  for (const [type, [text]] of Object.entries(run.stubs)) {
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(800); // 707 bytes for "Assistant"; was 2423
    expect(text).toContain('require("pulumi-invent/runtime")');
    expect(text.split(JSON.stringify(type))).toHaveLength(2);
    expect(text).not.toContain("re_program_secret_");
  }
});
