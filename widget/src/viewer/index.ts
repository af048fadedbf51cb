/** The 3D viewer chunk: defines <monogram-viewer>, which the editor creates when asked for 3D. */

import { VIEWER_TAG } from "./contract";
import { MonogramViewer } from "./viewer";

if (!customElements.get(VIEWER_TAG)) {
  customElements.define(VIEWER_TAG, MonogramViewer);
}
