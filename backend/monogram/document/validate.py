"""Validation of a design document: its format, then its product and the merchant's catalogue."""

from marshmallow import ValidationError

from monogram.document.checks import check_document
from monogram.document.pointers import messages_to_pointers
from monogram.document.schema import DesignDocumentSchema
from monogram.errors import Invalid

NOT_VALID = "The design document is not valid."

_schema = DesignDocumentSchema()


def validate_document(raw, product_lookup, catalogue):
    """The normalised document (every default written in), or Invalid with a pointer per fault.

    product_lookup(product_id) returns ProductFacts, or None when the caller has no such product.
    """
    try:
        document = _schema.load(raw)
    except ValidationError as error:
        raise Invalid(NOT_VALID, errors=messages_to_pointers(error.messages)) from None
    product = product_lookup(document["product"])
    if product is None:
        message = f"Unknown product {document['product']}: use the id of one of your products."
        raise Invalid(NOT_VALID, errors=[{"path": "/product", "message": message}])
    errors = check_document(document, product, catalogue)
    if errors:
        raise Invalid(NOT_VALID, errors=errors)
    return document
