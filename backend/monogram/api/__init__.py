"""HTTP resources: one package per resource, each a flask-smorest blueprint (or a plain one)."""

from monogram.api.account.routes import blp as account
from monogram.api.ar.routes import blp as ar
from monogram.api.assets.routes import blp as assets
from monogram.api.batches.routes import blp as batches
from monogram.api.companies.routes import blp as companies
from monogram.api.console.routes import blp as console
from monogram.api.customers.routes import blp as customers
from monogram.api.demo.routes import blp as demo
from monogram.api.designs.routes import blp as designs
from monogram.api.fonts.routes import blp as fonts
from monogram.api.health.routes import blp as health
from monogram.api.jobs.routes import blp as jobs
from monogram.api.media.routes import blp as media
from monogram.api.orders.routes import blp as orders
from monogram.api.price_rules.routes import blp as price_rules
from monogram.api.prices.routes import blp as prices
from monogram.api.products.routes import blp as products
from monogram.api.proofs.routes import blp as proof_page
from monogram.api.quote_page.routes import blp as quote_page
from monogram.api.quotes.routes import blp as quotes
from monogram.api.shopify.routes import blp as shopify
from monogram.api.stores.routes import blp as stores
from monogram.api.templates.routes import blp as templates
from monogram.api.webhook_endpoints.routes import blp as webhook_endpoints
from monogram.api.webhooks.routes import blp as webhooks
from monogram.api.widget.routes import blp as widget
from monogram.api.workshop.routes import blp as workshop_portal
from monogram.api.workshops.routes import blp as workshops

# Documented in openapi.yaml, in this order.
BLUEPRINTS = (
    products,
    price_rules,
    prices,
    quotes,
    assets,
    fonts,
    templates,
    media,
    designs,
    ar,
    batches,
    customers,
    jobs,
    orders,
    companies,
    workshops,
    webhook_endpoints,
    stores,
    account,
)
# Served but kept out of the API document.
PLAIN_BLUEPRINTS = (
    health,
    widget,
    demo,
    webhooks,
    shopify,
    proof_page,
    quote_page,
    workshop_portal,
    console,
)
