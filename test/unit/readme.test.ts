import { readFileSync } from "node:fs";
import { join } from "node:path";
import { withReference } from "../../scripts/reference";

test("the README's resource reference matches the resource descriptions (run `npm run docs`)", () => {
  const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
  expect(readme).toBe(withReference(readme));
  expect(readme).toContain("| `conversation.threadMode` |");
});
