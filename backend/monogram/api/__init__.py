"""HTTP resources: one package per resource, each a flask-smorest blueprint."""

from monogram.api.assets.routes import blp as assets
from monogram.api.designs.routes import blp as designs
from monogram.api.fonts.routes import blp as fonts
from monogram.api.health.routes import blp as health
from monogram.api.jobs.routes import blp as jobs
from monogram.api.products.routes import blp as products

# Documented in openapi.yaml, in this order.
BLUEPRINTS = (products, assets, fonts, designs, jobs)
# Served but kept out of the API document.
PLAIN_BLUEPRINTS = (health,)
