/**
 * What a Pulumi program pays to load the package: undici is loaded on the first request, not with the package,
 * because a program that only declares resources never makes one. Run in a fresh Node process, since jest's
 * own module registry hides what Node loaded.
 */
import { join } from "node:path";
import { REPO, run } from "../../scripts/lib/pulumi-project";

const SCRIPT = `
const http = require("node:http");
const loaded = () => Object.keys(require.cache).some((k) => /[\\\\/]node_modules[\\\\/]undici[\\\\/]/.test(k));
const invent = require(${JSON.stringify(join(REPO, "provider/index.ts"))});
const afterImport = loaded();
const server = http.createServer((req, res) => { res.setHeader("content-type", "application/json"); res.end("[]"); });
server.listen(0, "127.0.0.1", async () => {
  const client = new invent.InventClient({ apiKey: "inv_test_x", baseUrl: "http://127.0.0.1:" + server.address().port });
  const afterClient = loaded();
  const res = await client.request("GET", "/orgs/c/assistants");
  console.log(JSON.stringify({ afterImport, afterClient, afterRequest: loaded(), status: res.status }));
  await client.close();
  server.close();
});
`;

test("importing the package does not load undici; the first request does, over a real socket", async () => {
  const res = await run(
    process.execPath,
    ["-r", require.resolve("ts-node/register/transpile-only"), "-e", SCRIPT],
    { cwd: REPO, env: { ...process.env, TS_NODE_PROJECT: join(REPO, "tsconfig.json") } },
  );
  expect(res.stderr).toBe("");
  expect(JSON.parse(res.stdout.trim())).toEqual({
    afterImport: false,
    afterClient: false,
    afterRequest: true,
    status: 200,
  });
});
