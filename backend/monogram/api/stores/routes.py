"""/v1/stores: the merchant's stores — the main one and brand stores with their charter."""

from flask.views import MethodView

from monogram.api.common import Blueprint
from monogram.api.stores.schemas import (
    CreatedStoreSchema,
    StoreCreateSchema,
    StorePatchSchema,
    StoreSchema,
)
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import stores

blp = Blueprint(
    "stores",
    __name__,
    url_prefix="/v1/stores",
    description="Shop fronts: the main store and brand stores (franchise networks, key accounts).",
)


@blp.route("")
class Stores(MethodView):
    @auth.secret_key
    @blp.response(200, StoreSchema(many=True))
    def get(self):
        """List stores"""
        return stores.list_stores(auth.caller().merchant_id)

    @auth.secret_key
    @blp.arguments(StoreCreateSchema)
    @blp.response(201, CreatedStoreSchema)
    def post(self, fields):
        """Add a store (a brand store by default), with its publishable key"""
        store, key = stores.create_store(auth.caller().merchant_id, fields)
        db.session.commit()
        store.publishable_key = key  # for this response only; only its digest is kept
        return store


@blp.route("/<store_id>")
class StoreById(MethodView):
    @auth.secret_key
    @blp.response(200, StoreSchema)
    def get(self, store_id):
        """Describe a store"""
        return stores.get_store(auth.caller().merchant_id, store_id)

    @auth.secret_key
    @blp.arguments(StorePatchSchema)
    @blp.response(200, StoreSchema)
    def patch(self, fields, store_id):
        """Rename a store, make it a brand store, set or clear its charter"""
        store = stores.update_store(auth.caller().merchant_id, store_id, fields)
        db.session.commit()
        return store
