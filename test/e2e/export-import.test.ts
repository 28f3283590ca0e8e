import { exportImportCycle } from "./cases/export-import";

jest.setTimeout(600_000);

exportImportCycle();
