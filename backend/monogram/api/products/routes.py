"""/v1/products: personalisable products and their print areas."""

from flask.views import MethodView

from monogram.api.common import Blueprint
from monogram.api.products.schemas import ProductInputSchema, ProductSchema
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import products, visibility

blp = Blueprint(
    "products",
    __name__,
    url_prefix="/v1/products",
    description="Personalisable products and their print areas.",
)


@blp.route("")
class Products(MethodView):
    @auth.any_key
    @blp.response(200, ProductSchema(many=True))
    def get(self):
        """List products"""
        caller = auth.caller()
        return [
            products.product_document(p, visibility.viewpoint(caller))
            for p in products.list_products(caller.merchant_id)
        ]

    @auth.secret_key
    @blp.arguments(ProductInputSchema)
    @blp.response(201, ProductSchema)
    def post(self, fields):
        """Create a product"""
        product = products.create_product(auth.caller().merchant_id, fields)
        db.session.commit()
        return products.product_document(product)


@blp.route("/<product_id>")
class ProductById(MethodView):
    @auth.any_key
    @blp.response(200, ProductSchema)
    def get(self, product_id):
        """Get a product"""
        caller = auth.caller()
        return products.product_document(
            products.get_product(caller.merchant_id, product_id), visibility.viewpoint(caller)
        )

    @auth.secret_key
    @blp.arguments(ProductInputSchema)
    @blp.response(200, ProductSchema)
    def put(self, fields, product_id):
        """Replace a product"""
        product = products.replace_product(auth.caller().merchant_id, product_id, fields)
        db.session.commit()
        return products.product_document(product)

    @auth.secret_key
    @blp.response(204)
    def delete(self, product_id):
        """Archive a product (designs and orders that use it keep working)"""
        products.archive_product(auth.caller().merchant_id, product_id)
        db.session.commit()
