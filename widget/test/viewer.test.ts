// The 3D view's pure parts: the AR links, where an area's centre lands on a model, and how an
// area's drawing is made self-contained before it becomes a texture.

import assert from "node:assert/strict";
import { test } from "node:test";
import { drawingMarkup } from "../src/editor/stage";
import { DRAWING_STYLES } from "../src/editor/styles";
import type { Measurer } from "../src/model/text";
import type { PrintArea, TextObject } from "../src/model/types";
import { arLink, arSupport, quickLookAnchor, quickLookUrl, sceneViewerIntent, sceneViewerUrl } from "../src/viewer/ar";
import type { ArTarget } from "../src/viewer/contract";
import {
  base64,
  blobUrlsOf,
  fontFaces,
  fontIdsOf,
  inlineHrefs,
  sized,
  texturePixels,
  withStyle,
} from "../src/viewer/raster";
import { areasByMaterial, pointAtUv } from "../src/viewer/surface";

const SIGNED = "https://api.example.com/v1/ar/designs/dsn_1/2.glb?expires=1796672000&signature=ab12";
const SIGNED_USDZ = "https://api.example.com/v1/ar/designs/dsn_1/2.usdz?expires=1796672000&signature=cd34";

function target(link: () => Promise<string>, usdz: () => Promise<string> = async () => SIGNED_USDZ) {
  const made: ArTarget & { asked: number } = {
    asked: 0,
    links: async () => {
      made.asked += 1;
      return { url: await link(), usdz: await usdz() };
    },
    title: "Mug & co",
    fallback: "https://shop.example.com/products/mug?variant=2",
  };
  return made;
}

const TARGET = target(async () => SIGNED);

const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36";
const DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36";

function anchor(ar: boolean): HTMLAnchorElement {
  return { relList: { supports: (token: string) => ar && token === "ar" } } as unknown as HTMLAnchorElement;
}

test("Scene Viewer's intent carries the absolute GLB, real size, and the way back to the shop", () => {
  const url = sceneViewerUrl("https://api.example.com/v1/products/prd_1/model.glb", TARGET);
  assert.equal(
    url,
    "intent://arvr.google.com/scene-viewer/1.0?" +
      "file=https%3A%2F%2Fapi.example.com%2Fv1%2Fproducts%2Fprd_1%2Fmodel.glb" +
      "&mode=ar_preferred&resizable=false&title=Mug%20%26%20co" +
      "#Intent;scheme=https;package=com.google.ar.core;action=android.intent.action.VIEW;" +
      "S.browser_fallback_url=https%3A%2F%2Fshop.example.com%2Fproducts%2Fmug%3Fvariant%3D2;end;",
  );
});

test("pressing AR asks for a fresh signed link and hands it whole to Scene Viewer", async () => {
  const pressed = target(async () => SIGNED);
  const intent = await sceneViewerIntent(pressed);
  // The link's own query stays inside the file parameter, so Scene Viewer fetches it signed.
  assert.ok(
    intent.startsWith(
      "intent://arvr.google.com/scene-viewer/1.0?file=" +
        "https%3A%2F%2Fapi.example.com%2Fv1%2Far%2Fdesigns%2Fdsn_1%2F2.glb" +
        "%3Fexpires%3D1796672000%26signature%3Dab12&mode=ar_preferred&",
    ),
    intent,
  );
  const file = new URL(intent.replace("intent://", "https://").split("#")[0]).searchParams.get("file");
  assert.equal(file, SIGNED);
  await sceneViewerIntent(pressed);
  assert.equal(pressed.asked, 2, "a link is asked for at each press: they expire");
});

test("pressing AR fails with a reason when there is no link a phone can fetch", async () => {
  await assert.rejects(
    sceneViewerIntent(target(async () => Promise.reject(new Error("404 No 3D model")))),
    /404 No 3D model/,
  );
  await assert.rejects(
    sceneViewerIntent(target(async () => "/v1/ar/products/prd_1.glb?expires=1&signature=x")),
    /^Error: \[monogram\] Scene Viewer needs an absolute http\(s\) URL/,
  );
  await assert.rejects(sceneViewerIntent(target(async () => "blob:https://shop/1")), /absolute/);
});

test("the AR button is offered on Android, on iOS with Quick Look, and never on a desktop", () => {
  const android = arSupport(ANDROID, anchor(false));
  assert.deepEqual(android, { android: true, quickLook: false });
  assert.deepEqual(arLink(TARGET, android), { kind: "scene-viewer" });

  const iphone = arSupport("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)", anchor(true));
  assert.deepEqual(iphone, { android: false, quickLook: true });
  assert.deepEqual(arLink(TARGET, iphone), { kind: "quick-look" });

  assert.equal(arLink(TARGET, arSupport(DESKTOP, anchor(false))), null);
  assert.equal(arLink(null, android), null);
  assert.equal(TARGET.asked, 0, "showing the button asks for no link");
});

