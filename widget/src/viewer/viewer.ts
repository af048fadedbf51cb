/**
 * <monogram-viewer>: the product's GLB turned with the finger or the mouse, each print area's
 * material showing the editor's drawing of that area, repainted a moment after each edit.
 * It lives in its own chunk (three.js), loaded only when the shopper asks for the 3D view.
 */

import {
  type BufferAttribute,
  CanvasTexture,
  DirectionalLight,
  HemisphereLight,
  type InterleavedBufferAttribute,
  LinearMipmapLinearFilter,
  Matrix3,
  Mesh,
  type MeshStandardMaterial,
  type Object3D,
  PerspectiveCamera,
  Scene,
  Sphere,
  Spherical,
  SRGBColorSpace,
  Box3,
  Vector3,
  WebGLRenderer,
} from "three";
import { GLTFLoader } from "three/examples/jsm/loaders/GLTFLoader.js";
import { OrbitControls } from "three/examples/jsm/controls/OrbitControls.js";
import { arLink, arSupport, quickLookAnchor, quickLookUrl, sceneViewerIntent } from "./ar";
import type { AreaDrawing, ArTarget, ViewerLabels, ViewerSource } from "./contract";
import { AreaPainter, texturePixels } from "./raster";
import { areasByMaterial, pointAtUv } from "./surface";

/** Edits are gathered this long before the textures are repainted (well under the 1 s promised). */
const REPAINT_DELAY_MS = 120;
const PIXELS_PER_MM = 8;
const MAX_TEXTURE_EDGE = 2048;
const FIELD_OF_VIEW = 35; // degrees
const KEY_TURN = Math.PI / 12;
const KEY_ZOOM = 1.15;
const AUTO_ROTATE_SPEED = 4; // 15 s a turn
// A flat area is shown turned this much (and seen a little from above), so its sides give depth;
// a curved one (a mug's wrap) is faced straight, its middle where the eye goes.
const QUARTER_VIEW = Math.PI / 9;

const STYLES = `
:host{display:block;position:relative;overflow:hidden;background:radial-gradient(circle at 50% 40%,#fff,#dfe3e8);
font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1c2430}
:host([hidden]){display:none}
canvas{display:block;width:100%;height:100%;touch-action:none;outline:none}
canvas:focus-visible{outline:3px solid #f2b705;outline-offset:-3px}
.hint,.status{position:absolute;left:0;right:0;margin:0;padding:0 12px;text-align:center;pointer-events:none}
.hint{bottom:8px;font-size:13px;color:#4a5463}
.status{top:45%;font-weight:600}
.status:empty{display:none}
.ar{position:absolute;top:8px;right:8px;display:inline-flex;align-items:center;min-height:40px;padding:6px 12px;
border-radius:6px;border:0;background:#1d3a5f;color:#fff;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.ar:disabled{opacity:.7;cursor:progress}
.ar:focus-visible{outline:3px solid #f2b705;outline-offset:2px}
[hidden]{display:none!important}
`;

interface AreaTexture {
  canvas: HTMLCanvasElement;
  texture: CanvasTexture;
  drawn: string; // the SVG last painted
  /** The GLB's own texture (the proof's) shows until the design changes. */
  baked: boolean;
}

export class MonogramViewer extends HTMLElement {
  source: ViewerSource | null = null;
  materials: Record<string, string> = {};
  labels: ViewerLabels = {
    canvas: "3D view",
    hint: "",
    ar: "View in your room",
    arFailed: "The model could not be opened in your room; try again.",
    loading: "Loading the 3D model…",
    failed: "The 3D model could not be shown.",
    noWebgl: "This browser cannot show 3D.",
  };
  ar: ArTarget | null = null;
  keepBaked = false;

