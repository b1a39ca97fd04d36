/** Every suite under test/ runs with `npm test`; TypeScript is compiled by SWC for speed. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.tsx?$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
  },
  // The source loads the simulator lazily with import(".../simulator/index.js"), the specifier compiled Node
  // needs; Jest runs the TypeScript it stands for.
  moduleNameMapper: { "^(\\.\\./)+simulator/index\\.js$": "<rootDir>/src/simulator/index.ts" },
  testTimeout: 20000,
  // A test's import("../../src/x/index.js") (Node16 resolution wants an extension on dynamic imports) finds index.ts.
  moduleNameMapper: { "^((?:\\.\\./)+src/.*)\\.js$": "$1" },
  // The Medusa suites (test/medusa) boot a whole app on PostgreSQL: the database settings they need.
  setupFiles: ["<rootDir>/test/medusa/support/env.js"],
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
