"""/v1/products/{id}/pricing, /v1/price-lists, /v1/stores/{id}/pricing: what prices are made of."""

from flask import url_for
from flask.views import MethodView

from monogram.api.common import Blueprint
from monogram.api.price_rules.schemas import (
    PriceListCreateSchema,
    PriceListInSchema,
    PriceListSchema,
    PriceRuleInSchema,
    PriceRuleSchema,
    StorePricingInSchema,
    StorePricingSchema,
)
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import price_rules

blp = Blueprint(
    "price_rules",
    __name__,
    url_prefix="/v1",
    description="Price rules of products, B2B price lists, and each store's tax and rounding.",
)


@blp.route("/products/<product_id>/pricing")
class ProductPricing(MethodView):
    @auth.secret_key
    @blp.response(200, PriceRuleSchema)
    def get(self, product_id):
        """Get a product's price rule (empty until one is set)"""
        return price_rules.rule_document(
            price_rules.get_rule(auth.caller().merchant_id, product_id)
        )

    @auth.secret_key
    @blp.arguments(PriceRuleInSchema)
    @blp.response(200, PriceRuleSchema)
    def put(self, fields, product_id):
        """Replace a product's price rule; the next quote uses it"""
        rule = price_rules.put_rule(auth.caller().merchant_id, product_id, fields)
        db.session.commit()
        return price_rules.rule_document(rule)

    @auth.secret_key
    @blp.response(204)
    def delete(self, product_id):
        """Remove a product's price rule: it is no longer quoted (idempotent)"""
        price_rules.delete_rule(auth.caller().merchant_id, product_id)
        db.session.commit()


@blp.route("/price-lists")
class PriceLists(MethodView):
    @auth.secret_key
    @blp.response(200, PriceListSchema(many=True))
    def get(self):
        """List price lists by name"""
        return price_rules.list_price_lists(auth.caller().merchant_id)

    @auth.secret_key
    @blp.arguments(PriceListCreateSchema)
    @blp.response(201, PriceListSchema)
    @blp.alt_response(409, description="Another list has this name, company or customer group")
    def post(self, fields):
        """Add a price list for a company or a customer group"""
        price_list = price_rules.create_price_list(auth.caller().merchant_id, fields)
        db.session.commit()
        location = url_for("price_rules.PriceListById", price_list_id=price_list.id)
        return price_list, {"Location": location}


@blp.route("/price-lists/<price_list_id>")
class PriceListById(MethodView):
    @auth.secret_key
    @blp.response(200, PriceListSchema)
    def get(self, price_list_id):
        """Get a price list"""
        return price_rules.get_price_list(auth.caller().merchant_id, price_list_id)

    @auth.secret_key
    @blp.arguments(PriceListInSchema)
    @blp.response(200, PriceListSchema)
    @blp.alt_response(409, description="Another list has this name, company or customer group")
    def patch(self, fields, price_list_id):
        """Change a price list; the next quote uses it"""
        price_list = price_rules.get_price_list(auth.caller().merchant_id, price_list_id)
        price_rules.update_price_list(price_list, fields)
        db.session.commit()
        return price_list

    @auth.secret_key
    @blp.response(204)
    def delete(self, price_list_id):
        """Delete a price list; its buyers pay the products' own prices again"""
        price_rules.delete_price_list(
            price_rules.get_price_list(auth.caller().merchant_id, price_list_id)
        )
        db.session.commit()


@blp.route("/stores/<store_id>/pricing")
class StorePricing(MethodView):
    @auth.secret_key
    @blp.response(200, StorePricingSchema)
    def get(self, store_id):
        """Get a store's tax and rounding terms"""
        store = price_rules.get_store(auth.caller().merchant_id, store_id)
        return price_rules.store_pricing_document(store, price_rules.store_pricing(store))

    @auth.secret_key
    @blp.arguments(StorePricingInSchema)
    @blp.response(200, StorePricingSchema)
    def put(self, fields, store_id):
        """Set a store's tax and rounding terms"""
        store = price_rules.get_store(auth.caller().merchant_id, store_id)
        terms = price_rules.put_store_pricing(store, fields)
        db.session.commit()
        return price_rules.store_pricing_document(store, terms)
