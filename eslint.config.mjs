// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";
import prettier from "eslint-config-prettier";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "node_modules/",
      "examples/*/node_modules/",
      "examples/*/bin/",
      "coverage/",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // The thin __provider stub must use a literal require so closure serialization emits it verbatim.
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  prettier,
);
