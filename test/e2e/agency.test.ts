/**
 * examples/agency through the real Pulumi CLI against the emulator: its lifecycle table (cases/agency.ts),
 * then what the table cannot say as data: the offboarded client's org and cap outlive the stack, and destroy
 * under `deletionPolicy: "prevent"` deletes what it can and refuses the rest with the explanation. Then the
 * environments recipe's promotion commands (one suite for both: each real-CLI suite costs a packed install).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packedLibrary, PulumiProject, REPO } from "../../scripts/lib/pulumi-project";
import {
  AGENCY_KEY,
  AGENCY_ORG_ID,
  OTHER_ORG_ID,
  OTHER_ORG_KEY,
  RunningEmulator,
  startEmulator,
  SUB_ORG_ID,
} from "../emulator/server";
import { acme, agencyCase, CAP_LEFT, clients, PREVENTED } from "./cases/agency";
import { lifecycle } from "./lifecycle";

jest.setTimeout(600_000);

const base = agencyCase();
lifecycle({
  ...base,
  extra: (t) => {
    test("the offboarded client's sub-org still exists with its cap; the output named it and its cap", async () => {
      const subs = await t.emulator().control.objects("subOrgs", AGENCY_ORG_ID);
      const globex = subs.find((o) => o.name === "Globex Inc");
      expect(globex?.billing).toMatchObject({ spending_cap: { enabled: true, amount: 150 } });
      const orgs = (await t.project().outputs()).orgIds as Record<string, string>;
      expect(Object.keys(orgs)).toEqual(["acme"]);
      expect((await t.emulator().control.assistants(globex!.id)).filter((a) => !a.deleted)).toEqual([]);
    });

    test('deletionPolicy "prevent": destroy deletes what the API can, then refuses to forget the org', async () => {
      const p = t.project();
      await p.ok(["config", "set", "clients", clients({ ...acme, deletionPolicy: "prevent" })]);
      const up = await t.callsOf(() => p.up());
      expect(Object.entries(up).filter(([r]) => !r.startsWith("GET"))).toEqual([]);
      const calls = await t.callsOf(async () => {
        const res = await p.pulumi(["destroy", "--yes", "--skip-preview"]);
        expect(res.code).not.toBe(0);
        expect(res.output).toContain(`SubOrganization "ACME Corp" ${SUB_ORG_ID}: ${PREVENTED}`);
        expect(res.output).toContain(`SubOrganizationBilling ${SUB_ORG_ID} ${CAP_LEFT}`);
        return res;
      });
      const deletes = Object.entries(calls).filter(([r]) => r.startsWith("DELETE"));
      expect(Object.fromEntries(deletes)).toEqual({
        "DELETE /orgs/:org_id/assistants/:id": 1,
        "DELETE /orgs/:org_id/assistants/:assistant_id/integrations/:id": 2,
        "DELETE /orgs/:org_id/assistants/:assistant_id/knowledge/contents/:content_id": 1,
        "DELETE /orgs/:org_id/knowledge/contents/:id": 1,
      });
      expect((await p.resources()).filter((r) => r.type.includes("invent:")).map((r) => r.type)).toEqual([
        "pulumi-nodejs:dynamic/invent:SubOrganization",
      ]);
      // Back to "abandon" for the org alone (a local field: no API write), so the last destroy forgets it.
      await p.ok(["config", "set", "clients", clients(acme)]);
      const urn = (await p.resources()).find((r) => r.type.endsWith(":SubOrganization"))!.urn;
      await p.ok(["up", "--yes", "--skip-preview", "--target", urn]);
    });
  },
});

/**
 * The environments recipe (README "Environments"; examples/gitops/.github/workflows/deploy.yml): one program
 * (examples/environments), three stacks in three orgs, values per stack, the browser-only connection bound per
 * org by lookup, a credential per stack. A change goes dev → staging; the workflow's staging checks (its exact
 * command lines) run through the real CLI; production follows only when they pass, and a drifted staging
 * stops it.
 */
