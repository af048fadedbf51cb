// Runs the Khronos glTF validator on a GLB file and prints its report as JSON.
// Usage: node tests/gltf_validate.mjs <validator package dir> <file.glb>
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [packageDir, file] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(packageDir), "package.json"));
const validator = require(path.resolve(packageDir));

const report = await validator.validateBytes(new Uint8Array(readFileSync(file)), {
  uri: path.basename(file),
  maxIssues: 200,
  // A Monogram GLB is self-contained: any outside resource is itself a fault.
  externalResourceFunction: (uri) => Promise.reject(new Error(`external resource ${uri}`)),
});
process.stdout.write(JSON.stringify(report));
