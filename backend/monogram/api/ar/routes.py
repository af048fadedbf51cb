"""/v1/ar: 3D models opened by a signed link, for AR viewers that send no key."""

import time

from flask import Response
from flask.views import MethodView

from monogram.api.ar.schemas import SignedModelQuerySchema
from monogram.api.common import Blueprint, file_doc
from monogram.rendering import usdz
from monogram.services import models3d

blp = Blueprint(
    "ar",
    __name__,
    url_prefix="/v1/ar",
    description="3D models for AR viewers, by the signed links of the model-link routes.",
)

LINK_ONLY = {"security": []}  # the signature in the query is the credential


def linked_model(data, etag, expires, media_type=models3d.MEDIA_TYPE):
    """The model file, kept by the phone no longer than its link lives."""
    response = Response(data, mimetype=media_type)
    response.set_etag(etag)
    response.headers["Cache-Control"] = f"private, max-age={max(0, expires - int(time.time()))}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    # The signed link is the permission, whichever page or viewer app opens it.
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blp.route("/designs/<design_id>/<int:version>.glb")
class LinkedDesignModel(MethodView):
    @blp.arguments(SignedModelQuerySchema, location="query")
    @blp.doc(
        **LINK_ONLY,
        **file_doc(
            "The design version's 3D model, as GET /v1/designs/{id}/model.glb gives it",
            models3d.MEDIA_TYPE,
        ),
    )
    @blp.alt_response(403, description="The link is not valid or has expired")
    def get(self, link, design_id, version):
        """Download a design version's 3D model by a link from POST /v1/designs/{id}/model-link"""
        data, etag = models3d.linked_design_model(
            design_id, version, link["expires"], link["signature"]
        )
        return linked_model(data, etag, link["expires"])


@blp.route("/products/<product_id>.glb")
class LinkedProductModel(MethodView):
    @blp.arguments(SignedModelQuerySchema, location="query")
    @blp.doc(
        **LINK_ONLY,
        **file_doc("The product's 3D model as uploaded", models3d.MEDIA_TYPE),
    )
    @blp.alt_response(403, description="The link is not valid or has expired")
    def get(self, link, product_id):
        """Download a product's 3D model by a link from POST /v1/products/{id}/model-link"""
        data, etag = models3d.linked_product_model(product_id, link["expires"], link["signature"])
        return linked_model(data, etag, link["expires"])


@blp.route("/designs/<design_id>/<int:version>.usdz")
class LinkedDesignUsdz(MethodView):
    @blp.arguments(SignedModelQuerySchema, location="query")
    @blp.doc(
        **LINK_ONLY,
        **file_doc(
            "The design version's 3D model as USDZ, for iOS Quick Look",
            usdz.MEDIA_TYPE,
        ),
    )
    @blp.alt_response(403, description="The link is not valid or has expired")
    def get(self, link, design_id, version):
        """Download a design version's USDZ by the usdz link of POST /v1/designs/{id}/model-link"""
        data, etag = models3d.linked_design_usdz(
            design_id, version, link["expires"], link["signature"]
        )
        return linked_model(data, etag, link["expires"], usdz.MEDIA_TYPE)


@blp.route("/products/<product_id>.usdz")
class LinkedProductUsdz(MethodView):
    @blp.arguments(SignedModelQuerySchema, location="query")
    @blp.doc(
        **LINK_ONLY,
        **file_doc("The product's 3D model as USDZ, for iOS Quick Look", usdz.MEDIA_TYPE),
    )
    @blp.alt_response(403, description="The link is not valid or has expired")
    def get(self, link, product_id):
        """Download a product's USDZ by the usdz link of POST /v1/products/{id}/model-link"""
        data, etag = models3d.linked_product_usdz(product_id, link["expires"], link["signature"])
        return linked_model(data, etag, link["expires"], usdz.MEDIA_TYPE)
