"""/v1/designs: what shoppers make, saved as immutable versions."""

from flask import Response, url_for
from flask.views import MethodView

from monogram.api.ar.schemas import ModelLinkSchema
from monogram.api.common import Blueprint, file_doc
from monogram.api.designs.schemas import (
    CreatedDesignSchema,
    DesignAccessHeadersSchema,
    DesignCreateHeadersSchema,
    DesignSchema,
    DesignUpdateHeadersSchema,
    DesignVersionDetailSchema,
    DesignVersionSchema,
    ModelLinkInputSchema,
    PreflightSchema,
    PreviewQuerySchema,
    ReorderedDesignSchema,
    ReorderHeadersSchema,
    ReorderSchema,
    VersionQuerySchema,
)
from monogram.api.products.routes import glb_response
from monogram.document import DesignDocumentSchema
from monogram.errors import NotFound
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import design_previews, designs, models3d, production

blp = Blueprint(
    "designs", __name__, url_prefix="/v1/designs", description="Designs and their versions."
)

ETAG_HEADER = {"ETag": {"description": "ETag of the latest version", "schema": {"type": "string"}}}


def view(design, version, **extra):
    return {
        "id": design.id,
        "product_id": design.product_id,
        "store_id": design.store_id,
        "version_count": design.version_count,
        "etag": version.etag,
        "document": version.document,
        "created_at": design.created_at,
        "updated_at": design.updated_at,
        **extra,
    }


@blp.route("")
class Designs(MethodView):
    @auth.any_key
    @blp.arguments(DesignCreateHeadersSchema, location="headers")
    @blp.arguments(DesignDocumentSchema)
    @blp.response(201, CreatedDesignSchema, headers=ETAG_HEADER)
    @blp.alt_response(422, description="The document is not valid; errors point at each fault")
    def post(self, headers, document):
        """Save a new design"""
        design, version, token = designs.create_design(
            auth.caller(), document, customer_reference=headers["customer"]
        )
        db.session.commit()
        headers = {
            "ETag": f'"{version.etag}"',
            "Location": url_for("designs.DesignById", design_id=design.id),
        }
        return view(design, version, token=token), headers


@blp.route("/<design_id>")
class DesignById(MethodView):
    @auth.any_key
    @blp.arguments(DesignAccessHeadersSchema, location="headers")
    @blp.response(200, DesignSchema, headers=ETAG_HEADER)
    def get(self, access, design_id):
        """Get a design at its latest version"""
        design = designs.authorised_design(auth.caller(), design_id, access["design_token"])
        version = designs.latest_version(design)
        return view(design, version), {"ETag": f'"{version.etag}"'}

    @auth.any_key
    @blp.arguments(DesignUpdateHeadersSchema, location="headers")
    @blp.arguments(DesignDocumentSchema)
    @blp.response(200, DesignSchema, headers=ETAG_HEADER)
    @blp.alt_response(412, description="The design changed since that ETag; reload it")
    @blp.alt_response(428, description="If-Match is missing")
    def put(self, access, document, design_id):
        """Save a new version of a design (If-Match required)"""
        design, version = designs.update_design(
            auth.caller(), design_id, document, access["if_match"], access["design_token"]
        )
        db.session.commit()
        return view(design, version), {"ETag": f'"{version.etag}"'}


@blp.route("/<design_id>/versions")
class DesignVersions(MethodView):
    @auth.any_key
    @blp.arguments(DesignAccessHeadersSchema, location="headers")
    @blp.response(200, DesignVersionSchema(many=True))
    def get(self, access, design_id):
        """List a design's versions, oldest first"""
        design = designs.authorised_design(auth.caller(), design_id, access["design_token"])
        return designs.versions(design)


@blp.route("/<design_id>/versions/<int:number>")
class DesignVersionByNumber(MethodView):
    @auth.any_key
    @blp.arguments(DesignAccessHeadersSchema, location="headers")
    @blp.response(200, DesignVersionDetailSchema)
    def get(self, access, design_id, number):
        """Get one version of a design"""
        design = designs.authorised_design(auth.caller(), design_id, access["design_token"])
        version = designs.version_number(design, number)
        if version is None:
            raise NotFound(f"Design {design_id} has no version {number}.")
        return version


@blp.route("/<design_id>/preflight")
class DesignPreflight(MethodView):
    @auth.any_key
    @blp.arguments(DesignAccessHeadersSchema, location="headers")
    @blp.arguments(VersionQuerySchema, location="query")
    @blp.response(200, PreflightSchema)
    def get(self, access, query, design_id):
        """Check a design version for print: resolution, safe zone, overflow, colours"""
        design = designs.authorised_design(auth.caller(), design_id, access["design_token"])
        version, report = production.design_preflight(
            design.merchant_id, design.id, query["version"]
        )
        return {"version": version.number, **report.to_dict()}


@blp.route("/<design_id>/preview")
class DesignPreview(MethodView):
    @auth.any_key
    @blp.arguments(DesignAccessHeadersSchema, location="headers")
    @blp.arguments(PreviewQuerySchema, location="query")
    @blp.doc(**file_doc("The area on the product photo, or its artwork alone", "image/png"))
    def get(self, access, query, design_id):
        """Preview one area of a design's latest version, as a PNG"""
        design = designs.authorised_design(auth.caller(), design_id, access["design_token"])
        version = designs.latest_version(design)
        data = design_previews.area_preview(design, version, query["area"])
        response = Response(data, mimetype="image/png")
        response.set_etag(f"{version.etag}-{query['area']}")
        response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
        return response


@blp.route("/<design_id>/model.glb")
class DesignModel(MethodView):
    @auth.any_key
    @blp.arguments(DesignAccessHeadersSchema, location="headers")
    @blp.arguments(VersionQuerySchema, location="query")
    @blp.doc(
        **file_doc(
            "The product's 3D model with each print area textured from this design's proof",
            models3d.MEDIA_TYPE,
        )
    )
    def get(self, access, query, design_id):
        """Download the product's 3D model dressed with a design version (latest by default)"""
        design = designs.authorised_design(auth.caller(), design_id, access["design_token"])
        data, etag = models3d.design_model(design, query["version"])
        return glb_response(data, etag)


@blp.route("/<design_id>/model-link")
class DesignModelLink(MethodView):
    @auth.any_key
    @blp.arguments(DesignAccessHeadersSchema, location="headers")
    @blp.arguments(ModelLinkInputSchema, required=False)
    @blp.response(201, ModelLinkSchema)
    def post(self, access, fields, design_id):
        """Get a short-lived link to a design version's 3D model, for AR viewers that send no key"""
        design = designs.authorised_design(auth.caller(), design_id, access["design_token"])
        return models3d.design_model_link(design, fields["version"])


@blp.route("/<design_id>/reorder")
class DesignReorder(MethodView):
    @auth.any_key
    @blp.arguments(ReorderHeadersSchema, location="headers")
    @blp.arguments(ReorderSchema)
    @blp.response(201, ReorderedDesignSchema, headers=ETAG_HEADER)
    def post(self, access, fields, design_id):
        """Copy an ordered version into a new design, to change it or order it again"""
        design, version, token, source = designs.reorder(
            auth.caller(),
            design_id,
            access["design_token"],
            number=fields["version"],
            order_line_id=fields["order_line"],
            customer_reference=access["customer"],
        )
        db.session.commit()
        headers = {
            "ETag": f'"{version.etag}"',
            "Location": url_for("designs.DesignById", design_id=design.id),
        }
        source_ref = {"design": source.design_id, "version": source.number}
        return view(design, version, token=token, source=source_ref), headers
