import { ASSUMPTIONS } from "../assumptions";
import { field } from "../schema/fields";
import { ResourceSpec } from "../schema/spec";
import { resourceClass } from "../dynamic/resource";
import type { SegmentArgs, SegmentGetArgs, SegmentOutputs } from "./types.generated";

/** Segment colours. [D] */
export const SEGMENT_COLORS = [
  "red", "orange", "amber", "yellow", "lime", "green", "teal", "cyan", "sky", "blue", "indigo", "violet",
  "purple", "fuchsia", "pink", "rose", "neutral",
] as const; // prettier-ignore

const fields = {
  orgId: field.orgId(),
  adoptId: {
    ...field.adoptId(),
    doc:
      "Id of the existing segment to take over, since the API cannot create segments: make one in the Invent " +
      "dashboard and find its id with `getSegment` / `listSegments`. Create reads it and sends one PATCH with " +
      "the declared values that differ; only read at create.",
    required: true as const,
  },
  name: field.string({ doc: "Name of the segment, 1 to 128 characters.", min: 1, max: 128 }),
  color: field.enum(SEGMENT_COLORS, { doc: "Colour of the segment in the dashboard, e.g. `blue`." }),
  contactsCount: field.computed((o) => (o.contacts_count as number | null | undefined) ?? null, {
    doc: "Contacts in the segment.",
    tsType: "number | null",
  }),
  ...field.timestamps(),
};

/** The Segment's one description: adopt-only, undeletable, read through its listing. */
export const segmentSpec: ResourceSpec<typeof fields> = {
  type: "Segment",
  doc:
    "A segment of the org's contacts (a board column is one). The API can rename and recolour a segment, but " +
    "neither create nor delete one: a Segment resource takes an existing one over (`adoptId`, required), and " +
    "destroy forgets it and says so.",
  path: "/segments",
  fields,
  naturalKey: ["name"],
  adoptOnly: true,
  locate: {
    get getById() {
      return ASSUMPTIONS.segmentsGetById;
    },
  },
  undeletable: {
    why: "the Invent API cannot delete a segment.",
    remains: "It stays in the org, with its contacts, as it now is.",
  },
};

/**
 * A contacts segment, taken over from the dashboard (`adoptId`): its name and colour are then managed as code.
 * `destroy` forgets it; it stays in the org.
 *
 * @example
 * const vip = await invent.getSegment({ name: "VIP" });
 * new invent.Segment("vip", { adoptId: vip.id, name: "VIP customers", color: "amber" });
 */
export class Segment extends resourceClass<SegmentArgs, SegmentOutputs, SegmentGetArgs>(segmentSpec) {}
