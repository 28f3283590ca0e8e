/**
 * The `__provider` text `pulumi-invent export` writes into import entries is, byte for byte, what a program's
 * `pulumi.dynamic.Resource` stores: both come from the SDK's closure serializer over the same stub. Run in a
 * child `node` process, as a program runs (Jest's module sandbox has broken closure serialization before).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

jest.setTimeout(120_000);

const REPO = join(__dirname, "../..");

const program = `
const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks(
  { newResource: (a) => (registered.push(a), { id: a.name + "_id", state: a.inputs }), call: (a) => a.inputs },
  "proj", "stack", false,
);
const invent = require("./provider/index.ts");
const { providerTexts } = require("./provider/export/provider-text.ts");
const TYPES = ["Assistant", "Connection", "Action", "ActionOrder", "Channel", "KnowledgeContent", "KnowledgeLink"];
(async () => {
  const resources = TYPES.map((t) => new invent[t]("r" + t, {}));
  await Promise.all(resources.map((r) => new Promise((done) => r.urn.apply(done))));
  const stored = Object.fromEntries(registered.map((r) => [r.type.split(":").pop(), r.inputs.__provider]));
  const exported = Object.fromEntries(await providerTexts(TYPES));
  console.log(JSON.stringify({ stored, exported }));
})();
`;

test("export's __provider equals what a program stores, for every resource type", () => {
  const out = execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", program], {
    cwd: REPO,
    env: { ...process.env, TS_NODE_PROJECT: join(REPO, "tsconfig.json") },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { stored, exported } = JSON.parse(out.trim().split("\n").pop()!);
  expect(Object.keys(stored).sort()).toEqual(Object.keys(exported).sort());
  expect(Object.keys(stored)).toHaveLength(7);
  expect(exported).toEqual(stored);
});
