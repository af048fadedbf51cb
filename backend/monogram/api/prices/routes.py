"""/v1/prices/quote: the live price of a design, asked on every edit."""

from flask.views import MethodView

from monogram.api.common import Blueprint
from monogram.api.prices.schemas import (
    PriceQuoteHeadersSchema,
    PriceQuoteInSchema,
    PriceQuoteSchema,
)
from monogram.extensions import auth
from monogram.services import prices

blp = Blueprint(
    "prices",
    __name__,
    url_prefix="/v1/prices",
    description="Live prices: what a design costs, line by line, without rendering anything.",
)


@blp.route("/quote")
class PriceQuote(MethodView):
    @auth.any_key
    @blp.arguments(PriceQuoteHeadersSchema, location="headers")
    @blp.arguments(PriceQuoteInSchema)
    @blp.response(200, PriceQuoteSchema)
    def post(self, headers, fields):
        """Price a design (saved or not) for a quantity, with its breakdown"""
        return prices.quote_request(
            auth.caller(), fields, headers["design_token"], headers["customer"]
        )
