/**
 * The program side, with Pulumi's mocks standing in for the engine: type tokens, secret inputs and outputs,
 * and the serialized `__provider` (the thin stub).
 */
import * as pulumi from "@pulumi/pulumi";

const registered: { type: string; name: string; inputs: Record<string, unknown> }[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      registered.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}_id`, state: { ...args.inputs, secretKey: "minted-secret-key-value" } };
    },
    call: (args) => args.inputs,
  },
  "proj",
  "stack",
  false,
);

import * as invent from "pulumi-invent";
import { actionSpec } from "../../provider/resources/action";
import { assistantSpec } from "../../provider/resources/assistant";
import { ProviderContext } from "../../provider/core/context";
import { providerFor } from "../../provider/dynamic/provider";

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((r) => o.apply(r));
const isSecret = <T>(o: pulumi.Output<T>) => pulumi.isSecret(o);

describe("resources in a program (mocked engine)", () => {
  const support = new invent.Assistant("support", {
    name: "Customer Support",
    conversation: { threadMode: "new", suggestedMessages: ["Where is my order?"] },
    generateSecretKey: true,
  });
  const stripe = new invent.Connection("stripe", {
    type: "STRIPE",
    name: "Billing",
    config: { apiKey: "sk_test_program_value_1" },
  });

  test("type tokens are fixed: pulumi-nodejs:dynamic/invent:<Type>", async () => {
    expect(await value(support.urn)).toBe(
      "urn:pulumi:stack::proj::pulumi-nodejs:dynamic/invent:Assistant::support",
    );
    expect(await value(stripe.urn)).toBe(
      "urn:pulumi:stack::proj::pulumi-nodejs:dynamic/invent:Connection::stripe",
    );
  });

  test("connection config is sent as a secret input; secret outputs are declared for the engine", async () => {
    expect(await isSecret(stripe.config)).toBe(true);
    expect(await isSecret(support.name)).toBe(false);
    expect(await value(support.name)).toBe("Customer Support");
    // The mock engine does not apply additionalSecretOutputs (the real one does: see the CLI secrets audit),
    // so check that the class asks for it.
    const seen: pulumi.CustomResourceOptions[] = [];
    const original = pulumi.mergeOptions;
    const mergeSpy = jest.spyOn(pulumi, "mergeOptions").mockImplementation((a, b) => {
      const merged = original(a, b);
      seen.push(merged as pulumi.CustomResourceOptions);
      return merged;
    });
    try {
      new invent.Assistant("probe", { name: "Probe" });
      new invent.Connection("probe", { type: "RESEND", config: { apiKey: "re_x" } });
    } finally {
      mergeSpy.mockRestore();
    }
    expect(seen.map((o) => o.additionalSecretOutputs)).toEqual([["secretKey"], ["config"]]);
  });

  test("__provider is a thin stub: small, no secrets, no client, no schema", async () => {
    const entry = registered.find((r) => r.name === "stripe")!;
    const stub = String(entry.inputs.__provider);
    expect(stub.length).toBeLessThan(3000);
    expect(stub).toContain('require("pulumi-invent/runtime")');
    expect(stub).toContain('type: "Connection"');
    for (const banned of [
      "sk_test_program_value_1",
      "zod",
      "undici",
      "Bearer",
      "InventClient",
      "fields",
      "ASSUMPTIONS",
    ]) {
      expect(stub).not.toContain(banned);
    }
  });

  test("the stub is the same for every resource of a type and does not depend on the implementation", async () => {
    const a = new invent.Assistant("another", { name: "Other" });
    await value(a.urn);
    const stubs = registered.filter((r) => r.type.endsWith(":Assistant")).map((r) => r.inputs.__provider);
    expect(new Set(stubs).size).toBe(1);
    // Swap the implementation module's code: a new stub serialized now is byte-identical.
    const runtime = require("../../provider/runtime");
    const original = runtime.provider;
    runtime.provider = () => ({ changed: true });
    try {
      const b = new invent.Assistant("after-upgrade", { name: "Other" });
      await value(b.urn);
      expect(registered.find((r) => r.name === "after-upgrade")!.inputs.__provider).toBe(stubs[0]);
    } finally {
      runtime.provider = original;
    }
  });

  test("server-set outputs passed as arguments reach check, which refuses them by name", async () => {
    const wrong = new invent.Assistant("outputs-as-args", {
      name: "Wrong",
      secretKey: "copied-from-another-stack",
      createdAt: "2020-01-01T00:00:00Z",
    } as invent.AssistantArgs);
    await value(wrong.urn);
    const { inputs } = registered.find((r) => r.name === "outputs-as-args")!;
    // A passed secret output travels as a secret; the engine unwraps it for check, as done here.
    expect(inputs.secretKey).not.toBe("copied-from-another-stack");
    expect(pulumi.runtime.unwrapRpcSecret(inputs.secretKey)).toBe("copied-from-another-stack");
    expect(inputs.createdAt).toBe("2020-01-01T00:00:00Z");
    const quiet = { info() {}, warn() {}, debug() {} };
    const ctx: ProviderContext = {
      client: () => {
        throw new Error("check must not call the API");
      },
      defaultOrg: () => "c",
      logger: quiet,
    };
    const plain = Object.fromEntries(
      Object.entries(inputs).map(([k, v]) => [k, pulumi.runtime.unwrapRpcSecret(v)]),
    );
    const { failures } = await providerFor(assistantSpec, ctx).check({}, plain);
    expect(failures.map((f) => f.reason).sort()).toEqual([
      "createdAt: is an output set by the server; remove it from the arguments.",
      "secretKey: is an output set by the server; remove it from the arguments.",
    ]);
  });

  test("outputs the user did not pass stay registered as outputs, not as inputs", async () => {
    const entry = registered.find((r) => r.name === "support")!;
    for (const key of ["secretKey", "createdAt", "avatarUrl"]) expect(entry.inputs).not.toHaveProperty(key);
    expect(await value(support.secretKey)).toBe("minted-secret-key-value");
  });

  test("an argument left out is not registered, and its output is undefined once the resource exists", async () => {
    const entry = registered.find((r) => r.name === "support")!;
    // Registered: what was given, the org, and every server-set output (secretKey above).
    expect(Object.keys(entry.inputs)).not.toContain("instructions");
    // orgId is always registered (delete needs it, and check fills in the default org).
    expect(Object.getOwnPropertyDescriptor(support, "orgId")?.value).toBeDefined();
    expect(Object.getOwnPropertyDescriptor(support, "instructions")?.get).toBeDefined();
    expect(pulumi.Output.isInstance(support.instructions)).toBe(true);
    expect(await value(support.instructions)).toBeUndefined();
    expect(support.instructions).toBe(support.instructions); // made once
    // It depends on the resource like any output: a child given it waits for the assistant.
    expect([
      ...(await (
        support.instructions as unknown as { allResources(): Promise<Set<unknown>> }
      ).allResources()),
    ]).toContain(support);
  });

  test("construction leaves the program's stack trace limit as it found it", () => {
    const before = Error.stackTraceLimit;
    new invent.Assistant("limit-check", { name: "x" });
    expect(Error.stackTraceLimit).toBe(before);
  });

  test("a child given its parent's id takes the parent's org; the hidden input is never an argument", async () => {
    const parent = new invent.Assistant("org-parent", { name: "P", orgId: "org_83WaHwFGg6CbtZp0JgsveI" });
    new invent.Action("org-child", { assistantId: parent.id, tool: "TOOLS:WEB_SEARCH" });
    await new Promise((r) => setTimeout(r, 50));
    const child = registered.find((r) => r.name === "org-child")!;
    expect(child.inputs.__parentOrgId).toBe("org_83WaHwFGg6CbtZp0JgsveI");
    const p = providerFor(actionSpec, {
      client: () => {
        throw new Error("check must not call the API");
      },
      defaultOrg: () => "c",
      logger: { info() {}, warn() {}, debug() {} },
    });
    const checked = await p.check(
      {},
      { assistantId: "ast_1", tool: "TOOLS:WEB_SEARCH", __parentOrgId: "org_83WaHwFGg6CbtZp0JgsveI" },
    );
    expect(checked.inputs).toEqual({
      assistantId: "ast_1",
      tool: "TOOLS:WEB_SEARCH",
      orgId: "org_83WaHwFGg6CbtZp0JgsveI",
    });
    // Without a parent or an explicit org, check stores the default org in the inputs once.
    const plainChild = await p.check({}, { assistantId: "ast_1", tool: "TOOLS:WEB_SEARCH" });
    expect(plainChild.inputs.orgId).toBe("c");
    const clash = await p.check(
      {},
      {
        assistantId: "ast_1",
        tool: "TOOLS:WEB_SEARCH",
        orgId: "c",
        __parentOrgId: "org_83WaHwFGg6CbtZp0JgsveI",
      },
    );
    expect(clash.failures.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^orgId: "c" differs from the org of its parent/),
    ]);
  });

  test("arguments that are not an object fail at once with one clear error", () => {
    expect(() => new invent.Assistant("oops", "oops" as never)).toThrow(
      'Assistant "oops": arguments must be an object (got "oops").',
    );
    expect(() => new invent.Connection("list", [] as never)).toThrow(
      'Connection "list": arguments must be an object (got []).',
    );
  });
});
