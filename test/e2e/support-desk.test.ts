import { supportDeskCase } from "./cases/support-desk";
import { lifecycle } from "./lifecycle";

jest.setTimeout(300_000);

lifecycle(supportDeskCase());
