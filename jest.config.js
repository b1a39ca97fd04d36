/** Every suite under test/ runs with `npm test`; TypeScript is compiled by SWC for speed. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }],
    // The storefront components (src/storefront) and their tests: JSX with React's automatic runtime.
    "^.+\\.tsx$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript", tsx: true },
          transform: { react: { runtime: "automatic" } },
          target: "es2022",
        },
        // import() stays native, so a test can load an ES-module-only package (happy-dom, the DOM of the
        // component tests) under Node's --experimental-vm-modules, which `npm test` runs with.
        module: { type: "commonjs", ignoreDynamic: true },
      },
    ],
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
