import {
  activeAssumptionOverrides,
  applyAssumptionOverrides,
  ASSUMPTIONS,
  parseAssumptionOverrides,
} from "../../provider/assumptions";
import { resolveSettings } from "../../provider/config";
import { ConfigurationError } from "../../provider/errors";
import { channelSpec } from "../../provider/resources/channel";
import { knowledgeLinkSpec } from "../../provider/resources/knowledge-link";

afterEach(() => applyAssumptionOverrides({}));

describe("assumption overrides", () => {
  test("a valid object parses; booleans and numbers written as text count", () => {
    expect(parseAssumptionOverrides('{"patchDeepMergesNestedObjects": false}', "INVENT_ASSUMPTIONS")).toEqual(
      {
        patchDeepMergesNestedObjects: false,
      },
    );
    expect(
      parseAssumptionOverrides(
        { listItemsCarryWholeObject: "false", maxPageSize: "50" },
        "invent:assumptions",
      ),
    ).toEqual({ listItemsCarryWholeObject: false, maxPageSize: 50 });
    expect(parseAssumptionOverrides(undefined, "x")).toEqual({});
    expect(parseAssumptionOverrides("", "x")).toEqual({});
  });

  test("an unknown key is an error naming it, with a did-you-mean", () => {
    expect(() =>
      parseAssumptionOverrides('{"patchDeepMergesNestedObject": false}', "invent:assumptions"),
    ).toThrow(
      /invent:assumptions: unknown assumption "patchDeepMergesNestedObject"; did you mean "patchDeepMergesNestedObjects"\?/,
    );
    expect(() => parseAssumptionOverrides('{"zzz": 1}', "INVENT_ASSUMPTIONS")).toThrow(ConfigurationError);
  });

  test("a wrong type is an error naming the key and the type expected", () => {
    expect(() =>
      parseAssumptionOverrides('{"patchDeepMergesNestedObjects": "no"}', "INVENT_ASSUMPTIONS"),
    ).toThrow('INVENT_ASSUMPTIONS: patchDeepMergesNestedObjects must be a boolean (got "no").');
    expect(() => parseAssumptionOverrides('{"credentialMask": {"prefix": 3}}', "x")).toThrow(
      /credentialMask\.prefix must be an object \{prefix: non-empty string, revealsSuffix: boolean\}/,
    );
    expect(() => parseAssumptionOverrides("{not json", "x")).toThrow(/x is not valid JSON/);
    expect(() => parseAssumptionOverrides("[1]", "x")).toThrow(/must be a JSON object/);
  });

  test("functions and load-time values cannot be overridden, and the error says why", () => {
    expect(() => parseAssumptionOverrides('{"isMaskOf": 1}', "x")).toThrow(/override credentialMask/);
    expect(() => parseAssumptionOverrides('{"maxInstructionsLength": 5}', "x")).toThrow(/needs a release/);
  });

  test("applied in place (nested objects and lists keep their identity), and reset to the defaults", () => {
    const statuses = ASSUMPTIONS.knowledgeStatuses;
    const types = ASSUMPTIONS.browserOnlyConnectionTypes;
    applyAssumptionOverrides({
      patchDeepMergesNestedObjects: false,
      knowledgeStatuses: { done: "READY" },
      browserOnlyConnectionTypes: ["GMAIL"],
      credentialMask: { prefix: "xxxx" },
    });
    expect(ASSUMPTIONS.patchDeepMergesNestedObjects).toBe(false);
    expect(statuses).toEqual({ done: "READY", failed: "FAILED" });
    expect(types).toEqual(["GMAIL"]);
    expect(ASSUMPTIONS.isMaskOf("xxxx1234", "sk_test_1234")).toBe(true);
    expect(ASSUMPTIONS.isMaskOf("****1234", "sk_test_1234")).toBe(false);
    applyAssumptionOverrides({});
    expect(ASSUMPTIONS.patchDeepMergesNestedObjects).toBe(true);
    expect(statuses).toEqual({ done: "PROCESSED", failed: "FAILED" });
    expect(types).toContain("SLACK");
    expect(ASSUMPTIONS.isMaskOf("****1234", "sk_test_1234")).toBe(true);
  });

  test("credentialMask without a revealed suffix accepts any value under the prefix", () => {
    applyAssumptionOverrides({ credentialMask: { prefix: "********", revealsSuffix: false } });
    expect(ASSUMPTIONS.isMaskOf("********", "sk_test_abc")).toBe(true);
  });

  test("resource descriptions read paths and flags when used, not when loaded", () => {
    applyAssumptionOverrides({ channelsPath: "/assistants/{assistantId}/channels", channelsGetById: false });
    expect(channelSpec.path).toBe("/assistants/{assistantId}/channels");
    expect(channelSpec.locate?.getById).toBe(false);
    applyAssumptionOverrides({ knowledgeLinksPath: "/assistants/{assistantId}/knowledge" });
    expect(knowledgeLinkSpec.path).toBe("/assistants/{assistantId}/knowledge");
    expect(channelSpec.path).toBe("/assistants/{assistantId}/integrations");
  });

  test("resolveSettings takes invent:assumptions first, then INVENT_ASSUMPTIONS, and puts them in force", () => {
    const config = {
      get: (k: string) => (k === "invent:assumptions" ? '{"channelsGetById": false}' : undefined),
    };
    const s = resolveSettings(config, { INVENT_ASSUMPTIONS: '{"softDelete": false}' });
    expect(s.assumptions).toEqual({ channelsGetById: false });
    expect(ASSUMPTIONS.channelsGetById).toBe(false);
    expect(ASSUMPTIONS.softDelete).toBe(true);
    resolveSettings(undefined, { INVENT_ASSUMPTIONS: '{"softDelete": false}' });
    expect(ASSUMPTIONS.channelsGetById).toBe(true);
    expect(activeAssumptionOverrides()).toEqual({ softDelete: false });
    // The program process: stack config arrives in PULUMI_CONFIG.
    resolveSettings(undefined, {
      PULUMI_CONFIG: JSON.stringify({ "invent:assumptions": '{"listItemsCarryWholeObject": false}' }),
    });
    expect(ASSUMPTIONS.listItemsCarryWholeObject).toBe(false);
    expect(() => resolveSettings(undefined, { INVENT_ASSUMPTIONS: '{"nope": 1}' })).toThrow(
      /INVENT_ASSUMPTIONS: unknown assumption "nope"/,
    );
  });
});
