"""/v1/products: personalisable products and their print areas."""

from flask import Response, request
from flask.views import MethodView

from monogram.api.ar.schemas import ModelLinkSchema
from monogram.api.common import Blueprint, file_doc
from monogram.api.products.schemas import ModelUploadSchema, ProductInputSchema, ProductSchema
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import models3d, products, visibility

blp = Blueprint(
    "products",
    __name__,
    url_prefix="/v1/products",
    description="Personalisable products and their print areas.",
)


def document(product, seen_from=None):
    """The product's JSON with its 3D model, if it has one."""
    return {
        **products.product_document(product, seen_from),
        "model": models3d.model_summary(product),
    }


def glb_response(data, etag):
    """A GLB answer that a viewer revalidates with its ETag: a 304 unless the model changed."""
    response = Response(data, mimetype=models3d.MEDIA_TYPE)
    response.set_etag(etag)
    # Revalidated, never kept blindly: the merchant may replace the model behind the same URL.
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


@blp.route("")
class Products(MethodView):
    @auth.any_key
    @blp.response(200, ProductSchema(many=True))
    def get(self):
        """List products"""
        caller = auth.caller()
        return [
            document(p, visibility.viewpoint(caller))
            for p in products.list_products(caller.merchant_id)
        ]

    @auth.secret_key
    @blp.arguments(ProductInputSchema)
    @blp.response(201, ProductSchema)
    def post(self, fields):
        """Create a product"""
        product = products.create_product(auth.caller().merchant_id, fields)
        db.session.commit()
        return document(product)


@blp.route("/<product_id>")
class ProductById(MethodView):
    @auth.any_key
    @blp.response(200, ProductSchema)
    def get(self, product_id):
        """Get a product"""
        caller = auth.caller()
        return document(
            products.get_product(caller.merchant_id, product_id), visibility.viewpoint(caller)
        )

    @auth.secret_key
    @blp.arguments(ProductInputSchema)
    @blp.response(200, ProductSchema)
    def put(self, fields, product_id):
        """Replace a product"""
        product = products.replace_product(auth.caller().merchant_id, product_id, fields)
        db.session.commit()
        return document(product)

    @auth.secret_key
    @blp.response(204)
    def delete(self, product_id):
        """Archive a product (designs and orders that use it keep working)"""
        products.archive_product(auth.caller().merchant_id, product_id)
        db.session.commit()


@blp.route("/<product_id>/model")
class ProductModel(MethodView):
    @auth.secret_key
    @blp.arguments(ModelUploadSchema, location="files")
    @blp.response(200, ProductSchema)
    @blp.alt_response(413, description="The file is over the size limit (20 MB by default)")
    @blp.alt_response(422, description="Not a usable GLB; the message says what to change")
    def put(self, files, product_id):
        """Give a product its 3D model (GLB with a material per print area)"""
        upload = files["file"]
        product = models3d.attach_model(
            auth.caller().merchant_id, product_id, upload.read(), upload.filename
        )
        db.session.commit()
        return document(product)

    @auth.secret_key
    @blp.response(204)
    def delete(self, product_id):
        """Remove a product's 3D model"""
        models3d.remove_model(auth.caller().merchant_id, product_id)
        db.session.commit()


@blp.route("/<product_id>/model.glb")
class ProductModelFile(MethodView):
    @auth.any_key
    @blp.doc(**file_doc("The product's 3D model as uploaded", models3d.MEDIA_TYPE))
    def get(self, product_id):
        """Download a product's 3D model (GLB)"""
        data, etag = models3d.plain_model(auth.caller().merchant_id, product_id)
        return glb_response(data, etag)


@blp.route("/<product_id>/model-link")
class ProductModelLink(MethodView):
    @auth.any_key
    @blp.response(201, ModelLinkSchema)
    def post(self, product_id):
        """Get a short-lived link to a product's 3D model, for AR viewers that send no key"""
        return models3d.product_model_link(auth.caller().merchant_id, product_id)
