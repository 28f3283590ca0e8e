/** The chat assumptions are overridable like the others, partly for nested objects, and refuse wrong shapes. */
import { applyAssumptionOverrides, ASSUMPTIONS, parseAssumptionOverrides } from "../../provider/assumptions";

afterEach(() => applyAssumptionOverrides({}));

describe("chat assumptions", () => {
  test("nested objects are overridden in part; the rest keeps its default", () => {
    applyAssumptionOverrides(
      parseAssumptionOverrides(
        '{"chatReplyPolling": {"firstMs": "50"}, "chatToolCallKeys": {"name": ["function"]}}',
        "INVENT_ASSUMPTIONS",
      ),
    );
    expect(ASSUMPTIONS.chatReplyPolling).toEqual({
      firstMs: 50,
      factor: 1.5,
      maxMs: 5000,
      deadlineMs: 120000,
    });
    expect(ASSUMPTIONS.chatToolCallKeys.name).toEqual(["function"]);
    expect(ASSUMPTIONS.chatToolCallKeys.id).toContain("tool_call_id");
    applyAssumptionOverrides({});
    expect(ASSUMPTIONS.chatReplyPolling.firstMs).toBe(1000);
  });

  test("paths must keep their placeholder; lists and flags their type", () => {
    expect(() => parseAssumptionOverrides({ chatPath: "/conversations/x" }, "invent:assumptions")).toThrow(
      /chatPath must be a path containing "\{chatId\}"/,
    );
    expect(() => parseAssumptionOverrides({ chatStartPath: "/chats" }, "invent:assumptions")).toThrow(
      /chatStartPath must be a path containing "\{assistantId\}"/,
    );
    expect(() =>
      parseAssumptionOverrides({ chatHandoffSignals: { aiDisabled: "no" } }, "invent:assumptions"),
    ).toThrow(/chatHandoffSignals.aiDisabled must be an object/);
    expect(() => parseAssumptionOverrides({ chatEndedState: ["X"] }, "invent:assumptions")).toThrow(
      /did you mean "chatEndedStates"/,
    );
    expect(
      parseAssumptionOverrides(
        { chatPath: "/v2/chats/{chatId}", chatEndedStates: ["CLOSED", "RESOLVED"] },
        "x",
      ),
    ).toEqual({ chatPath: "/v2/chats/{chatId}", chatEndedStates: ["CLOSED", "RESOLVED"] });
  });
});