/** Just enough of a document to build elements in node: tag, properties and children. */
interface FakeElement {
  tagName: string;
  children: FakeElement[];
  append(child: FakeElement): void;
  [property: string]: unknown;
}

const FAKE_DOCUMENT = {
  createElement(tag: string): FakeElement {
    const element: FakeElement = {
      tagName: tag.toUpperCase(),
      children: [],
      append: (child) => void element.children.push(child),
    };
    return element;
  },
} as unknown as Pick<Document, "createElement">;

test("on iOS, pressing AR asks for a fresh link and opens its USDZ from an <a rel=ar> holding an image", async () => {
  const pressed = target(async () => SIGNED);
  const href = await quickLookUrl(pressed);
  // The signed query is kept whole; the fragment keeps the model at its real size.
  assert.equal(href, `${SIGNED_USDZ}#allowsContentScaling=0`);
  assert.equal(pressed.asked, 1);

  const made = quickLookAnchor(FAKE_DOCUMENT, href, "Voir chez vous") as unknown as FakeElement;
  assert.equal(made.tagName, "A");
  assert.equal(made.rel, "ar");
  assert.equal(made.href, href);
  assert.equal(made.children.length, 1, "Quick Look needs the image to be the anchor's only child");
  assert.equal(made.children[0].tagName, "IMG");
  assert.equal(made.children[0].alt, "Voir chez vous");

  await quickLookUrl(pressed);
  assert.equal(pressed.asked, 2, "a link is asked for at each press: they expire");
});

test("on iOS, pressing AR fails with a reason when there is no USDZ a phone can fetch", async () => {
  await assert.rejects(
    quickLookUrl(target(async () => SIGNED, async () => "/v1/ar/designs/dsn_1/2.usdz?expires=1&signature=x")),
    /^Error: \[monogram\] Quick Look needs an absolute http\(s\) URL/,
  );
  await assert.rejects(
    quickLookUrl(target(async () => SIGNED, async () => undefined as unknown as string)),
    /Quick Look needs an absolute/,
  );
  await assert.rejects(
    quickLookUrl(target(async () => Promise.reject(new Error("404 No 3D model")))),
    /404 No 3D model/,
  );
});

test("materials map back to their print areas", () => {
  const map = areasByMaterial({ front: "panel_front", wrap: "wrap" });
  assert.equal(map.get("panel_front"), "front");
  assert.equal(map.get("wrap"), "wrap");
  assert.equal(map.get("handle"), undefined);
});

test("the centre of an area's texture is found on its triangles, with the outward normal", () => {
  // A 2 × 1 panel facing +z at z = 0.5, u along +x, v downwards along -y (glTF's convention),
  // corners counter-clockwise seen from +z.
  const positions = [-1, 0.5, 0.5, 1, 0.5, 0.5, 1, -0.5, 0.5, -1, -0.5, 0.5];
  const uvs = [0, 0, 1, 0, 1, 1, 0, 1];
  const indices = [0, 3, 2, 0, 2, 1];
  const centre = pointAtUv(positions, uvs, indices, 0.5, 0.5);
  assert.ok(centre);
  centre.point.forEach((value, i) => assert.ok(Math.abs(value - [0, 0, 0.5][i]) < 1e-9, `${centre.point}`));
  assert.deepEqual(centre.normal.map((v) => Math.round(v * 1e6) / 1e6), [0, 0, 1]);

  const corner = pointAtUv(positions, uvs, indices, 0.25, 0.75);
  assert.ok(corner);
  assert.ok(Math.abs(corner.point[0] + 0.5) < 1e-9 && Math.abs(corner.point[1] + 0.25) < 1e-9);

  assert.equal(pointAtUv(positions, uvs, indices, 1.5, 0.5), null, "outside the texture");
  // Without an index buffer, every three vertices are a triangle.
  const unindexed = indices.flatMap((i) => positions.slice(3 * i, 3 * i + 3));
  const unindexedUvs = indices.flatMap((i) => uvs.slice(2 * i, 2 * i + 2));
  assert.deepEqual(pointAtUv(unindexed, unindexedUvs, null, 0.5, 0.5)?.normal.map(Math.round), [0, 0, 1]);
});

