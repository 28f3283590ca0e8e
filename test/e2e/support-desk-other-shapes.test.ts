/**
 * The support-desk lifecycle against an API that answers every shape the docs leave open the other way at once
 * (`OTHER_SHAPES`: the text of a content only at the top level of a GET, summary list items, no pagination
 * headers and a silent page-size cap, a `{data}` envelope, deleted objects in lists, 204 deletes, 201 creates,
 * omitted credentials, a link list of linked contents only, 429s without Retry-After), with no assumption
 * overridden: clean preview and refresh after every `up`, no replacement, the same writes as by default.
 */
import { OTHER_SHAPES } from "../emulator/control";
import { supportDeskCase } from "./cases/support-desk";
import { lifecycle } from "./lifecycle";

jest.setTimeout(300_000);

lifecycle({
  ...supportDeskCase(OTHER_SHAPES),
  report: "support-desk-other-shapes",
  emulator: OTHER_SHAPES,
  // A twentieth of all requests is rate limited (without Retry-After): every one is waited out.
  chaos: { seed: 15, rate: 0.05, kinds: ["429"] },
});
