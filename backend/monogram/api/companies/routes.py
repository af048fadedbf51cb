"""/v1/companies: B2B buyers' companies and the managers who approve their proofs."""

from flask import url_for
from flask.views import MethodView

from monogram.api.common import Blueprint
from monogram.api.companies.schemas import CompanyInSchema, CompanyPatchSchema, CompanySchema
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import companies

blp = Blueprint(
    "companies",
    __name__,
    url_prefix="/v1/companies",
    description="B2B buyers' companies: orders are matched to them, and their manager approves "
    "proofs after the buyer.",
)


@blp.route("")
class Companies(MethodView):
    @auth.secret_key
    @blp.response(200, CompanySchema(many=True))
    def get(self):
        """List companies by name"""
        return companies.list_companies(auth.caller().merchant_id)

    @auth.secret_key
    @blp.arguments(CompanyInSchema)
    @blp.response(201, CompanySchema)
    @blp.alt_response(409, description="Another company has this name or platform id")
    def post(self, fields):
        """Add a company"""
        company = companies.create_company(auth.caller().merchant_id, fields)
        db.session.commit()
        return company, {"Location": url_for("companies.CompanyById", company_id=company.id)}


@blp.route("/<company_id>")
class CompanyById(MethodView):
    @auth.secret_key
    @blp.response(200, CompanySchema)
    def get(self, company_id):
        """Get a company"""
        return companies.get_company(auth.caller().merchant_id, company_id)

    @auth.secret_key
    @blp.arguments(CompanyPatchSchema)
    @blp.response(200, CompanySchema)
    @blp.alt_response(409, description="Another company has this name or platform id")
    def patch(self, fields, company_id):
        """Change a company; orders received from now on see the change"""
        company = companies.get_company(auth.caller().merchant_id, company_id)
        companies.update_company(company, fields)
        db.session.commit()
        return company

    @auth.secret_key
    @blp.response(204)
    def delete(self, company_id):
        """Delete a company; jobs already made keep the manager they were given"""
        companies.delete_company(companies.get_company(auth.caller().merchant_id, company_id))
        db.session.commit()