test("a wrap-around area's centre lands half way round a cylinder, facing out", () => {
  // A mug's wall: 16 columns round the y axis, u = angle / 2π, v from top (0) to bottom (1).
  const positions: number[] = [];
  const uvs: number[] = [];
  const indices: number[] = [];
  const columns = 16;
  for (let i = 0; i <= columns; i++) {
    const angle = (i / columns) * 2 * Math.PI;
    for (const [y, v] of [[0.09, 0], [0, 1]]) {
      positions.push(0.04 * Math.sin(angle), y, 0.04 * Math.cos(angle));
      uvs.push(i / columns, v);
    }
  }
  for (let i = 0; i < columns; i++) {
    const [top, bottom, nextTop, nextBottom] = [2 * i, 2 * i + 1, 2 * i + 2, 2 * i + 3];
    indices.push(top, bottom, nextBottom, top, nextBottom, nextTop);
  }
  const hit = pointAtUv(positions, uvs, indices, 0.5, 0.5);
  assert.ok(hit);
  // Half way round from +z is -z; the facet there faces out, to -z (within its 22.5° width).
  assert.ok(hit.point[2] < -0.039, `${hit.point}`);
  assert.ok(Math.abs(hit.point[1] - 0.045) < 1e-9);
  assert.ok(hit.normal[2] < -0.97 && Math.abs(hit.normal[1]) < 1e-9, `${hit.normal}`);
});

test("texture sizes follow the area's proportions within the cap", () => {
  assert.deepEqual(texturePixels(200, 90, 8, 2048), [1600, 720]);
  assert.deepEqual(texturePixels(600, 300, 8, 2048), [2048, 1024]);
  assert.deepEqual(texturePixels(10, 10, 8, 2048), [80, 80]);
});

test("a drawing is made self-contained: fonts and pictures inlined, sized in pixels", () => {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5"><style>.a{}</style>` +
    `<text style="font-family:&quot;mg-fnt_ab1&quot;, sans-serif">A</text>` +
    `<text style="font-family:&quot;mg-fnt_ab1&quot;, sans-serif">B</text>` +
    `<text style="font-family:&quot;mg-fnt_Z-2&quot;, sans-serif">C</text>` +
    `<image href="blob:http://x/1"/><image href="blob:http://x/2"/><image href="blob:http://x/1"/></svg>`;
  assert.deepEqual(fontIdsOf(svg), ["fnt_ab1", "fnt_Z-2"]);
  assert.deepEqual(blobUrlsOf(svg), ["blob:http://x/1", "blob:http://x/2"]);
  const inlined = inlineHrefs(svg, new Map([["blob:http://x/1", "data:image/png;base64,AAA"]]));
  assert.equal(inlined.split('href="data:image/png;base64,AAA"').length - 1, 2);
  assert.ok(inlined.includes('href="blob:http://x/2"'), "a picture not yet read stays as it was");
  const faces = fontFaces(new Map([["fnt_ab1", "data:font/woff2;base64,d09G"]]));
  assert.equal(faces, '@font-face{font-family:"mg-fnt_ab1";src:url(data:font/woff2;base64,d09G) format("woff2")}');
  assert.ok(withStyle(svg, faces).includes(`<style>${faces}.a{}</style>`));
  assert.ok(withStyle('<svg viewBox="0 0 1 1"></svg>', "b{}").startsWith('<svg viewBox="0 0 1 1"><style>b{}</style>'));
  assert.ok(sized(svg, 80, 40).startsWith('<svg width="80" height="40" xmlns='));
  assert.equal(base64(new TextEncoder().encode("wOF2 font").buffer as ArrayBuffer), "d09GMiBmb250");
});

const MEASURER: Measurer = {
  advances: (_font, text) => Array.from(text, () => 500),
  ascent: () => 800,
  descent: () => 200,
};

test("an area's drawing is its trim box, with the design's text and none of the editor's guides", () => {
  const area: PrintArea = {
    id: "wrap", name: "Wrap", width: 200, height: 90, bleed: 3, safe: 5, technique: "sublimation",
    color_mode: "rgb", max_colors: null, min_dpi: 150, cut_contour: "none", mockup: null,
  };
  const text: TextObject = {
    id: "t1", type: "text", x: 70, y: 30, width: 60, height: 20, text: "Léa & Tom", font: "fnt_1",
    size: 24, color: { rgb: "#ff0000" }, align: "center", fit: "none",
  };
  const svg = drawingMarkup(area, [text], MEASURER, new Map(), DRAWING_STYLES);
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 90" preserveAspectRatio="none">'));
  assert.ok(svg.includes(`<style>${DRAWING_STYLES}</style>`));
  assert.ok(svg.includes("Léa &amp; Tom"));
  assert.ok(svg.includes("fill:#ff0000"));
  assert.ok(svg.includes("mg-fnt_1"));
  assert.ok(!svg.includes("guides") && !svg.includes("selection") && !svg.includes("handle"));
});
