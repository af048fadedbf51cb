/**
 * The "Start from a template" gallery as markup: one card per published template of the product
 * (thumbnail, name, description) and a blank start. Thumbnails are fetched afterwards into
 * [data-thumbnail], as an <img> cannot carry the publishable key.
 */

import type { Translate } from "../i18n";
import type { Template } from "../model/template";
import { esc } from "./stage";

export const GALLERY_STYLES = `
.gallery-body{display:block;flex:1 1 auto;overflow:auto;padding:8px 16px 16px;background:#f3f4f6}
.gallery-list{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;list-style:none;margin:8px 0 0;padding:0}
.gallery-item{display:flex;flex-direction:column;gap:8px;margin:0;padding:10px;background:#fff;border:1px solid #dde1e6;border-radius:8px}
.gallery-item .thumb{width:100%;height:120px}
.thumb img{display:block;max-width:100%;max-height:100%}
.gallery-item strong{display:block;font:600 15px/1.3 system-ui,sans-serif;color:#1c2430}
.gallery-item span.description{display:block;font:13px/1.4 system-ui,sans-serif;color:#4a5463}
.fields{display:block;margin:0 0 12px;padding:0 0 8px;border-bottom:1px solid #dde1e6}
.fields h3{margin-top:4px}
.fields label .required{display:inline;margin:0}
.fields textarea{min-height:40px}
.slot{display:flex;align-items:center;gap:8px;flex-wrap:wrap;margin:8px 0}
.slot .label{margin:0;flex:1 1 100%}
.rules{display:block;margin:0 0 12px;padding:0 0 8px;border-bottom:1px solid #dde1e6}
.rules h3{margin-top:4px}
.rules .check{margin:4px 0}
.chip{display:inline-block;width:18px;height:18px;border-radius:50%;box-shadow:0 0 0 1px #8a94a3}
`;

/** The gallery's content; `replaces` warns that a template replaces the design in the editor. */
export function galleryMarkup(t: Translate, templates: Template[], replaces: boolean): string {
  let out = `<p class="hint">${esc(t("galleryIntro"))}</p>`;
  if (replaces) out += `<p class="hint">${esc(t("galleryReplaces"))}</p>`;
  out += `<ul class="gallery-list">`;
  templates.forEach((template, index) => {
    const id = `gallery-name-${index}`;
    const thumb = template.thumbnail_url
      ? `<span class="thumb" data-thumbnail="${esc(template.thumbnail_url)}"></span>`
      : `<span class="thumb"></span>`;
    out +=
      `<li class="gallery-item" data-template="${esc(template.id)}">${thumb}` +
      `<strong id="${id}">${esc(template.name)}</strong>` +
      (template.description ? `<span class="description">${esc(template.description)}</span>` : "") +
      `<button type="button" class="primary" data-use="${esc(template.id)}" aria-describedby="${id}">${esc(t("galleryUse"))}</button>` +
      `</li>`;
  });
  out += `</ul>`;
  out += `<p><button type="button" data-action="gallery-blank">${esc(t("galleryBlank"))}</button></p>`;
  return out;
}
