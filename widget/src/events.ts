/** The shopper's steps as monogram:… events on the widget's host, and in dataLayer when asked. */

export type Step =
  | "opened"
  | "first-edit"
  | "upload"
  | "preflight-warning"
  | "design-saved"
  | "price-changed"
  | "added-to-cart"
  | "abandoned"
  | "template-applied"
  | "template-saved";

export interface Emitter {
  (step: Step, detail?: Record<string, unknown>): void;
}

/**
 * An emitter dispatching on the host element (bubbles and composed, so themes and connectors
 * can listen on document) and, with analytics "datalayer", pushing to window.dataLayer.
 * No cookie and no tracker of our own.
 */
export function emitter(host: EventTarget, analytics: string | null | undefined): Emitter {
  return (step, detail = {}) => {
    host.dispatchEvent(new CustomEvent(`monogram:${step}`, { detail, bubbles: true, composed: true }));
    if (analytics === "datalayer") {
      const w = window as unknown as { dataLayer?: unknown[] };
      w.dataLayer = w.dataLayer || [];
      // The design token lets its holder change the design: it stays out of analytics.
      const { token: _token, ...shared } = detail;
      w.dataLayer.push({ event: `monogram_${step}`, ...shared });
    }
  };
}