  private readonly root: ShadowRoot;
  private renderer: WebGLRenderer | null = null;
  private controls: OrbitControls | null = null;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(FIELD_OF_VIEW, 1, 0.001, 100);
  private model: Object3D | null = null;
  private bounds = new Sphere();
  private readonly textures = new Map<string, AreaTexture>();
  private painter: AreaPainter | null = null;
  private current: AreaDrawing[] = [];
  private facing = "";
  private repaintTimer = 0;
  private painting: Promise<void> | null = null;
  private repaintAgain = false;
  private frame = 0;
  private lastTick = 0;
  private dirty = false;
  private painted = 0;
  private resizer: ResizeObserver | null = null;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
  }

  get drawings(): AreaDrawing[] {
    return this.current;
  }

  set drawings(value: AreaDrawing[]) {
    this.current = value;
    clearTimeout(this.repaintTimer);
    this.repaintTimer = window.setTimeout(() => void this.repaint(), REPAINT_DELAY_MS);
  }

  get focusArea(): string {
    return this.facing;
  }

  set focusArea(area: string) {
    this.facing = area;
    if (this.model) this.face(area);
  }

  connectedCallback(): void {
    if (this.renderer || !this.source) return;
    this.root.innerHTML =
      `<style>${STYLES}</style><canvas tabindex="0" role="application" aria-roledescription="3D"></canvas>` +
      `<p class="status" role="status"></p><p class="hint"></p><button type="button" class="ar" hidden></button>`;
    const canvas = this.root.querySelector("canvas") as HTMLCanvasElement;
    canvas.setAttribute("aria-label", this.labels.canvas);
    (this.root.querySelector(".hint") as HTMLElement).textContent = this.labels.hint;
    this.showAr();
    try {
      this.renderer = new WebGLRenderer({ canvas, antialias: true, alpha: true });
    } catch (error) {
      console.warn("[monogram] no WebGL for the 3D view", error);
      this.say(this.labels.noWebgl);
      return;
    }
    this.renderer.outputColorSpace = SRGBColorSpace;
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.scene.add(new HemisphereLight(0xffffff, 0x9a9fa6, 1.6));
    // A light riding with the camera, from the upper left: the side the shopper looks at is
    // always lit, and the faces beside it a shade darker.
    const key = new DirectionalLight(0xffffff, 2);
    key.position.set(-0.6, 0.8, 1);
    this.camera.add(key);
    this.scene.add(this.camera);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enablePan = false;
    this.controls.enableDamping = true;
    this.controls.autoRotate = !matchMedia("(prefers-reduced-motion: reduce)").matches;
    this.controls.autoRotateSpeed = AUTO_ROTATE_SPEED;
    this.controls.addEventListener("start", () => this.stopTurning());
    this.controls.addEventListener("change", () => this.requestRender());
    canvas.addEventListener("keydown", (event) => this.key(event));
    this.resizer = new ResizeObserver(() => this.resize());
    this.resizer.observe(this);
    this.painter = new AreaPainter((id) => (this.source as ViewerSource).fontFile(id));
    void this.load();
  }

  disconnectedCallback(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.repaintTimer);
    this.resizer?.disconnect();
    this.controls?.dispose();
    for (const { texture } of this.textures.values()) texture.dispose();
    this.renderer?.dispose();
    // Given back now, not when the canvas is collected: phones allow only a few contexts.
    this.renderer?.forceContextLoss();
    this.renderer = null;
  }

  private say(text: string): void {
    (this.root.querySelector(".status") as HTMLElement).textContent = text;
  }

  private async load(): Promise<void> {
    this.say(this.labels.loading);
    try {
      const bytes = await (this.source as ViewerSource).model();
      const gltf = await new GLTFLoader().parseAsync(bytes, "");
      if (!this.renderer) return; // closed while loading
      this.model = gltf.scene;
      this.scene.add(gltf.scene);
      gltf.scene.updateMatrixWorld(true);
      this.prepareAreas(gltf.scene);
      new Box3().setFromObject(gltf.scene).getBoundingSphere(this.bounds);
      this.resize();
      this.face(this.facing);
      this.say("");
      await this.repaint();
    } catch (error) {
      console.error("[monogram] the 3D model could not be shown", error);
      this.say(this.labels.failed);
    }
  }

  /** A canvas texture on each print area's material, white under it so the drawing shows true. */
  private prepareAreas(model: Object3D): void {
    const byMaterial = areasByMaterial(this.materials);
    const maxEdge = Math.min(MAX_TEXTURE_EDGE, this.renderer?.capabilities.maxTextureSize ?? MAX_TEXTURE_EDGE);
    const anisotropy = this.renderer?.capabilities.getMaxAnisotropy() ?? 1;
    model.traverse((node) => {
      if (!(node instanceof Mesh)) return;
      for (const material of [node.material].flat() as MeshStandardMaterial[]) {
        const area = byMaterial.get(material.name);
        if (!area) continue;
        let entry = this.textures.get(area);
        if (!entry) {
          const canvas = document.createElement("canvas");
          const texture = new CanvasTexture(canvas);
          texture.colorSpace = SRGBColorSpace;
          texture.flipY = false; // glTF's texture coordinates start at the image's top left
          texture.minFilter = LinearMipmapLinearFilter;
          texture.anisotropy = anisotropy;
          entry = { canvas, texture, drawn: "", baked: this.keepBaked && Boolean(material.map) };
          this.textures.set(area, entry);
          // Sized when the first drawing of the area arrives; until then the baked texture stays.
          canvas.dataset.maxEdge = String(maxEdge);
        }
        material.userData.monogramArea = area;
      }
    });
  }

  /** Paints the areas whose drawing changed, one pass at a time; an edit meanwhile asks again. */
  private async repaint(): Promise<void> {
    if (!this.model || !this.painter) return;
    if (this.painting) {
      this.repaintAgain = true;
      return this.painting;
    }
    this.painting = (async () => {
      do {
        this.repaintAgain = false;
        const drawings = this.current;
        let changed = false;
        for (const drawing of drawings) {
          const entry = this.textures.get(drawing.area);
          if (!entry || entry.drawn === drawing.svg) continue;
          if (entry.baked && !entry.drawn) {
            entry.drawn = drawing.svg; // what the baked texture shows: repaint from the next edit
            continue;
          }
          const maxEdge = Number(entry.canvas.dataset.maxEdge);
          const [width, height] = texturePixels(drawing.width, drawing.height, PIXELS_PER_MM, maxEdge);
          if (entry.canvas.width !== width || entry.canvas.height !== height) {
            entry.canvas.width = width;
            entry.canvas.height = height;
            entry.texture.dispose(); // a new size needs a new GPU texture
          }
          try {
            await (this.painter as AreaPainter).paint(drawing, entry.canvas);
          } catch (error) {
            console.error(error);
            continue;
          }
          entry.drawn = drawing.svg;
          entry.baked = false;
          entry.texture.needsUpdate = true;
          this.useTexture(drawing.area, entry);
          changed = true;
        }
        if (changed) {
          this.painted += 1;
          this.requestRender();
        }
      } while (this.repaintAgain);
    })().finally(() => {
      this.painting = null;
    });
    return this.painting;
  }

  private useTexture(area: string, entry: AreaTexture): void {
    this.model?.traverse((node) => {
      if (!(node instanceof Mesh)) return;
      for (const material of [node.material].flat() as MeshStandardMaterial[]) {
        if (material.userData.monogramArea !== area || material.map === entry.texture) continue;
        material.map = entry.texture;
        material.color.setRGB(1, 1, 1);
        material.needsUpdate = true;
      }
    });
  }

  /** Turns the camera to look at the middle of an area, a little from above, the model framed. */
  private face(area: string): void {
    const centre = this.areaNormal(area, 0.5);
    const direction = centre?.clone() ?? new Vector3(0, 0, 1);
    const curved = [0.3, 0.7].some((u) => (this.areaNormal(area, u)?.dot(direction) ?? 1) < 0.99);
    if (Math.abs(direction.y) < 0.9) {
      if (!curved) direction.applyAxisAngle(new Vector3(0, 1, 0), QUARTER_VIEW);
      direction.y += 0.3;
    } else {
      direction.z += 0.05; // straight above or below: keep a heading for the orbit
    }
    direction.normalize();
    const radius = this.bounds.radius || 0.1;
    const distance = (radius / Math.sin(((FIELD_OF_VIEW / 2) * Math.PI) / 180)) * 1.05;
    this.camera.near = radius / 100;
    this.camera.far = radius * 100;
    this.camera.updateProjectionMatrix();
    this.camera.position.copy(this.bounds.center).addScaledVector(direction, distance);
    if (this.controls) {
      this.controls.target.copy(this.bounds.center);
      this.controls.minDistance = radius * 1.1;
      this.controls.maxDistance = distance * 3;
      this.controls.update();
    }
    this.requestRender();
  }

  /** The outward normal, in the scene, half way down the area's texture at `u` across. */
  private areaNormal(area: string, u: number): Vector3 | null {
    const material = this.materials[area];
    let found: Vector3 | null = null;
    this.model?.traverse((node) => {
      if (found || !(node instanceof Mesh)) return;
      const materials = [node.material].flat() as MeshStandardMaterial[];
      if (!materials.some((m) => m.name === material)) return;
      const geometry = node.geometry;
      const position = geometry.getAttribute("position");
      const uv = geometry.getAttribute("uv");
      if (!position || !uv) return;
      // Groups (several materials on one mesh): only the triangles of the area's material.
      const index = geometry.index ? Array.from(flat(geometry.index, 1)) : null;
      const all = index ?? Array.from({ length: position.count }, (_, i) => i);
      const ranges: { start: number; count: number }[] = geometry.groups.length
        ? geometry.groups.filter((group: { materialIndex?: number }) => materials[group.materialIndex ?? 0]?.name === material)
        : [{ start: 0, count: all.length }];
      const [positions, uvs] = [flat(position, 3), flat(uv, 2)];
      for (const range of ranges) {
        const hit = pointAtUv(positions, uvs, all.slice(range.start, range.start + range.count), u, 0.5);
        if (!hit) continue;
        const normal = new Vector3(...hit.normal).applyMatrix3(new Matrix3().getNormalMatrix(node.matrixWorld));
        found = normal.normalize();
        return;
      }
    });
    return found;
  }

  private showAr(): void {
    const link = arLink(this.ar, arSupport(navigator.userAgent, document.createElement("a")));
    if (!link) return;
    const button = this.root.querySelector(".ar") as HTMLButtonElement;
    button.textContent = this.labels.ar;
    button.hidden = false;
    // The links are signed and short-lived: asked for when pressed, not when shown.
    button.addEventListener("click", () => void this.openAr(button, link.kind));
  }

  private async openAr(button: HTMLButtonElement, kind: "scene-viewer" | "quick-look"): Promise<void> {
    if (!this.ar || button.disabled) return;
    button.disabled = true;
    const status = this.root.querySelector(".status") as HTMLElement;
    try {
      if (kind === "quick-look") {
        const anchor = quickLookAnchor(document, await quickLookUrl(this.ar), this.labels.ar);
        if (status.textContent === this.labels.arFailed) this.say("");
        anchor.click();
        return;
      }
      const intent = await sceneViewerIntent(this.ar);
      if (status.textContent === this.labels.arFailed) this.say("");
      location.href = intent;
    } catch (error) {
      console.warn("[monogram] AR could not open", error);
      this.say(this.labels.arFailed);
    } finally {
      button.disabled = false;
    }
  }

  private key(event: KeyboardEvent): void {
    const controls = this.controls;
    if (!controls) return;
    const offset = this.camera.position.clone().sub(controls.target);
    const spherical = new Spherical().setFromVector3(offset);
    const moves: Record<string, () => void> = {
      ArrowLeft: () => (spherical.theta -= KEY_TURN),
      ArrowRight: () => (spherical.theta += KEY_TURN),
      ArrowUp: () => (spherical.phi -= KEY_TURN),
      ArrowDown: () => (spherical.phi += KEY_TURN),
      "+": () => (spherical.radius /= KEY_ZOOM),
      "=": () => (spherical.radius /= KEY_ZOOM),
      "-": () => (spherical.radius *= KEY_ZOOM),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    this.stopTurning();
    move();
    spherical.makeSafe();
    spherical.radius = Math.min(controls.maxDistance, Math.max(controls.minDistance, spherical.radius));
    this.camera.position.copy(controls.target).add(new Vector3().setFromSpherical(spherical));
    controls.update();
    this.requestRender();
  }

  private stopTurning(): void {
    if (this.controls) this.controls.autoRotate = false;
  }

  private resize(): void {
    if (!this.renderer) return;
    const width = Math.max(1, this.clientWidth);
    const height = Math.max(1, this.clientHeight);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  /** Draws on the next frame; keeps drawing while the model turns by itself or glides to rest. */
  private requestRender(): void {
    this.dirty = true;
    if (!this.frame) this.frame = requestAnimationFrame((time) => this.tick(time));
  }

  private tick(time: number): void {
    this.frame = 0;
    const controls = this.controls;
    const renderer = this.renderer;
    if (!controls || !renderer) return;
    const seconds = this.lastTick ? Math.min(0.1, (time - this.lastTick) / 1000) : 1 / 60;
    this.lastTick = time;
    const moved = controls.update(seconds);
    if (moved || this.dirty) {
      this.dirty = false;
      renderer.render(this.scene, this.camera);
      // For tests and screenshots: how many repaints of the textures are on screen.
      if (this.model) {
        this.setAttribute("data-painted", String(this.painted));
        const shown = [...this.textures.values()].filter((entry) => entry.drawn);
        const baked = shown.filter((entry) => entry.baked).length;
        this.setAttribute("data-textures", !baked ? "live" : baked === shown.length ? "baked" : "mixed");
      }
    }
    if (moved || controls.autoRotate) this.frame = requestAnimationFrame((next) => this.tick(next));
    else this.lastTick = 0;
  }
}

/** An attribute's values as plain numbers, whatever its layout (interleaved, quantised). */
function flat(attribute: BufferAttribute | InterleavedBufferAttribute, size: number): Float32Array {
  const out = new Float32Array(attribute.count * size);
  const getters = [attribute.getX, attribute.getY, attribute.getZ].slice(0, size);
  for (let i = 0; i < attribute.count; i++) {
    getters.forEach((get, k) => (out[i * size + k] = get.call(attribute, i)));
  }
  return out;
}
