"""AR link schemas: the signed model URL handed to Scene Viewer or Quick Look."""

import marshmallow as ma
from marshmallow import fields

from monogram.api.common import described


class ModelLinkSchema(ma.Schema):
    url = described(
        fields.String,
        "Absolute URL of the GLB that opens without a key until expires_at: give it to Scene "
        "Viewer, which fetches the model without your headers",
    )
    usdz = described(
        fields.String,
        'Absolute URL of the same model as USDZ, for iOS Quick Look (an <a rel="ar"> link); '
        "it expires with url",
    )
    expires_at = described(fields.DateTime, "When the links stop opening; ask for new ones")


class SignedModelQuerySchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # AR viewers may append their own parameters

    # Optional here so that a cut-off link is refused like any bad link: 403, not 422.
    expires = described(fields.Integer, "Unix time the link expires", load_default=None)
    signature = described(fields.String, "Signature of the link", load_default=None)
