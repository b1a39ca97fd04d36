/** Every suite under test/ runs with `npm test`; TypeScript is compiled by SWC for speed. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.tsx?$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
  },
  moduleNameMapper: {
    // The source loads the simulator lazily with import(".../simulator/index.js"), the specifier compiled Node
    // needs; Jest runs the TypeScript it stands for.
    "^(\\.\\./)+simulator/index\\.js$": "<rootDir>/src/simulator/index.ts",
    // A test's import("../../src/x/index.js") (the same kind of specifier) finds index.ts.
    "^((?:\\.\\./)+src/.*)\\.js$": "$1",
  },
  testTimeout: 20000,
  // The Medusa suites (test/medusa) boot a whole app on PostgreSQL: the database settings they need.
  setupFiles: ["<rootDir>/test/medusa/support/env.js"],
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
