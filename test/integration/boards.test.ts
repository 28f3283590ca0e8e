/**
 * An assistant's `boards` over HTTP against the emulator: written as `[{board_id, initial_segment_id}]` by a
 * PATCH only (the create body does not take them), read back as `[{board_id, initial_segment: {id}}]` (or the
 * flat shape), the whole list replaced on update, `[]` clearing it; a board with no id refused with zero calls;
 * faults before and after the server acts on the create and on its follow-up PATCH.
 */
import { assistantSpec } from "../../provider/resources/assistant";
import { AGENCY_ORG_ID } from "../emulator/server";
import { useHarness } from "../support/harness";

const h = useHarness();
let boards: string[];
beforeEach(async () => {
  boards = [];
  for (const name of ["Sales", "Support", "Renewals"])
    boards.push((await h.control.seed("boards", AGENCY_ORG_ID, { name })).id);
  await h.control.resetRequests();
});

const stored = async () => (await h.control.assistants(AGENCY_ORG_ID)).filter((a) => !a.deleted);
const links = async () => (await stored())[0].boards.map((b) => [b.board_id, b.initial_segment?.id ?? null]);

describe("Assistant.boards", () => {
  test("create with boards: one POST, then one PATCH with them; read and diff are clean", async () => {
    const p = h.provider(assistantSpec);
    const declared = {
      name: "Desk",
      boards: [{ boardId: boards[0], initialSegmentId: "seg_new" }, { boardId: boards[1] }],
    };
    const { id, outs } = await p.create({ ...declared });
    expect(await h.calls()).toEqual({
      "GET /orgs/:org_id/assistants": 1,
      "POST /orgs/:org_id/assistants": 1,
      "PATCH /orgs/:org_id/assistants/:id": 1,
    });
    expect(await links()).toEqual([
      [boards[0], "seg_new"],
      [boards[1], null],
    ]);
    expect(outs.boards).toEqual(declared.boards);
    const read = await p.read(id, outs);
    expect(read.inputs?.boards).toEqual(declared.boards);
    expect((await p.diff(id, read.props!, { ...declared, orgId: "c" })).changes).toBe(false);
    // Order does not matter, and an explicit null segment is no segment.
    const reordered = {
      ...declared,
      boards: [{ boardId: boards[1], initialSegmentId: null }, declared.boards[0]],
    };
    expect((await p.diff(id, outs, { ...reordered, orgId: "c" })).changes).toBe(false);
    expect(h.logs.filter((l) => /did not keep/.test(l))).toEqual([]);
  });

  test("an update replaces the whole list in one PATCH; [] clears it; a segment changed by hand is drift", async () => {
    const p = h.provider(assistantSpec);
    const first = { name: "Desk", orgId: "c", boards: [{ boardId: boards[0] }] };
    const { id, outs } = await p.create({ ...first });
    await h.control.resetRequests();
    const second = {
      ...first,
      boards: [{ boardId: boards[1], initialSegmentId: "seg_a" }, { boardId: boards[2] }],
    };
    const { outs: after } = await p.update(id, outs, second);
    expect(await h.calls()).toEqual({ "PATCH /orgs/:org_id/assistants/:id": 1 });
    expect(await links()).toEqual([
      [boards[1], "seg_a"],
      [boards[2], null],
    ]);
    const [a] = await stored();
    await h.control.editAssistant(AGENCY_ORG_ID, id, {
      boards: a.boards.map((b) => ({
        ...b,
        initial_segment: b.initial_segment ? { id: "seg_by_hand" } : null,
      })),
    });
    const drifted = await p.read(id, after);
    expect(drifted.inputs?.boards).toEqual([
      { boardId: boards[1], initialSegmentId: "seg_by_hand" },
      { boardId: boards[2] },
    ]);
    expect((await p.diff(id, drifted.props!, second)).changes).toBe(true);
    const { outs: cleared } = await p.update(id, drifted.props!, { ...first, boards: [] });
    expect(await links()).toEqual([]);
    expect(cleared.boards).toEqual([]);
  });

  test("the other shape (initial_segment_id in answers) reads the same; an answer without boards keeps the declared ones", async () => {
    await h.control.settings({ boardsShape: "flat" });
    const p = h.provider(assistantSpec);
    const declared = {
      name: "Desk",
      orgId: "c",
      boards: [{ boardId: boards[0], initialSegmentId: "seg_new" }],
    };
    const { id, outs } = await p.create({ ...declared });
    expect(outs.boards).toEqual(declared.boards);
    expect((await p.diff(id, (await p.read(id, outs)).props!, declared)).changes).toBe(false);
    expect(h.logs.filter((l) => /did not keep/.test(l))).toEqual([]);
  });

  test("a board with no id, a repeated board, or not a list: refused at check with zero calls", async () => {
    const p = h.provider(assistantSpec);
    const reasons = async (boardsValue: unknown) =>
      (await p.check({}, { name: "Desk", boards: boardsValue })).failures.map((f) => f.reason);
    expect(await reasons([{ initialSegmentId: "seg_1" }])).toEqual([
      "boards[0].boardId: is required (id of the board).",
    ]);
    expect(await reasons([{ boardId: "brd_1" }, { boardId: "brd_1" }])).toEqual([
      'boards: boardId "brd_1" is listed twice; list each once.',
    ]);
    expect(await reasons([{ boardId: "brd_1", segment: "x" }])).toEqual([
      expect.stringMatching(
        /^boards\[0\]\.segment: unknown property\. .*Known: boardId, initialSegmentId\.$/,
      ),
    ]);
    expect(await reasons("brd_1")).toEqual([expect.stringMatching(/^boards: must be a list of objects/)]);
    expect(await h.calls()).toEqual({});
  });

  test("a create whose answer is lost after the server made it: found again (boards aside), one object, then its PATCH", async () => {
    await h.control.failNext({ route: "POST /orgs/:org_id/assistants", status: 502, afterCommit: true });
    const p = h.provider(assistantSpec);
    const { outs } = await p.create({ name: "Desk", boards: [{ boardId: boards[0] }] });
    expect(await stored()).toHaveLength(1);
    expect(await links()).toEqual([[boards[0], null]]);
    expect(outs.boards).toEqual([{ boardId: boards[0] }]);
  });

  test("the follow-up PATCH failing before or after the server acts: the object is kept half-made, the next update sends the boards", async () => {
    for (const afterCommit of [false, true]) {
      await h.control.reset();
      const board = (await h.control.seed("boards", AGENCY_ORG_ID, { name: "B" })).id;
      await h.control.failNext({
        route: "PATCH /orgs/:org_id/assistants/:id",
        status: 500,
        afterCommit,
        count: 10,
      });
      const p = h.provider(assistantSpec);
      const declared = { name: "Desk", orgId: "c", boards: [{ boardId: board }] };
      const err = await p.create({ ...declared }).catch((e) => e);
      expect(err).toMatchObject({ name: "HalfMadeError", id: expect.stringMatching(/^ast_/) });
      expect(err.message).toMatch(/was created, but setting the rest of its values failed/);
      expect(err.properties).not.toHaveProperty("boards");
      expect(await stored()).toHaveLength(1);
      await h.control.clearFaults();
      expect((await p.diff(err.id, err.properties, declared)).changes).toBe(true);
      await p.update(err.id, err.properties, declared);
      expect((await stored())[0].boards.map((b) => b.board_id)).toEqual([board]);
    }
  });
});
