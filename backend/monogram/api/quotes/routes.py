"""/v1/quotes: quotes requested from the editor, adjusted and re-sent by the merchant."""

from flask import Response, url_for
from flask.views import MethodView

from monogram.api.common import Blueprint, file_doc
from monogram.api.prices.schemas import PriceQuoteHeadersSchema
from monogram.api.quotes.schemas import (
    CartArgsSchema,
    QuoteCartSchema,
    QuoteInSchema,
    QuotePatchSchema,
    QuoteQueryArgsSchema,
    QuoteSchema,
)
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import quotes

blp = Blueprint(
    "quotes",
    __name__,
    url_prefix="/v1/quotes",
    description="Quotes (devis): a design priced for a buyer, sent as a PDF, accepted by link.",
)


def _quote(quote_id):
    return quotes.refresh_status(quotes.get_quote(auth.caller().merchant_id, quote_id))


@blp.route("")
class Quotes(MethodView):
    @auth.secret_key
    @blp.arguments(QuoteQueryArgsSchema, location="query")
    @blp.response(200, QuoteSchema(many=True))
    def get(self, args):
        """List quotes, newest first"""
        # Quotes past their day read as expired before the duty has run.
        merchant_id = auth.caller().merchant_id
        quotes.expire_due(merchant_id=merchant_id)
        found = quotes.list_quotes(merchant_id, args.get("status"))
        db.session.commit()
        return [quotes.view(quote) for quote in found]

    @auth.any_key
    @blp.arguments(PriceQuoteHeadersSchema, location="headers")
    @blp.arguments(QuoteInSchema)
    @blp.response(201, QuoteSchema)
    @blp.alt_response(429, description="This e-mail address had its share of quotes today")
    def post(self, headers, fields):
        """Ask for a quote: priced, numbered, and e-mailed to the buyer with its PDF"""
        quote = quotes.create_quote(
            auth.caller(), fields, headers["design_token"], headers["customer"]
        )
        db.session.commit()
        return quotes.view(quote), {"Location": url_for("quotes.QuoteById", quote_id=quote.id)}


@blp.route("/<quote_id>")
class QuoteById(MethodView):
    @auth.secret_key
    @blp.response(200, QuoteSchema)
    def get(self, quote_id):
        """Get a quote"""
        quote = _quote(quote_id)
        db.session.commit()
        return quotes.view(quote)

    @auth.secret_key
    @blp.arguments(QuotePatchSchema)
    @blp.response(200, QuoteSchema)
    def patch(self, fields, quote_id):
        """Adjust a quote still open (sent or expired); send it again for the buyer to see it"""
        quote = quotes.update_quote(_quote(quote_id), fields)
        db.session.commit()
        return quotes.view(quote)


@blp.route("/<quote_id>/send")
class QuoteSend(MethodView):
    @auth.secret_key
    @blp.response(200, QuoteSchema)
    def post(self, quote_id):
        """Send the quote again as its next revision: new PDF, new e-mail"""
        quote = quotes.resend(_quote(quote_id))
        db.session.commit()
        return quotes.view(quote)


@blp.route("/<quote_id>/withdraw")
class QuoteWithdraw(MethodView):
    @auth.secret_key
    @blp.response(200, QuoteSchema)
    def post(self, quote_id):
        """Withdraw a quote: its link says so and it can no longer be accepted"""
        quote = quotes.withdraw(_quote(quote_id))
        db.session.commit()
        return quotes.view(quote)


@blp.route("/<quote_id>/document.pdf")
class QuoteDocument(MethodView):
    @auth.secret_key
    @blp.doc(**file_doc("The quote's current revision", "application/pdf"))
    def get(self, quote_id):
        """Download the PDF of the current revision, as e-mailed"""
        quote = quotes.get_quote(auth.caller().merchant_id, quote_id)
        response = Response(quotes.document(quote), mimetype="application/pdf")
        response.headers.set("Content-Disposition", "inline", filename=quotes.document_name(quote))
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


@blp.route("/<quote_id>/cart")
class QuoteCart(MethodView):
    @auth.secret_key
    @blp.arguments(CartArgsSchema, location="query")
    @blp.response(200, QuoteCartSchema)
    def get(self, args, quote_id):
        """What a shop module puts in the cart for an accepted quote (its link's token)"""
        quote = quotes.get_quote(auth.caller().merchant_id, quote_id)
        details = quotes.cart(quote, args["token"])
        db.session.commit()
        return details
