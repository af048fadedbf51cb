"""HTTP resources: one package per resource, each a flask-smorest blueprint (or a plain one)."""

from monogram.api.assets.routes import blp as assets
from monogram.api.demo.routes import blp as demo
from monogram.api.designs.routes import blp as designs
from monogram.api.fonts.routes import blp as fonts
from monogram.api.health.routes import blp as health
from monogram.api.jobs.routes import blp as jobs
from monogram.api.orders.routes import blp as orders
from monogram.api.products.routes import blp as products
from monogram.api.proofs.routes import blp as proof_page
from monogram.api.shopify.routes import blp as shopify
from monogram.api.webhook_endpoints.routes import blp as webhook_endpoints
from monogram.api.webhooks.routes import blp as webhooks
from monogram.api.widget.routes import blp as widget

# Documented in openapi.yaml, in this order.
BLUEPRINTS = (products, assets, fonts, designs, jobs, orders, webhook_endpoints)
# Served but kept out of the API document.
PLAIN_BLUEPRINTS = (health, widget, demo, webhooks, shopify, proof_page)
