"""/v1/workshops and /v1/dispatch-rules: who makes the products, and which jobs go where."""

from flask import url_for
from flask.views import MethodView

from monogram.api.common import Blueprint
from monogram.api.workshops.schemas import (
    DispatchRuleInSchema,
    DispatchRulePatchSchema,
    DispatchRuleSchema,
    WorkshopInSchema,
    WorkshopPatchSchema,
    WorkshopSchema,
    WorkshopUserInSchema,
    WorkshopUserSchema,
)
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.models import DispatchRule
from monogram.services import dispatch, workshops
from monogram.services.lookup import owned

blp = Blueprint(
    "workshops",
    __name__,
    url_prefix="/v1",
    description="Workshops, their portal users, and the rules that dispatch jobs to them.",
)


def user_view(user):
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "invited": user.password_hash is None,
        "locked_until": user.locked_until,
        "last_login_at": user.last_login_at,
        "created_at": user.created_at,
    }


def view(workshop):
    fields = ("id", "name", "kind", "email", "is_default", "created_at")
    users = [user_view(u) for u in workshop.users if u.disabled_at is None]
    return {**{name: getattr(workshop, name) for name in fields}, "users": users}


@blp.route("/workshops")
class Workshops(MethodView):
    @auth.secret_key
    @blp.response(200, WorkshopSchema(many=True))
    def get(self):
        """List workshops"""
        return [view(w) for w in workshops.list_workshops(auth.caller().merchant_id)]

    @auth.secret_key
    @blp.arguments(WorkshopInSchema)
    @blp.response(201, WorkshopSchema)
    def post(self, fields):
        """Add a workshop (in-house or a subcontractor)"""
        workshop = workshops.create_workshop(auth.caller().merchant_id, fields)
        db.session.commit()
        return view(workshop), {
            "Location": url_for("workshops.WorkshopById", workshop_id=workshop.id)
        }


@blp.route("/workshops/<workshop_id>")
class WorkshopById(MethodView):
    @auth.secret_key
    @blp.response(200, WorkshopSchema)
    def get(self, workshop_id):
        """Get a workshop and its portal users"""
        return view(workshops.get_workshop(auth.caller().merchant_id, workshop_id))

    @auth.secret_key
    @blp.arguments(WorkshopPatchSchema)
    @blp.response(200, WorkshopSchema)
    def patch(self, fields, workshop_id):
        """Change a workshop"""
        workshop = workshops.get_workshop(auth.caller().merchant_id, workshop_id)
        workshops.update_workshop(workshop, fields)
        db.session.commit()
        return view(workshop)

    @auth.secret_key
    @blp.response(204)
    def delete(self, workshop_id):
        """Archive a workshop: its rules go, the jobs it holds stay with it"""
        workshop = workshops.get_workshop(auth.caller().merchant_id, workshop_id)
        workshops.archive_workshop(workshop)
        db.session.commit()


@blp.route("/workshops/<workshop_id>/users")
class WorkshopUsers(MethodView):
    @auth.secret_key
    @blp.arguments(WorkshopUserInSchema)
    @blp.response(201, WorkshopUserSchema)
    @blp.alt_response(409, description="The e-mail already has a portal account")
    def post(self, fields, workshop_id):
        """Give someone access to the workshop portal (invited by e-mail without a password)"""
        workshop = workshops.get_workshop(auth.caller().merchant_id, workshop_id)
        user = workshops.add_user(workshop, fields["email"], fields["name"], fields["password"])
        db.session.commit()
        return user_view(user)


@blp.route("/workshops/<workshop_id>/users/<user_id>")
class WorkshopUserById(MethodView):
    @auth.secret_key
    @blp.response(204)
    def delete(self, workshop_id, user_id):
        """Remove someone's portal access"""
        workshop = workshops.get_workshop(auth.caller().merchant_id, workshop_id)
        workshops.disable_user(workshops.get_user(workshop, user_id))
        db.session.commit()


@blp.route("/dispatch-rules")
class DispatchRules(MethodView):
    @auth.secret_key
    @blp.response(200, DispatchRuleSchema(many=True))
    def get(self):
        """List dispatch rules in the order they are tried"""
        return dispatch.list_rules(auth.caller().merchant_id)

    @auth.secret_key
    @blp.arguments(DispatchRuleInSchema)
    @blp.response(201, DispatchRuleSchema)
    def post(self, fields):
        """Add a dispatch rule"""
        rule = dispatch.create_rule(auth.caller().merchant_id, fields)
        db.session.commit()
        return rule, {"Location": url_for("workshops.DispatchRuleById", rule_id=rule.id)}


@blp.route("/dispatch-rules/<rule_id>")
class DispatchRuleById(MethodView):
    @auth.secret_key
    @blp.arguments(DispatchRulePatchSchema)
    @blp.response(200, DispatchRuleSchema)
    def patch(self, fields, rule_id):
        """Change a rule or move it"""
        rule = owned(DispatchRule, rule_id, auth.caller().merchant_id)
        dispatch.update_rule(rule, fields)
        db.session.commit()
        return rule

    @auth.secret_key
    @blp.response(204)
    def delete(self, rule_id):
        """Delete a rule"""
        dispatch.delete_rule(owned(DispatchRule, rule_id, auth.caller().merchant_id))
        db.session.commit()
