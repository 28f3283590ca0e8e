/**
 * The TypeScript form of a conversation test file: `export default defineChatTests({...})` in a `*.chat.ts`
 * file gives the editor the schema's types. Kept free of runtime imports: the library's entry point
 * re-exports it, and a Pulumi program must not load the test machinery.
 */
import type { ChatTestFileInput } from "./schema";

/** Returns the test file unchanged; its argument is typed by the test-file schema. */
export function defineChatTests(file: ChatTestFileInput): ChatTestFileInput {
  return file;
}