describe("promotion dev → staging → production (real Pulumi CLI, emulator)", () => {
  const ENVS = {
    dev: { org: SUB_ORG_ID, key: AGENCY_KEY, model: "gpt-4.1-mini", stripe: "sk_test_dev_credential_1111" },
    staging: {
      org: AGENCY_ORG_ID,
      key: AGENCY_KEY,
      model: "gpt-4.1-mini",
      stripe: "sk_test_stg_credential_2222",
    },
    production: {
      org: OTHER_ORG_ID,
      key: OTHER_ORG_KEY,
      model: "gpt-4.1",
      stripe: "sk_test_prd_credential_3333",
    },
  } as const;
  type Env = keyof typeof ENVS;
  let emulator: RunningEmulator;
  let project: PulumiProject;
  const whatsapp: Record<string, string> = {};
  const printed: string[] = [];

  /** The workflow's staging check lines, for a stack: `pulumi preview …` and `pulumi refresh …`. */
  const stagingChecks = (stack: Env) =>
    readFileSync(join(REPO, "examples/gitops/.github/workflows/deploy.yml"), "utf8")
      .split("\n")
      .filter((l) => /^\s*pulumi (preview|refresh) .*--expect-no-changes/.test(l))
      .map((l) =>
        l
          .trim()
          .replace('"$STAGING_STACK"', stack)
          .split(/\s+/)
          .slice(1)
          .filter((t) => t !== "--non-interactive"),
      );
  const on = async (stack: Env, args: string[]) => {
    await project.ok(["stack", "select", stack]);
    const res = await project.pulumi(args);
    printed.push(res.output);
    return res;
  };
  const writes = async (run: () => Promise<unknown>) => {
    await emulator.control.resetRequests();
    await run();
    const counts = await emulator.control.requestCounts();
    return Object.fromEntries(Object.entries(counts).filter(([r, n]) => n > 0 && !r.startsWith("GET")));
  };
  const up = (stack: Env) => on(stack, ["up", "--yes", "--skip-preview"]);
  const assistantOf = async (stack: Env) => {
    await project.ok(["stack", "select", stack]);
    const id = String((await project.outputs()).assistantId);
    return (await emulator.control.assistants(ENVS[stack].org)).find((a) => a.id === id && !a.deleted)!;
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    // Each org's WhatsApp line was connected by hand in its dashboard: only a lookup can bind it.
    for (const [stack, env] of Object.entries(ENVS))
      whatsapp[stack] = (
        await emulator.control.seedConnection(env.org, { type: "WHATSAPP", name: "Support line" })
      ).id;
    project = await PulumiProject.create(join(REPO, "examples/environments"), await packedLibrary());
    for (const [stack, env] of Object.entries(ENVS))
      await project.init(
        stack,
        {
          "invent:baseUrl": emulator.url,
          "invent:orgId": env.org,
          model: env.model,
          welcomeBanner: `[${stack}] ACME support`,
        },
        { "invent:apiKey": env.key, stripeKey: env.stripe },
      );
  }, 600_000);

  afterAll(async () => {
    project?.remove();
    await emulator?.stop();
  });

  test("each stack makes its objects in its own org, with its own values and its own org's connection", async () => {
    for (const stack of ["dev", "staging", "production"] as const) expect((await up(stack)).code).toBe(0);
    for (const stack of ["dev", "staging", "production"] as const) {
      const a = await assistantOf(stack);
      expect(a.config).toMatchObject({
        model: ENVS[stack].model,
        conversation: { welcome_banner: `[${stack}] ACME support` },
      });
      const channels = (await emulator.control.channels(ENVS[stack].org)).filter(
        (c) => c.assistant_id === a.id,
      );
      expect(channels.map((c) => c.connection_id).sort()).toEqual(
        [null, whatsapp[stack]].sort((x, y) => String(x).localeCompare(String(y))),
      );
      const stripe = (await emulator.control.connections(ENVS[stack].org)).find((c) => c.type === "STRIPE");
      expect(stripe?.config).toMatchObject({ api_key: ENVS[stack].stripe });
    }
  });

  test("a change is promoted: dev, then staging and its checks, then production; one PATCH each", async () => {
    const file = join(project.dir, "index.ts");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("never guess prices.", "never guess prices or dates."),
    );
    expect(await writes(() => up("dev"))).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    expect(await writes(() => up("staging"))).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    const checks = stagingChecks("staging");
    expect(checks.map((c) => c[0])).toEqual(["preview", "refresh"]);
    for (const args of checks) {
      const res = await on("staging", args);
      expect({ args, code: res.code }).toEqual({ args, code: 0 });
    }
    expect((await assistantOf("production")).config.instructions).not.toContain("dates");
    expect(await writes(() => up("production"))).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    expect((await assistantOf("production")).config.instructions).toContain("never guess prices or dates.");
  });

  test("a drifted staging fails the checks, so production is not updated", async () => {
    const a = await assistantOf("staging");
    await emulator.control.editAssistant(ENVS.staging.org, a.id, { name: "Edited by hand" });
    const [, refresh] = stagingChecks("staging");
    const res = await on("staging", refresh);
    expect(res.code).not.toBe(0);
    expect(res.output).toContain("Edited by hand");
  });

  test("no key or credential of any environment in state or output", async () => {
    const states: string[] = [];
    for (const stack of Object.keys(ENVS)) {
      await project.ok(["stack", "select", stack]);
      states.push(await project.exportText());
    }
    const text = [...states, ...printed].join("\n");
    for (const secret of [AGENCY_KEY, OTHER_ORG_KEY, ...Object.values(ENVS).map((e) => e.stripe)])
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
  });
});
