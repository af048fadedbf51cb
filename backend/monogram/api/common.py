"""Schema pieces every resource shares."""

import marshmallow as ma


class StrictSchema(ma.Schema):
    """Input schemas reject keys they do not know, so a typo is an error rather than a silent no-op."""

    class Meta:
        unknown = ma.RAISE
        ordered = True


def described(field_class, description, *args, **kwargs):
    return field_class(*args, metadata={"description": description}, **kwargs)
