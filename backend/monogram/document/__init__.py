"""The design document format, monogram.design/1: schema, error pointers and product checks."""

from monogram.document.checks import ProductFacts
from monogram.document.pointers import messages_to_pointers
from monogram.document.schema import FORMAT, DesignDocumentSchema
from monogram.document.validate import validate_document

__all__ = [
    "FORMAT",
    "DesignDocumentSchema",
    "ProductFacts",
    "messages_to_pointers",
    "validate_document",
]
