"""/v1/templates: layouts with rules that shoppers start from, and the editor's gallery."""

from flask import Response, url_for
from flask.views import MethodView
from werkzeug.exceptions import RequestEntityTooLarge

from monogram.api.assets.routes import upload_too_large
from monogram.api.common import Blueprint, file_doc
from monogram.api.templates.schemas import (
    EditingTokenSchema,
    TemplateAccessHeadersSchema,
    TemplateCreateSchema,
    TemplateDocumentHeadersSchema,
    TemplateFieldsSchema,
    TemplateImportSchema,
    TemplateQueryArgsSchema,
    TemplateSchema,
)
from monogram.document import DesignDocumentSchema
from monogram.errors import Conflict
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.services import templates, visibility

blp = Blueprint(
    "templates",
    __name__,
    url_prefix="/v1/templates",
    description="Templates: design documents with rules, and the editor's gallery.",
)
blp.register_error_handler(RequestEntityTooLarge, upload_too_large)

REVISION_HEADER = {"ETag": {"description": "The template's revision", "schema": {"type": "string"}}}


def view(template):
    return {
        "id": template.id,
        "product_id": template.product_id,
        "name": template.name,
        "description": template.description,
        "status": template.status,
        "categories": template.categories or {},
        "tags": template.tags or [],
        "position": template.position,
        "document": template.document,
        "fonts": template.fonts or [],
        "palette": template.palette or [],
        "stores": visibility.stores_of([template.id]).get(template.id, []),
        "import_report": template.import_report or [],
        "thumbnail_url": url_for(
            "templates.TemplateThumbnail", template_id=template.id, revision=template.revision
        ),
        "revision": template.revision,
        "created_at": template.created_at,
        "updated_at": template.updated_at,
    }


@blp.route("")
class Templates(MethodView):
    @auth.any_key
    @blp.arguments(TemplateQueryArgsSchema, location="query")
    @blp.response(200, TemplateSchema(many=True))
    def get(self, query):
        """List templates: all with a secret key, the store's gallery with a publishable key"""
        return [view(t) for t in templates.list_templates(auth.caller(), **query)]

    @auth.secret_key
    @blp.arguments(TemplateCreateSchema)
    @blp.response(201, TemplateSchema)
    def post(self, fields):
        """Create a template from a design document"""
        template = templates.create_template(auth.caller().merchant_id, fields)
        db.session.commit()
        return view(template)


@blp.route("/import")
class TemplateImport(MethodView):
    @auth.secret_key
    @blp.arguments(TemplateImportSchema, location="files")
    @blp.response(201, TemplateSchema)
    def post(self, form):
        """Import a designer's SVG (fields, image slots, locked artwork) or a PDF's first page"""
        upload = form.pop("file")
        template = templates.import_template(
            auth.caller().merchant_id, form, upload.read(), upload.filename
        )
        db.session.commit()
        return view(template)


@blp.route("/<template_id>")
class TemplateById(MethodView):
    @auth.any_key
    @blp.arguments(TemplateAccessHeadersSchema, location="headers")
    @blp.response(200, TemplateSchema, headers=REVISION_HEADER)
    def get(self, headers, template_id):
        """Get a template (a draft too, with its editing token)"""
        template = templates.template_of(auth.caller(), template_id, headers["template_token"])
        return view(template), {"ETag": f'"{template.revision}"'}

    @auth.any_key
    @blp.arguments(TemplateAccessHeadersSchema, location="headers")
    @blp.arguments(TemplateFieldsSchema)
    @blp.response(200, TemplateSchema)
    def patch(self, headers, fields, template_id):
        """Change a template's name, rules, categories, stores or document (with a publishable
        key and an editing token: only its fonts and palette, as template mode sets them)"""
        template = templates.update_template_as(
            auth.caller(), template_id, fields, headers["template_token"]
        )
        db.session.commit()
        return view(template)

    @auth.secret_key
    @blp.response(200, TemplateSchema)
    def delete(self, template_id):
        """Archive a template: it leaves the gallery; designs made from it keep working"""
        template = templates.archive_template(auth.caller().merchant_id, template_id)
        db.session.commit()
        return view(template)


@blp.route("/<template_id>/thumbnail")
class TemplateThumbnail(MethodView):
    @auth.any_key
    @blp.doc(**file_doc("The template's first surface, rendered", "image/png"))
    def get(self, template_id):
        """Download a template's thumbnail"""
        template = templates.template_of(auth.caller(), template_id)
        if template.thumbnail_status != "ready" or not template.thumbnail_key:
            raise Conflict(
                f"The thumbnail is {template.thumbnail_status}; try again in a few seconds.",
                headers={"Retry-After": "2"},
            )
        response = Response(storage().get(template.thumbnail_key), mimetype="image/png")
        response.set_etag(f"{template.id}-{template.revision}")
        response.headers["Cache-Control"] = "private, max-age=60"
        return response


@blp.route("/<template_id>/editing-token")
class TemplateEditingToken(MethodView):
    @auth.secret_key
    @blp.response(201, EditingTokenSchema)
    def post(self, template_id):
        """Let the editor in template mode save this template for two hours"""
        template = templates.template_of(auth.caller(), template_id)
        token, expires_at = templates.editing_token(template)
        return {"token": token, "expires_at": expires_at}


@blp.route("/<template_id>/document")
class TemplateDocument(MethodView):
    @auth.any_key
    @blp.arguments(TemplateDocumentHeadersSchema, location="headers")
    @blp.arguments(DesignDocumentSchema)
    @blp.response(200, TemplateSchema, headers=REVISION_HEADER)
    @blp.alt_response(412, description="The template changed since that revision; reload it")
    @blp.alt_response(428, description="If-Match is missing")
    def put(self, headers, document, template_id):
        """Save a template's document from the editor (secret key, or an editing token)"""
        template = templates.save_document(
            auth.caller(), template_id, document, headers["if_match"], headers["template_token"]
        )
        db.session.commit()
        return view(template), {"ETag": f'"{template.revision}"'}
