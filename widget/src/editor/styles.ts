/**
 * The editor's styles, all inside its shadow root. The host resets everything with !important so
 * a page's global rules (`* { all: unset }`, `button { display: none }`) cannot reach in; every
 * control states its own display, font and colours.
 */

/** What an area's drawing needs to look as on the stage, also when drawn alone (the 3D textures). */
export const DRAWING_STYLES = `.paper{fill:#fff}.hit{fill:transparent}
.line,.glyph{white-space:pre;font-kerning:normal;font-variant-ligatures:none;font-feature-settings:"liga" 0,"clig" 0,"calt" 0;
text-rendering:geometricPrecision;letter-spacing:0;word-spacing:0}
.pending{fill:#eef0f3;stroke:#c5ccd6;stroke-width:.3}
.code-label{font-family:system-ui,sans-serif;text-anchor:middle;dominant-baseline:central}`;

export const STYLES = `
:host{all:initial!important;display:block!important;position:fixed!important;inset:0!important;
z-index:2147483000!important;box-sizing:border-box!important;visibility:visible!important;
opacity:1!important;pointer-events:auto!important;transform:none!important}
:host([hidden]){display:none!important}
*,*::before,*::after{box-sizing:border-box}
[hidden]{display:none!important}
.backdrop{display:flex;align-items:center;justify-content:center;position:absolute;inset:0;
background:#3b4250;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:#1c2430;-webkit-text-size-adjust:100%}
.panel{display:flex;flex-direction:column;position:relative;width:min(1100px,96vw);height:min(780px,94vh);background:#fff;
border-radius:10px;overflow:hidden;box-shadow:0 10px 40px rgba(0,0,0,.3)}
@media (max-width:639px){.panel{width:100%;height:100%;border-radius:0}}
header,footer{display:flex;align-items:center;gap:8px;padding:8px 12px;border-bottom:1px solid #dde1e6;flex:none;flex-wrap:wrap}
header{flex-wrap:nowrap}
footer{border-bottom:0;border-top:1px solid #dde1e6;justify-content:flex-end}
h2{display:block;margin:0;flex:1 1 auto;font:600 17px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1c2430;min-width:0}
.body{display:flex;flex:1 1 auto;min-height:0}
@media (max-width:759px){.body{flex-direction:column;overflow:auto}}
.main{display:flex;flex-direction:column;flex:1 1 auto;min-width:0;min-height:260px}
.side{display:block;flex:0 0 300px;overflow:auto;border-left:1px solid #dde1e6;padding:10px 12px}
@media (max-width:759px){.side{flex:none;border-left:0;border-top:1px solid #dde1e6;overflow:visible}}
.toolbar{display:flex;flex-wrap:wrap;gap:6px;padding:8px 12px;border-bottom:1px solid #eef0f3;flex:none}
[role=tablist]{display:flex;gap:4px;flex-wrap:wrap}
.tabs-row{display:flex;justify-content:space-between;align-items:flex-end;gap:6px;padding:6px 12px 0;flex:none;flex-wrap:wrap}
button,.button{all:initial;display:inline-flex;align-items:center;justify-content:center;gap:6px;box-sizing:border-box;
min-height:40px;min-width:40px;padding:6px 12px;border:1px solid #c5ccd6;border-radius:6px;background:#fff;color:#1c2430;
font:500 14px/1.2 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;cursor:pointer;white-space:nowrap;
touch-action:manipulation;user-select:none;-webkit-user-select:none}
button:hover:not(:disabled){background:#f1f4f8}
button:disabled{opacity:.45;cursor:default}
button.primary{background:#1d3a5f;border-color:#1d3a5f;color:#fff}
button.primary:hover:not(:disabled){background:#16304f}
button[aria-pressed=true],[role=tab][aria-selected=true]{background:#e3ecf7;border-color:#1d3a5f;color:#10243d}
[role=tab]{border-bottom-left-radius:0;border-bottom-right-radius:0}
button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,.stage:focus-visible,.swatch:focus-visible{
outline:3px solid #f2b705!important;outline-offset:2px}
.stage-wrap{display:block;position:relative;flex:1 1 auto;min-height:200px;overflow:auto;background:#e9ecf0;
touch-action:none;overscroll-behavior:contain}
.stage{display:block;margin:auto;touch-action:none;user-select:none;-webkit-user-select:none}
.zoom{display:flex;gap:4px;padding-bottom:4px}
@media (max-width:639px){.toolbar{gap:4px;padding:6px 8px}.toolbar button,.zoom button{min-height:36px;padding:4px 8px;font-size:13px}
header,footer{padding:6px 8px}.side{padding:8px}h2{font-size:15px}
footer button{min-height:38px;padding:4px 10px}[part=status]{flex-basis:100%}}
@media (max-width:759px){.main{position:sticky;top:0;z-index:1;background:#fff;flex:none;height:46vh;min-height:220px}}
${DRAWING_STYLES}
.badge-text,.warn-text{font-family:system-ui,sans-serif;text-anchor:middle;dominant-baseline:central}
.guides rect{fill:none;vector-effect:non-scaling-stroke;stroke-width:1px}
.bleed-line{stroke:#d6336c;stroke-dasharray:4 3}
.trim-line{stroke:#1c2430}
.safe-line{stroke:#2b8a3e;stroke-dasharray:2 3}
.frame{fill:none;stroke:#1d6fd6}
.handle{fill:#fff;stroke:#1d6fd6;cursor:pointer}
.rotate{cursor:grab}
.rotate-arm{stroke:#1d6fd6}
.snap{stroke:#d6336c}
.badge.green{fill:#2b8a3e}.badge.amber{fill:#e8a200}.badge.red{fill:#c92a2a}
.badge-text{fill:#fff;font-weight:600}
.warn{fill:#e8a200;stroke:#fff;stroke-width:.3}
.warn-text{fill:#1c2430;font-weight:700}
.measure{position:absolute;left:0;top:0;visibility:hidden;white-space:pre;pointer-events:none;
font-kerning:normal;font-variant-ligatures:none;font-feature-settings:"liga" 0,"clig" 0,"calt" 0;
text-rendering:geometricPrecision;letter-spacing:0;word-spacing:0;line-height:1}
label,.label{display:block;margin:10px 0 4px;font:600 13px/1.3 system-ui,sans-serif;color:#3a4452}
fieldset{display:block;border:0;margin:0;padding:0;min-width:0}
legend{display:block;padding:0;margin:10px 0 4px;font:600 13px/1.3 system-ui,sans-serif;color:#3a4452}
input,select,textarea{all:initial;display:block;box-sizing:border-box;width:100%;min-height:40px;padding:8px;border:1px solid #c5ccd6;border-radius:6px;
background:#fff;color:#1c2430;font:15px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
textarea{min-height:64px;resize:vertical;white-space:pre-wrap}
input[type=checkbox]{display:inline-block;width:22px;min-height:0;height:22px;padding:0;vertical-align:middle;appearance:auto;-webkit-appearance:checkbox}
select{appearance:auto;-webkit-appearance:menulist}
input:disabled,textarea:disabled,select:disabled{background:#f1f3f5;color:#6b7684}
.row{display:flex;gap:6px;flex-wrap:wrap;align-items:center}
.check{display:flex;gap:8px;align-items:center;margin:10px 0 4px;font:500 14px/1.3 system-ui,sans-serif}
.swatches{display:flex;flex-wrap:wrap;gap:8px}
.swatch{all:initial;display:inline-block;width:36px;height:36px;border-radius:50%;border:2px solid #fff;
box-shadow:0 0 0 1px #8a94a3;cursor:pointer;appearance:none;-webkit-appearance:none;margin:0}
.swatch:checked{box-shadow:0 0 0 3px #1d3a5f}
.hint,.counter,.required,.warning-list{display:block;margin:6px 0;font:13px/1.4 system-ui,sans-serif;color:#4a5463}
.required{color:#a4262c;font-weight:600}
.counter[data-full=true]{color:#a4262c}
.warning-list{padding:8px 10px;margin:10px 0;border-radius:6px;background:#fff7e0;border:1px solid #e8c35a;color:#4a3b00}
.warning-list p{margin:4px 0}
.dpi-hint[data-level=red]{color:#a4262c}.dpi-hint[data-level=amber]{color:#7a5600}.dpi-hint[data-level=green]{color:#2b6a36}
.layers{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0 0}
.layers button{min-height:36px;padding:4px 10px;font-size:13px}
.layers button[data-required=true]::after{content:" *";color:#a4262c}
[part=status]{display:block;flex:1 1 200px;margin:0;min-height:1.4em;font:14px/1.4 system-ui,sans-serif;color:#2c3e50}
.price{display:block;font:600 15px/1.3 system-ui,sans-serif;color:#1c2430}
.price small{display:block;font-weight:400;font-size:12px;color:#4a5463}
.progress{display:block;width:100%;height:6px;border:0;appearance:none}
.overlay{display:flex;flex-direction:column;position:absolute;inset:0;background:#fff;z-index:2}
.overlay[hidden]{display:none}
.overlay .view{display:flex;flex:1 1 auto;align-items:center;justify-content:center;overflow:auto;padding:12px;background:#f3f4f6}
.overlay img{display:block;max-width:100%;max-height:100%;height:auto}
.library-body{display:block;flex:1 1 auto;overflow:auto;padding:8px 16px 16px;background:#f3f4f6}
h3{display:block;margin:14px 0 8px;font:600 15px/1.3 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1c2430}
.library-list{display:block;list-style:none;margin:0;padding:0}
.library-item{display:flex;align-items:center;gap:12px;margin:0 0 8px;padding:8px;background:#fff;border:1px solid #dde1e6;border-radius:8px}
.thumb{display:flex;align-items:center;justify-content:center;flex:none;width:104px;height:72px;border-radius:4px;background:#e9ecf0;overflow:hidden}
.library-text{display:flex;flex-direction:column;flex:1 1 auto;min-width:0;font:14px/1.4 system-ui,sans-serif;color:#4a5463}
.library-text strong{font-weight:600;color:#1c2430;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
@media (max-width:639px){.library-body{padding:6px 8px 12px}.thumb{width:64px;height:44px}.library-item{flex-wrap:wrap}}
.sr-only{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){button{transition:background-color .12s}}
@media (prefers-reduced-motion:reduce){*{transition:none!important;animation:none!important;scroll-behavior:auto!important}}
`;
