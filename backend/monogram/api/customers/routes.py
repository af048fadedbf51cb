"""/v1/customer: the library of the shop customer a signed reference names (widget calls)."""

from flask import Response, url_for
from flask.views import MethodView

from monogram.api.common import Blueprint, file_doc
from monogram.api.customers.schemas import (
    CustomerHeadersSchema,
    LibraryPreviewQuerySchema,
    LibraryQuerySchema,
    LibrarySchema,
    OpenedDesignSchema,
    SavedDesignSchema,
    TitleSchema,
)
from monogram.api.designs.routes import ETAG_HEADER
from monogram.api.designs.routes import view as design_view
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import customers, library

blp = Blueprint(
    "customers",
    __name__,
    url_prefix="/v1/customer",
    description="A shop customer's saved designs and past personalised orders, for the widget. "
    "Every call sends the customer reference signed by the shop (Monogram-Customer).",
)


def _preview_url(design_id, product, version):
    area = library.first_area(product)
    if area is None:
        return None
    return url_for(
        "customers.CustomerDesignPreview", design_id=design_id, area=area, version=version
    )


def saved_view(design, product):
    return {
        "id": design.id,
        "title": design.title,
        "product": product.id,
        "product_name": product.name,
        "version": design.version_count,
        "created_at": design.created_at,
        "updated_at": design.updated_at,
        # The version is in the address, so a cached thumbnail never outlives an edit.
        "preview_url": _preview_url(design.id, product, design.version_count),
    }


def line_view(line, order, version, design, product):
    return {
        "order": order.id,
        "order_name": order.name or order.platform_order_id,
        "ordered_at": order.created_at,
        "line": line.id,
        "title": line.title,
        "quantity": line.quantity,
        "design": design.id,
        "version": version.number,
        "product": product.id,
        "product_name": product.name,
        "preview_url": _preview_url(design.id, product, version.number),
    }


def _customer(headers):
    return customers.verify(auth.caller(), headers["customer"])


@blp.route("/designs")
class CustomerLibrary(MethodView):
    @auth.any_key
    @blp.arguments(CustomerHeadersSchema, location="headers")
    @blp.arguments(LibraryQuerySchema, location="query")
    @blp.response(200, LibrarySchema)
    @blp.alt_response(401, description="No customer reference, or an expired one")
    @blp.alt_response(403, description="A reference not signed for this key's store")
    def get(self, headers, query):
        """List the customer's saved designs and personalised order lines"""
        customer = _customer(headers)
        merchant_id = auth.caller().merchant_id
        saved = library.saved_designs(merchant_id, customer, query["product"], query["limit"])
        lines = library.ordered_lines(merchant_id, customer, query["product"], query["limit"])
        return {
            "customer": customer.ref,
            "designs": [saved_view(*row) for row in saved],
            "orders": [line_view(*row) for row in lines],
        }


@blp.route("/designs/<design_id>")
class CustomerDesign(MethodView):
    @auth.any_key
    @blp.arguments(CustomerHeadersSchema, location="headers")
    @blp.response(200, OpenedDesignSchema, headers=ETAG_HEADER)
    @blp.alt_response(409, description="Saved too long ago to reopen; reorder it instead")
    def get(self, headers, design_id):
        """Reopen a saved design: its latest version and its design token"""
        customer = _customer(headers)
        design, version, token = library.open_design(auth.caller().merchant_id, customer, design_id)
        return design_view(design, version, token=token), {"ETag": f'"{version.etag}"'}

    @auth.any_key
    @blp.arguments(CustomerHeadersSchema, location="headers")
    @blp.arguments(TitleSchema)
    @blp.response(200, SavedDesignSchema)
    def patch(self, headers, fields, design_id):
        """Name a saved design"""
        customer = _customer(headers)
        design, product = library.rename(
            auth.caller().merchant_id, customer, design_id, fields["title"]
        )
        db.session.commit()
        return saved_view(design, product)


@blp.route("/designs/<design_id>/preview")
class CustomerDesignPreview(MethodView):
    @auth.any_key
    @blp.arguments(CustomerHeadersSchema, location="headers")
    @blp.arguments(LibraryPreviewQuerySchema, location="query")
    @blp.doc(**file_doc("The area on the product photo, or its artwork alone", "image/png"))
    def get(self, headers, query, design_id):
        """Preview an area of a saved or ordered design, as a PNG"""
        customer = _customer(headers)
        data, version = library.preview(
            auth.caller().merchant_id, customer, design_id, query["area"], query["version"]
        )
        response = Response(data, mimetype="image/png")
        response.set_etag(f"{version.etag}-{query['area']}")
        response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
        response.headers["Vary"] = "Authorization, Monogram-Customer"
        return response
