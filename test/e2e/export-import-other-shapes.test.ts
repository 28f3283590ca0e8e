/**
 * The export → import cycle against an API answering every shape the docs leave open the other way
 * (`OTHER_SHAPES`), no assumption overridden: export GETs what summary list items lack (a content's text at the
 * top level, an assistant's config), and the imported program previews and refreshes clean.
 */
import { OTHER_SHAPES } from "../emulator/control";
import { exportImportCycle } from "./cases/export-import";

jest.setTimeout(600_000);

exportImportCycle(OTHER_SHAPES);
