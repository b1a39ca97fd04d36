#!/usr/bin/env node
// The published CLI runs the compiled code in dist/ (built by `npm run build`, run on install by `prepare`).
require("../dist/cli/main.js")
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
