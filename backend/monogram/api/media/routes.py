"""/v1/media: clipart collections (secret key) and the clipart the editor offers (any key)."""

from flask.views import MethodView

from monogram.api.common import Blueprint
from monogram.api.media.schemas import (
    ClipartQuerySchema,
    ClipartSchema,
    CollectionCreateSchema,
    CollectionPatchSchema,
    CollectionQuerySchema,
    CollectionSchema,
    ItemCreateSchema,
    ItemPatchSchema,
    ItemSchema,
)
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import media, visibility

blp = Blueprint(
    "media",
    __name__,
    url_prefix="/v1/media",
    description="Clipart collections shoppers pick from in the editor.",
)


@blp.route("")
class Clipart(MethodView):
    @auth.any_key
    @blp.arguments(ClipartQuerySchema, location="query")
    @blp.response(200, ClipartSchema(many=True))
    def get(self, args):
        """Search the clipart a store offers on a product (name and tags)"""
        caller = auth.caller()
        return media.search(
            caller.merchant_id,
            visibility.viewpoint(caller),
            q=args["q"],
            tag=args["tag"],
            category=args["category"],
            product_id=args["product"],
            limit=args["limit"],
        )


@blp.route("/collections")
class Collections(MethodView):
    @auth.secret_key
    @blp.arguments(CollectionQuerySchema, location="query")
    @blp.response(200, CollectionSchema(many=True))
    def get(self, args):
        """List clipart collections"""
        return media.list_collections(auth.caller().merchant_id, archived=args["archived"])

    @auth.secret_key
    @blp.arguments(CollectionCreateSchema)
    @blp.response(201, CollectionSchema)
    def post(self, fields):
        """Create a clipart collection"""
        collection = media.create_collection(auth.caller().merchant_id, fields)
        db.session.commit()
        return collection


@blp.route("/collections/<collection_id>")
class CollectionById(MethodView):
    @auth.secret_key
    @blp.response(200, CollectionSchema)
    def get(self, collection_id):
        """Describe a clipart collection"""
        return media.get_collection(auth.caller().merchant_id, collection_id)

    @auth.secret_key
    @blp.arguments(CollectionPatchSchema)
    @blp.response(200, CollectionSchema)
    def patch(self, fields, collection_id):
        """Change a collection: name, category, licence, product categories, stores, position"""
        collection = media.update_collection(auth.caller().merchant_id, collection_id, fields)
        db.session.commit()
        return collection

    @auth.secret_key
    @blp.response(204)
    def delete(self, collection_id):
        """Archive a collection: shoppers no longer see it; placed clipart stays in designs"""
        media.archive_collection(auth.caller().merchant_id, collection_id)
        db.session.commit()


@blp.route("/collections/<collection_id>/items")
class Items(MethodView):
    @auth.secret_key
    @blp.response(200, ItemSchema(many=True))
    def get(self, collection_id):
        """List a collection's clipart"""
        return media.list_items(auth.caller().merchant_id, collection_id)

    @auth.secret_key
    @blp.arguments(ItemCreateSchema)
    @blp.response(201, ItemSchema)
    def post(self, fields, collection_id):
        """Add an uploaded SVG or image to a collection"""
        item = media.add_item(auth.caller().merchant_id, collection_id, fields)
        db.session.commit()
        return item


@blp.route("/collections/<collection_id>/items/<item_id>")
class ItemById(MethodView):
    @auth.secret_key
    @blp.arguments(ItemPatchSchema)
    @blp.response(200, ItemSchema)
    def patch(self, fields, collection_id, item_id):
        """Rename, retag or reorder a piece of clipart"""
        item = media.update_item(auth.caller().merchant_id, collection_id, item_id, fields)
        db.session.commit()
        return item

    @auth.secret_key
    @blp.response(204)
    def delete(self, collection_id, item_id):
        """Take a piece of clipart out of its collection (its asset stays)"""
        media.remove_item(auth.caller().merchant_id, collection_id, item_id)
        db.session.commit()
