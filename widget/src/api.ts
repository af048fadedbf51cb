/** The Monogram API as the widget uses it: the publishable key, design tokens and ETags. */

import type { Template } from "./model/template";
import type { DesignDocument, Product } from "./model/types";

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    message: string,
    public readonly errors: { path?: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface SavedDesign {
  id: string;
  token?: string;
  etag: string;
  document: DesignDocument;
}

export interface Asset {
  id: string;
  kind: string;
  media_type: string;
  width_px: number | null;
  height_px: number | null;
  preview_status?: string;
}

export interface FontInfo {
  id: string;
  family: string;
  style: string;
  weight: number;
  italic: boolean;
  category?: string | null;
  library?: boolean;
  /** Thousandths of an em as print sets lines: a WOFF2 cannot be read by a script. */
  ascent?: number | null;
  descent?: number | null;
  woff2_url?: string;
}

export interface Check {
  code: string;
  severity: string;
  area: string;
  object: string | null;
  path: string;
  message: string;
  dpi?: number[];
  min_dpi?: number;
}

/** URLs that open a 3D model without a key until they expire, for a phone's AR viewer. */
export interface ModelLink {
  url: string;
  /** The same model as USDZ, for iOS Quick Look. */
  usdz: string;
  expires_at: string;
}

export interface Quote {
  currency?: string;
  total?: number | string;
  unit_price?: number | string;
  breakdown?: { label?: string; name?: string; amount?: number | string }[];
  /** Shopify shops, saved designs: the price signed for the cart line's _monogram_price. */
  signed_price?: string | null;
}

/** What the buyer sends to ask for a quote ("devis") on a saved design. */
export interface QuoteRequest {
  design: string;
  quantity: number;
  variant?: string;
  locale?: string;
  contact: { name: string; email: string; phone?: string; company?: string };
  message?: string;
}

/** The quote as numbered, priced and e-mailed; amounts in minor units. */
export interface RequestedQuote {
  id: string;
  number: string;
  status: string;
  quantity: number;
  currency: string;
  unit_price: number;
  total: number;
  tax: number;
  tax_included: boolean;
  contact: { name: string; email: string; phone?: string | null; company?: string | null };
  valid_until: string;
}

/** A design the customer saved, as their library lists it. */
export interface LibraryDesign {
  id: string;
  title: string | null;
  product: string;
  product_name: string;
  version: number;
  updated_at: string;
  preview_url: string | null;
}

/** A personalised line of one of the customer's past orders. */
export interface LibraryLine {
  order: string;
  order_name: string;
  ordered_at: string;
  line: string;
  title: string;
  quantity: number;
  design: string;
  version: number;
  product: string;
  product_name: string;
  preview_url: string | null;
}

export interface Library {
  customer: string;
  designs: LibraryDesign[];
  orders: LibraryLine[];
}

/** A piece of the merchant's clipart library, as GET /v1/media lists it. */
export interface Clipart {
  id: string;
  name: string;
  tags: string[];
  category: string;
  collection: string;
  collection_name: string;
  asset: Asset & { width_mm: number | null; height_mm: number | null };
}

export interface ClipartQuery {
  product: string;
  q?: string;
  category?: string;
}

const TOKEN_HEADER = "Monogram-Design-Token";
const TEMPLATE_TOKEN_HEADER = "Monogram-Template-Token";
const CUSTOMER_HEADER = "Monogram-Customer";
const PREVIEW_RETRIES = 6;

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class Api {
  /** The signed customer reference from the shop, while it is good; null for a guest. */
  customer: string | null = null;

  constructor(
    private readonly base: string,
    private readonly key: string,
  ) {}

  private url(path: string): string {
    return this.base.replace(/\/$/, "") + path;
  }

  private async send(
    method: string,
    path: string,
    options: { body?: unknown; headers?: Record<string, string>; token?: string; customer?: boolean } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.key}`, ...options.headers };
    if (options.token) headers[TOKEN_HEADER] = options.token;
    if (options.customer && this.customer) headers[CUSTOMER_HEADER] = this.customer;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(this.url(path), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "omit", // no cookies, ever: the key and token are the only credentials
    });
    if (!response.ok && response.status !== 409) throw await errorOf(response);
    return response;
  }

  private async json<T>(method: string, path: string, options = {}): Promise<T> {
    return (await (await this.send(method, path, options)).json()) as T;
  }

  product(id: string): Promise<Product> {
    return this.json("GET", `/v1/products/${encodeURIComponent(id)}`);
  }

  font(id: string): Promise<FontInfo> {
    return this.json("GET", `/v1/fonts/${encodeURIComponent(id)}`);
  }

  /** Every font this store may use, with the metrics print sets lines with. */
  fonts(): Promise<FontInfo[]> {
    return this.json("GET", "/v1/fonts");
  }

  /** The font as WOFF2 (made from the file print embeds), cached by the browser for a year. */
  async fontWoff2(id: string): Promise<ArrayBuffer> {
    return (await this.send("GET", `/v1/fonts/${encodeURIComponent(id)}/woff2`)).arrayBuffer();
  }

  /** The TTF/OTF itself: only for a font whose metrics the server has not measured. */
  async fontFile(id: string): Promise<ArrayBuffer> {
    return (await this.send("GET", `/v1/fonts/${encodeURIComponent(id)}/file`)).arrayBuffer();
  }

  asset(id: string): Promise<Asset> {
    return this.json("GET", `/v1/assets/${encodeURIComponent(id)}`);
  }

  /** A screen-sized copy of a photo (the original for other files), waiting while it is made. */
  async assetImage(asset: Asset): Promise<Blob> {
    if (asset.kind === "raster") {
      for (let attempt = 0; attempt < PREVIEW_RETRIES; attempt += 1) {
        try {
          const response = await this.send("GET", `/v1/assets/${asset.id}/preview`);
          if (response.status !== 409) return await response.blob();
          const after = Number(response.headers.get("Retry-After")) || 1;
          await wait(Math.min(after, 5) * 1000);
        } catch {
          break; // no preview: the original will do
        }
      }
    }
    return (await this.send("GET", `/v1/assets/${asset.id}/content`)).blob();
  }

  /** Uploads a file with progress (fetch cannot report upload progress; XMLHttpRequest can). */
  upload(file: Blob, name: string, onProgress: (fraction: number) => void): Promise<Asset> {
    return new Promise((resolve, reject) => {
      const request = new XMLHttpRequest();
      request.open("POST", this.url("/v1/assets"));
      request.setRequestHeader("Authorization", `Bearer ${this.key}`);
      request.responseType = "json";
      request.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      request.onload = () => {
        const body = request.response as Record<string, unknown> | null;
        if (request.status >= 200 && request.status < 300) resolve(body as unknown as Asset);
        else reject(envelopeError(request.status, body, request.statusText));
      };
      request.onerror = () => reject(new ApiError(0, "network error"));
      const form = new FormData();
      form.append("file", file, name);
      request.send(form);
    });
  }

  /** Saves a new design, in the customer's library when there is one. */
  async createDesign(doc: DesignDocument): Promise<SavedDesign> {
    try {
      return savedOf(await this.send("POST", "/v1/designs", { body: doc, customer: true }));
    } catch (error) {
      // A reference gone stale must not stop the purchase: save as a guest, library aside.
      if (!this.customer || !(error instanceof ApiError) || ![401, 403].includes(error.status)) throw error;
      console.warn("[monogram] customer reference refused; saving outside the library:", error.message);
      this.customer = null;
      return savedOf(await this.send("POST", "/v1/designs", { body: doc }));
    }
  }

  /** The customer's saved designs and personalised order lines for a product. */
  library(product: string): Promise<Library> {
    return this.json("GET", `/v1/customer/designs?product=${encodeURIComponent(product)}`, { customer: true });
  }

  /** A saved design of the customer's with its token, to go on editing it. */
  async openSaved(id: string): Promise<SavedDesign> {
    const response = await this.send("GET", `/v1/customer/designs/${encodeURIComponent(id)}`, { customer: true });
    if (response.status === 409) throw await errorOf(response); // too old to reopen: copy it
    return savedOf(response);
  }

  /** An editable copy of a design's latest version, or of what an order line ordered. */
  async reorder(design: string, orderLine: string | null): Promise<SavedDesign> {
    const response = await this.send("POST", `/v1/designs/${encodeURIComponent(design)}/reorder`, {
      body: orderLine ? { order_line: orderLine } : {},
      customer: true,
    });
    return savedOf(response);
  }

  /** A library thumbnail (paths come from the library listing). */
  async libraryPreview(path: string): Promise<Blob> {
    return (await this.send("GET", path, { customer: true })).blob();
  }

  async updateDesign(id: string, token: string, etag: string, doc: DesignDocument): Promise<SavedDesign> {
    const response = await this.send("PUT", `/v1/designs/${encodeURIComponent(id)}`, {
      body: doc,
      token,
      headers: { "If-Match": etag },
    });
    return savedOf(response);
  }

  async design(id: string, token: string): Promise<SavedDesign> {
    return savedOf(await this.send("GET", `/v1/designs/${encodeURIComponent(id)}`, { token }));
  }

  async preflight(id: string, token: string): Promise<Check[]> {
    const report = await this.json<{ checks?: Check[] }>(
      "GET",
      `/v1/designs/${encodeURIComponent(id)}/preflight`,
      { token },
    );
    return report.checks ?? [];
  }

  async preview(id: string, token: string, area: string): Promise<Blob> {
    const path = `/v1/designs/${encodeURIComponent(id)}/preview?area=${encodeURIComponent(area)}`;
    for (let attempt = 0; attempt < PREVIEW_RETRIES; attempt += 1) {
      const response = await this.send("GET", path, { token });
      if (response.status !== 409) return response.blob();
      await wait((Number(response.headers.get("Retry-After")) || 1) * 1000);
    }
    throw new ApiError(409, "still being prepared");
  }

  /** A product's 3D model as GLB bytes, from product.model.url (a path under the API). */
  async productModel(path: string): Promise<ArrayBuffer> {
    return (await this.send("GET", path)).arrayBuffer();
  }

  /** The saved design's GLB, its areas' textures baked from the proof rendering. */
  async designModel(id: string, token: string): Promise<ArrayBuffer> {
    const path = `/v1/designs/${encodeURIComponent(id)}/model.glb`;
    return (await this.send("GET", path, { token })).arrayBuffer();
  }

  /** A signed link to a saved design version's GLB (the latest), which opens without a key. */
  designModelLink(id: string, token: string): Promise<ModelLink> {
    return this.json("POST", `/v1/designs/${encodeURIComponent(id)}/model-link`, { token });
  }

  /** A signed link to the product's plain GLB, which opens without a key. */
  productModelLink(productId: string): Promise<ModelLink> {
    return this.json("POST", `/v1/products/${encodeURIComponent(productId)}/model-link`);
  }

  /** The price of the design, its lines in the shopper's language; null where no pricing. */
  async quote(doc: DesignDocument, quantity: number, locale = "en"): Promise<Quote | null> {
    const ask = () =>
      this.json<Quote>("POST", "/v1/prices/quote", {
        body: { document: doc, quantity, locale },
        customer: true, // a signed-in B2B buyer sees their company's price list
      });
    try {
      return await ask();
    } catch (error) {
      if (error instanceof ApiError && [404, 405, 501].includes(error.status)) return null;
      if (this.customer && error instanceof ApiError && [401, 403].includes(error.status)) {
        console.warn("[monogram] customer reference refused; quoting the public price:", error.message);
        this.customer = null;
        return this.quote(doc, quantity, locale);
      }
      throw error;
    }
  }

  /** The price of a saved design; Shopify shops get it signed for the cart line too. */
  async quoteSaved(design: string, token: string, quantity: number, locale = "en"): Promise<Quote | null> {
    return this.json<Quote>("POST", "/v1/prices/quote", {
      body: { design, quantity, locale },
      token,
      customer: true,
    });
  }

  /** The published templates of a product that this store may show, in gallery order. */
  async gallery(product: string): Promise<Template[]> {
    try {
      const body = await this.json<Template[] | { items?: Template[]; data?: Template[] }>(
        "GET",
        `/v1/templates?product=${encodeURIComponent(product)}`,
      );
      return Array.isArray(body) ? body : body.items ?? body.data ?? [];
    } catch (error) {
      if (error instanceof ApiError && [404, 405, 501].includes(error.status)) return []; // no templates here
      throw error;
    }
  }

  /** One template; in template mode the author's editing token lets a draft be read. */
  template(id: string, editingToken: string | null = null): Promise<Template> {
    const headers: Record<string, string> = editingToken ? { [TEMPLATE_TOKEN_HEADER]: editingToken } : {};
    return this.json("GET", `/v1/templates/${encodeURIComponent(id)}`, { headers });
  }

  /** A gallery thumbnail (an <img> cannot send the key, so it is fetched as a blob). */
  async templateThumbnail(url: string): Promise<Blob> {
    const path = url.startsWith("http") ? new URL(url).pathname + new URL(url).search : url;
    const response = await this.send("GET", path);
    if (!response.ok) throw await errorOf(response); // 409: not rendered yet
    return response.blob();
  }

  /** Saves the template's document as its author left it; If-Match stops a lost update. */
  async saveTemplateDocument(id: string, editingToken: string, revision: number, doc: DesignDocument): Promise<Template> {
    const response = await this.send("PUT", `/v1/templates/${encodeURIComponent(id)}/document`, {
      body: doc,
      headers: { [TEMPLATE_TOKEN_HEADER]: editingToken, "If-Match": String(revision) },
    });
    if (!response.ok) throw await errorOf(response); // send() lets a 409 through for previews
    return (await response.json()) as Template;
  }

  /** The template-wide rules (allowed fonts and palette), which live beside the document. */
  saveTemplateRules(
    id: string,
    editingToken: string,
    rules: Pick<Template, "fonts" | "palette">,
  ): Promise<Template> {
    return this.json("PATCH", `/v1/templates/${encodeURIComponent(id)}`, {
      body: rules,
      headers: { [TEMPLATE_TOKEN_HEADER]: editingToken },
    });
  }

  /** The clipart this store offers on a product, searched by name and tags. */
  clipart(query: ClipartQuery): Promise<Clipart[]> {
    const params = new URLSearchParams({ product: query.product });
    if (query.q) params.set("q", query.q);
    if (query.category) params.set("category", query.category);
    return this.json("GET", `/v1/media?${params}`);
  }

  /** Asks for a quote on a saved design: numbered, priced as shown, e-mailed to the buyer. */
  async requestQuote(request: QuoteRequest, token: string): Promise<RequestedQuote> {
    const response = await this.send("POST", "/v1/quotes", { body: request, token, customer: true });
    if (!response.ok) throw await errorOf(response); // send() lets a 409 through for previews
    return (await response.json()) as RequestedQuote;
  }
}

async function savedOf(response: Response): Promise<SavedDesign> {
  const body = (await response.json()) as Partial<SavedDesign>;
  return {
    id: body.id as string,
    token: body.token,
    etag: response.headers.get("ETag") || quoteEtag(body.etag),
    document: body.document as DesignDocument,
  };
}

function quoteEtag(etag: string | undefined): string {
  if (!etag) return "";
  return etag.startsWith('"') || etag.startsWith("W/") ? etag : `"${etag}"`;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> | null = null;
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    // not JSON: the status line says enough
  }
  return envelopeError(response.status, body, response.statusText);
}

function envelopeError(status: number, body: Record<string, unknown> | null, fallback: string): ApiError {
  const errors = Array.isArray(body?.errors) ? (body?.errors as { path?: string; message: string }[]) : [];
  const message = (body?.message as string) || fallback || `HTTP ${status}`;
  const detail = errors.length ? `${message} (${errors.map((e) => e.message).join("; ")})` : message;
  return new ApiError(status, detail, errors);
}
