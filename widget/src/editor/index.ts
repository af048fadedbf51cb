/** The editor bundle: defines <monogram-editor>, which the loader creates on first use. */

import { MonogramEditor } from "./element";

if (!customElements.get("monogram-editor")) {
  customElements.define("monogram-editor", MonogramEditor);
}
