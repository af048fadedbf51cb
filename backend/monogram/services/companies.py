"""B2B buyer companies: their proof manager, and which company an order comes from."""

import sqlalchemy as sa

from monogram.errors import Conflict, Invalid
from monogram.extensions.db import db
from monogram.models import Company
from monogram.services.lookup import owned

FIELDS = ("name", "platform_company_id", "manager_email", "manager_name", "locale")


def list_companies(merchant_id):
    query = sa.select(Company).where(Company.merchant_id == merchant_id)
    return db.session.scalars(query.order_by(Company.name, Company.id)).all()


def get_company(merchant_id, company_id):
    return owned(Company, company_id, merchant_id)


def create_company(merchant_id, fields):
    company = Company(merchant_id=merchant_id)
    db.session.add(company)
    return update_company(company, fields)


def update_company(company, fields):
    for name in FIELDS:
        if name in fields:
            value = fields[name]
            # A blank optional field is no value: an empty platform id must not match orders.
            setattr(company, name, (value.strip() or None) if isinstance(value, str) else value)
    if not company.name:
        raise Invalid("A company needs a name.", errors=[{"path": "/name", "message": "Required."}])
    # Orders find their company by platform id, else by name: either must lead to one company.
    with db.session.no_autoflush:
        others = [c for c in list_companies(company.merchant_id) if c is not company]
    for other in others:
        if _same_text(other.name, company.name):
            _taken(other, "name")
        if company.platform_company_id and (
            other.platform_company_id == company.platform_company_id
        ):
            _taken(other, "platform_company_id")
    db.session.flush()
    return company


def _same_text(a, b):
    # In Python: SQLite's lower() folds ASCII only, and "SOCIÉTÉ" must match "Société".
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def _taken(other, field):
    raise Conflict(
        f"Company {other.id} already has this {field.replace('_', ' ')}.",
        errors=[{"path": f"/{field}", "message": "Already used by another company."}],
    )


def delete_company(company):
    """Past jobs keep the manager e-mail they were given; new orders no longer find one."""
    db.session.delete(company)


def for_order(order):
    """The company an order comes from: by the platform's company id, else by name, any case."""
    base = sa.select(Company).where(Company.merchant_id == order.merchant_id)
    if order.customer_company_id:
        found = db.session.scalar(
            base.where(Company.platform_company_id == order.customer_company_id)
        )
        if found is not None:
            return found
    if not (order.customer_company or "").strip():
        return None
    companies = db.session.scalars(base.order_by(Company.created_at))
    return next((c for c in companies if _same_text(c.name, order.customer_company)), None)


def by_manager(merchant_id, email):
    """The company whose manager has this e-mail, for the manager's name and language."""
    if not email:
        return None
    companies = list_companies(merchant_id)
    return next((c for c in companies if _same_text(c.manager_email, email)), None)
