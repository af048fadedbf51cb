"""Schema pieces every resource shares."""

import flask_smorest
import marshmallow as ma
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict


class StrictSchema(ma.Schema):
    """Input schemas reject unknown keys, so a typo is an error rather than a silent no-op."""

    class Meta:
        unknown = ma.RAISE


def described(field_class, description, *args, **kwargs):
    return field_class(*args, metadata={"description": description}, **kwargs)


def file_doc(description, *media_types):
    """OpenAPI for a route that answers with a file rather than JSON."""
    schema = {"type": "string", "format": "binary"}
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {media_type: {"schema": schema} for media_type in media_types},
            }
        }
    }


class MultipartParser(FlaskParser):
    """Reads the "files" location as the whole multipart body: files and the fields beside them.

    OpenAPI 3 has one request body per operation, so a file upload with a licence note or a
    name must be one multipart schema, not a "files" schema plus a "form" schema.
    """

    def load_files(self, req, schema):
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = MultipartParser()

    def arguments(self, schema, *args, **kwargs):
        # webargs builds a schema from a class on every request (fields deep-copied each time);
        # one instance per route does the same work once. Schemas hold no per-request state.
        if isinstance(schema, type):
            schema = schema()
        return super().arguments(schema, *args, **kwargs)
