/** Jest runs the TypeScript sources directly; `pulumi-invent` resolves to them so tests need no build. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  moduleNameMapper: {
    "^pulumi-invent$": "<rootDir>/provider/index.ts",
    "^pulumi-invent/runtime$": "<rootDir>/provider/runtime.ts",
    "^pulumi-invent/native$": "<rootDir>/provider/native/index.ts",
  },
  testTimeout: 30000,
  // The end-to-end suites mostly wait on Pulumi CLI processes: two at a time fit two cores.
  maxWorkers: 2,
};
