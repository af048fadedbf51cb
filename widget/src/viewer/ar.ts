/** The AR button: Scene Viewer on Android, Quick Look on iOS, nothing elsewhere. */

import type { ArTarget } from "./contract";

export interface ArSupport {
  /** An Android phone or tablet (Scene Viewer ships with Google Play Services for AR). */
  android: boolean;
  /** Safari's `<a rel="ar">` support: iOS and iPadOS with AR Quick Look. */
  quickLook: boolean;
}

/** What the AR button opens; both are given a fresh signed link when the button is pressed. */
export type ArLink = { kind: "scene-viewer" } | { kind: "quick-look" };

/** What the browser offers, read from the user agent and the anchor's relList. */
export function arSupport(userAgent: string, anchor: HTMLAnchorElement | null): ArSupport {
  const quickLook = Boolean(anchor?.relList?.supports?.("ar"));
  return { android: /\bAndroid\b/i.test(userAgent) && !quickLook, quickLook };
}

/**
 * Scene Viewer's intent URL for the GLB at `glb`. `resizable=false` keeps the model at the size
 * the GLB gives in metres, so the mug stands on the table as big as the one that will be delivered.
 */
export function sceneViewerUrl(glb: string, target: Pick<ArTarget, "title" | "fallback">): string {
  const query = [
    `file=${encodeURIComponent(glb)}`,
    "mode=ar_preferred",
    "resizable=false",
    `title=${encodeURIComponent(target.title)}`,
  ].join("&");
  return (
    `intent://arvr.google.com/scene-viewer/1.0?${query}#Intent;scheme=https;` +
    "package=com.google.ar.core;action=android.intent.action.VIEW;" +
    `S.browser_fallback_url=${encodeURIComponent(target.fallback)};end;`
  );
}

/**
 * Asks for a link to the model that opens without a key (Scene Viewer sends none of our headers)
 * and makes the intent of it. Rejects when there is no link or it is not one a phone can fetch.
 */
export async function sceneViewerIntent(target: ArTarget): Promise<string> {
  const glb = fetchable((await target.links()).url, "Scene Viewer");
  return sceneViewerUrl(glb, target);
}

/**
 * Asks for a link to the model's USDZ that opens without a key, for Quick Look. The fragment
 * stops pinch-to-scale, so the model stays at its real size (as `resizable=false` on Android).
 */
export async function quickLookUrl(target: ArTarget): Promise<string> {
  return `${fetchable((await target.links()).usdz, "Quick Look")}#allowsContentScaling=0`;
}

/**
 * The anchor Quick Look opens from: Safari hands an `<a rel="ar">` to Quick Look instead of
 * navigating only when the anchor's one child is an image.
 */
export function quickLookAnchor(doc: Pick<Document, "createElement">, href: string, label: string): HTMLAnchorElement {
  const anchor = doc.createElement("a");
  anchor.rel = "ar";
  anchor.href = href;
  const image = doc.createElement("img");
  image.alt = label;
  anchor.append(image);
  return anchor;
}

/** The AR button to offer, or null where the device has no AR viewer we can open. */
export function arLink(target: ArTarget | null, support: ArSupport): ArLink | null {
  if (!target) return null;
  if (support.quickLook) return { kind: "quick-look" };
  return support.android ? { kind: "scene-viewer" } : null;
}

function fetchable(link: string | undefined, viewer: string): string {
  if (!link || !/^https?:\/\//.test(link)) {
    throw new Error(`[monogram] ${viewer} needs an absolute http(s) URL for the model, not ${link}`);
  }
  return link;
}
