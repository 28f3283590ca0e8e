import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { generatedTypes, README, TYPES, withReference } from "../../scripts/docs";

describe("generated from the resource descriptions (run `npm run docs` when these fail)", () => {
  test("the README's resource reference is current", () => {
    const readme = readFileSync(README, "utf8");
    expect(readme).toBe(withReference(readme));
    expect(readme).toContain("| `conversation.threadMode` |");
  });

  test("the TSDoc'd argument and output interfaces are current", () => {
    // Prettier 3 loads its parsers with dynamic import, which jest's VM refuses: format in a child process.
    const prettier = join(__dirname, "../../node_modules/.bin/prettier");
    const formatted = execFileSync(prettier, ["--stdin-filepath", TYPES], {
      input: generatedTypes(),
    }).toString();
    expect(readFileSync(TYPES, "utf8")).toBe(formatted);
  });
});
