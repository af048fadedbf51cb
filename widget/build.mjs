// Builds the widget: the 3D viewer chunk and the editor bundle under content-hashed names (the
// editor knows the chunk's), then the loader that knows the editor's.
// `node build.mjs --tests` instead compiles test/*.test.ts for node's test runner into build/.

import { mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

// Budgets from the issues: the Shopify theme-check limit for the loader, a fraction of what
// canvas libraries alone weigh for the editor, and for the 3D viewer (three.js) fetched on demand.
const LOADER_BUDGET = 10 * 1024;
const EDITOR_BUDGET = 80 * 1024;
const VIEWER_BUDGET = 200 * 1024;
const TARGET = ["es2020"];

async function buildTests() {
  rmSync("build", { recursive: true, force: true });
  const entryPoints = readdirSync("test")
    .filter((name) => name.endsWith(".test.ts"))
    .map((name) => join("test", name));
  await esbuild.build({
    entryPoints,
    outdir: "build/test",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    logLevel: "warning",
  });
}

function gzipSize(path) {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

async function buildWidget() {
  rmSync("dist", { recursive: true, force: true });
  mkdirSync("dist");
  const hashed = async (entry, name, define = {}) => {
    const result = await esbuild.build({
      entryPoints: [entry],
      outdir: "dist",
      entryNames: `${name}-[hash]`,
      bundle: true,
      minify: true,
      format: "iife",
      target: TARGET,
      define,
      metafile: true,
      legalComments: "none",
      logLevel: "warning",
    });
    return basename(Object.keys(result.metafile.outputs).find((f) => f.endsWith(".js")));
  };
  const viewerFile = await hashed("src/viewer/index.ts", "viewer");
  const editorFile = await hashed("src/editor/index.ts", "editor", {
    __MONOGRAM_VIEWER__: JSON.stringify(viewerFile),
  });
  await esbuild.build({
    entryPoints: ["src/loader.ts"],
    outfile: "dist/monogram.js",
    bundle: true,
    minify: true,
    format: "iife",
    target: TARGET,
    define: { __MONOGRAM_EDITOR__: JSON.stringify(editorFile) },
    legalComments: "none",
    logLevel: "warning",
  });
  const manifest = { loader: "monogram.js", editor: editorFile, viewer: viewerFile };
  writeFileSync("dist/manifest.json", JSON.stringify(manifest, null, 2) + "\n");

  const loaderSize = gzipSize("dist/monogram.js");
  const editorSize = gzipSize(join("dist", editorFile));
  const viewerSize = gzipSize(join("dist", viewerFile));
  console.log(`dist/monogram.js        ${loaderSize} bytes gzip -9 (budget ${LOADER_BUDGET})`);
  console.log(`dist/${editorFile}  ${editorSize} bytes gzip -9 (budget ${EDITOR_BUDGET})`);
  console.log(`dist/${viewerFile}  ${viewerSize} bytes gzip -9 (budget ${VIEWER_BUDGET})`);
  if (loaderSize > LOADER_BUDGET || editorSize > EDITOR_BUDGET || viewerSize > VIEWER_BUDGET) {
    console.error("[monogram] build over budget");
    process.exit(1);
  }
}

if (process.argv.includes("--tests")) {
  await buildTests();
} else {
  await buildWidget();
}
