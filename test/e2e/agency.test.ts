/**
 * examples/agency through the real Pulumi CLI against the emulator: its lifecycle table (cases/agency.ts),
 * then what the table cannot say as data: the offboarded client's org and cap outlive the stack, and destroy
 * under `deletionPolicy: "prevent"` deletes what it can and refuses the rest with the explanation.
 */
import { AGENCY_ORG_ID, SUB_ORG_ID } from "../emulator/server";
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
