"""/v1/account: read and change the merchant's own settings."""

from flask.views import MethodView

from monogram.api.account.schemas import AccountPatchSchema, AccountSchema
from monogram.api.common import Blueprint
from monogram.extensions import auth
from monogram.extensions.db import db
from monogram.services import merchants

blp = Blueprint(
    "account",
    __name__,
    url_prefix="/v1/account",
    description="The merchant's settings: name, country, proof reminders, quotes, logo.",
)


@blp.route("")
class Account(MethodView):
    @auth.secret_key
    @blp.response(200, AccountSchema)
    def get(self):
        """Read the merchant's settings"""
        return merchants.get_account(auth.caller().merchant_id)

    @auth.secret_key
    @blp.arguments(AccountPatchSchema)
    @blp.response(200, AccountSchema)
    def patch(self, fields):
        """Change some of the merchant's settings; the others stay as they are"""
        merchant = merchants.update_account(auth.caller().merchant_id, fields)
        db.session.commit()
        return merchant
