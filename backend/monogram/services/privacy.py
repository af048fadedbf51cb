"""A shop customer's personal data: find it, export it, erase it; retention of shoppers' files."""

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa

from monogram.errors import Invalid, NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import (
    Asset,
    Batch,
    Company,
    DeliveryAttempt,
    Design,
    DesignVersion,
    Font,
    JobEvent,
    MediaItem,
    Merchant,
    Order,
    OrderLine,
    OutboundDelivery,
    PrintArea,
    Product,
    ProductionJob,
    Proof,
    Quote,
    Store,
    Template,
    WebhookDelivery,
    WebhookEvent,
)
from monogram.models.base import utcnow
from monogram.models.merchant import Erasure
from monogram.services import lifecycle
from monogram.services.previews import preview_key

# What replaces a personal field that must stay filled: the row is kept, the person is not.
ERASED = "[erased]"
ASSET_ID = re.compile(r"ast_[0-9a-z]{25}")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
# Jobs past these are done with; the others would print an emptied design, so they are stopped.
FINISHED = ("shipped", "cancelled", "refused", "failed")
# Identifiers shorter than this are only replaced where a value is exactly them: replacing "12"
# inside every log line would garble other customers' records.
SUBSTRING_MIN = 4
# What a shopper can upload; fonts and 3D models are only ever the merchant's own files.
SHOPPER_KINDS = ("raster", "vector")
# Rows handled per query by the retention duty, so a large backlog never holds one long lock.
BATCH = 200
# Fields of an order's shipping address kept after erasure: the country sets the VAT due.
KEPT_ADDRESS = ("country_code",)
# The parts of an address that name the person, searched for in logs. A city, a postcode or a
# company is shared with other customers: replacing it would garble their records.
NAMING_ADDRESS = ("name", "address1", "address2", "phone")
# Webhook payloads, delivery responses and audit notes are read in pages of this many rows.
PAGE = 500


@dataclass
class Found:
    """Everything of one customer in one merchant's account."""

    emails: set = field(default_factory=set)
    names: set = field(default_factory=set)
    identifiers: set = field(default_factory=set)  # any other text that names them
    platform_ids: set = field(default_factory=set)
    orders: list = field(default_factory=list)
    designs: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    jobs: list = field(default_factory=list)
    proofs: list = field(default_factory=list)
    uploads: list = field(default_factory=list)
    companies: list = field(default_factory=list)

    @property
    def empty(self):
        return not (self.orders or self.designs or self.quotes or self.proofs)

    def counts(self):
        return {
            "orders": len(self.orders),
            "designs": len(self.designs),
            "uploads": len(self.uploads),
            "quotes": len(self.quotes),
            "proofs": len(self.proofs),
            "jobs": len(self.jobs),
        }

    def personal_strings(self):
        """Every string that names the customer, longest first (so a name goes before a part)."""
        found = {s for s in self.emails | self.names | self.identifiers if s and s != ERASED}
        return sorted(found, key=lambda s: (-len(s), s))


# Finding


def find(merchant_id, query):
    """The customer an e-mail, a shop customer id or an order number points to; Invalid if none
    is given, NotFound when nothing of theirs is in the account."""
    query = (query or "").strip()
    if not query:
        raise Invalid("Type the customer's e-mail or one of their order numbers.")
    found = Found()
    seeds = _seed_orders(merchant_id, query)
    if EMAIL.match(query):
        found.emails.add(query.lower())
    for order in seeds:
        _learn(found, order)
    refs = {f"{o.store_id}:{o.customer_platform_id}" for o in seeds if o.customer_platform_id}
    if not seeds and not EMAIL.match(query):
        # A shop's customer id, as their saved designs record it.
        refs |= set(
            db.session.scalars(
                sa.select(Design.customer_ref).where(
                    Design.merchant_id == merchant_id,
                    Design.customer_ref.endswith(f":{query}", autoescape=True),
                )
            )
        )
        if refs:
            found.platform_ids.add(query)
    found.orders = _orders_of(merchant_id, found, seeds)
    for order in found.orders:
        _learn(found, order)
    found.quotes = _quotes_of(merchant_id, found)
    for quote in found.quotes:
        _learn_contact(found, quote.contact or {})
    refs |= {
        f"{order.store_id}:{order.customer_platform_id}"
        for order in found.orders
        if order.customer_platform_id
    }
    found.designs = _designs_of(merchant_id, found, refs)
    found.jobs = _jobs_of(found)
    found.proofs = _proofs_of(merchant_id, found)
    found.uploads = _uploads_of(merchant_id, found.designs)
    found.companies = db.session.scalars(
        sa.select(Company).where(
            Company.merchant_id == merchant_id,
            sa.func.lower(Company.manager_email).in_(found.emails),
        )
    ).all()
    if found.empty:
        raise NotFound(f"Nothing of {query!r} in this account.")
    return found


def _seed_orders(merchant_id, query):
    mine = Order.merchant_id == merchant_id
    if EMAIL.match(query):
        clause = sa.func.lower(Order.customer_email) == query.lower()
    else:
        number = query.lstrip("#")
        clause = sa.or_(
            Order.name.in_([query, f"#{number}", number]),
            Order.platform_order_id.in_([query, number]),
            Order.customer_platform_id == query,
        )
    return db.session.scalars(sa.select(Order).where(mine, clause)).all()


def _learn(found, order):
    if order.customer_email and order.customer_email != ERASED:
        found.emails.add(order.customer_email.lower())
    if order.customer_platform_id and order.customer_platform_id != ERASED:
        found.platform_ids.add(order.customer_platform_id)
    if order.customer_name and order.customer_name != ERASED:
        found.names.add(order.customer_name)
    address = order.shipping_address or {}
    for name in NAMING_ADDRESS:
        value = address.get(name)
        if isinstance(value, str) and value.strip() and value != ERASED:
            found.identifiers.add(value.strip())


def _learn_contact(found, contact):
    if contact.get("email") and contact["email"] != ERASED:
        found.emails.add(contact["email"].lower())
    for name in ("name", "phone"):
        if contact.get(name) and contact[name] != ERASED:
            found.identifiers.add(contact[name])


def _orders_of(merchant_id, found, seeds):
    clauses = [Order.id.in_([order.id for order in seeds])]
    if found.emails:
        clauses.append(sa.func.lower(Order.customer_email).in_(found.emails))
    if found.platform_ids:
        clauses.append(Order.customer_platform_id.in_(found.platform_ids))
    query = sa.select(Order).where(Order.merchant_id == merchant_id, sa.or_(*clauses))
    return db.session.scalars(query.order_by(Order.created_at)).all()


def _quotes_of(merchant_id, found):
    order_ids = {order.id for order in found.orders}
    quotes = db.session.scalars(
        sa.select(Quote).where(Quote.merchant_id == merchant_id).order_by(Quote.sequence)
    )
    # The contact is JSON: compared here rather than in SQL, the same way on both databases.
    return [
        quote
        for quote in quotes
        if quote.order_id in order_ids
        or str((quote.contact or {}).get("email") or "").lower() in found.emails
    ]


def _designs_of(merchant_id, found, refs):
    order_ids = [order.id for order in found.orders]
    ordered = sa.select(OrderLine.design_id).where(OrderLine.order_id.in_(order_ids))
    clauses = [Design.id.in_(ordered), Design.id.in_([q.design_id for q in found.quotes])]
    if refs:
        clauses.append(Design.customer_ref.in_(refs))
    query = sa.select(Design).where(Design.merchant_id == merchant_id, sa.or_(*clauses))
    return db.session.scalars(query.order_by(Design.created_at)).all()


def _jobs_of(found):
    order_ids = [order.id for order in found.orders]
    design_ids = [design.id for design in found.designs]
    by_line = sa.select(OrderLine.job_id).where(OrderLine.order_id.in_(order_ids))
    query = sa.select(ProductionJob).where(
        sa.or_(ProductionJob.id.in_(by_line), ProductionJob.design_id.in_(design_ids))
    )
    return db.session.scalars(query.order_by(ProductionJob.created_at)).all()


def _proofs_of(merchant_id, found):
    job_ids = [job.id for job in found.jobs]
    clauses = [Proof.job_id.in_(job_ids)]
    if found.emails:
        clauses.append(sa.func.lower(Proof.email).in_(found.emails))
    query = (
        sa.select(Proof)
        .join(ProductionJob, ProductionJob.id == Proof.job_id)
        .where(ProductionJob.merchant_id == merchant_id, sa.or_(*clauses))
    )
    return db.session.scalars(query.order_by(Proof.created_at)).all()


def _asset_ids(document):
    return set(ASSET_ID.findall(json.dumps(document)))


def _uploads_of(merchant_id, designs):
    versions = _versions(designs)
    ids = set().union(*(_asset_ids(v.document) for v in versions)) if versions else set()
    if not ids:
        return []
    query = sa.select(Asset).where(Asset.merchant_id == merchant_id, Asset.id.in_(ids))
    return db.session.scalars(query.order_by(Asset.created_at)).all()


def _versions(designs):
    ids = [design.id for design in designs]
    if not ids:
        return []
    query = sa.select(DesignVersion).where(DesignVersion.design_id.in_(ids))
    return db.session.scalars(query.order_by(DesignVersion.design_id, DesignVersion.number)).all()


# Export


def export(found):
    """A zip of the customer's data: data.json (every record, personal fields included) and the
    files — their uploads, proofs and print files, and their quotes' documents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(_records(found), indent=2, default=str))
        for name, key in _export_files(found):
            if storage().exists(key):
                archive.writestr(name, storage().get(key))
    return buffer.getvalue()


def _row(record, skip=()):
    return {
        column.key: getattr(record, column.key)
        for column in sa.inspect(type(record)).columns
        if column.key not in skip
    }


def _records(found):
    # Token hashes are Monogram's secrets, not the customer's data.
    secret = ("token_hash",)
    versions = _versions(found.designs)
    lines = db.session.scalars(
        sa.select(OrderLine).where(OrderLine.order_id.in_([o.id for o in found.orders]))
    ).all()
    events = db.session.scalars(
        sa.select(JobEvent).where(JobEvent.job_id.in_([j.id for j in found.jobs]))
    ).all()
    return {
        "exported_at": utcnow(),
        "emails": sorted(found.emails),
        "orders": [_row(o) for o in found.orders],
        "order_lines": [_row(line) for line in lines],
        "designs": [_row(d, secret) for d in found.designs],
        "design_versions": [_row(v) for v in versions],
        "uploads": [_row(a) for a in found.uploads],
        "quotes": [_row(q) for q in found.quotes],
        "production_jobs": [_row(j) for j in found.jobs],
        "job_events": [_row(e) for e in events],
        "proofs": [_row(p, secret) for p in found.proofs],
        "companies": [_row(c) for c in found.companies],
    }


def _export_files(found):
    """(name in the zip, storage key) of every file of the customer."""
    for asset in found.uploads:
        extension = asset.storage_key.rsplit(".", 1)[-1]
        yield f"uploads/{asset.id}.{extension}", asset.storage_key
    for job in found.jobs:
        if job.bundle_key:
            for name in sorted((job.files or {}).keys()):
                yield f"print-files/{job.id}/{name}", f"{job.bundle_key}{name}"
    for quote in found.quotes:
        for key in storage().keys(f"quotes/{quote.id}/"):
            yield f"quotes/{quote.number}/{key.rsplit('/', 1)[-1]}", key


# Erasure


def erase(merchant_id, found, actor):
    """Erase the customer: their designs, uploads, proofs and files go; orders and quotes keep
    their accounting facts only. Once erased, nothing of theirs is found again, so a second
    request changes nothing."""
    leaving = {design.id for design in found.designs}
    uploads = _exclusive(merchant_id, found.uploads, leaving)
    counts = found.counts()
    counts["uploads"] = len(uploads)
    # Files first: should the transaction then fail, the rows still lead a second erasure to
    # the customer, whereas files whose rows were gone would be left behind for good.
    counts["files"] = _erase_files(merchant_id, found, uploads)
    counts["jobs_stopped"] = _stop_jobs(found.jobs)
    db.session.flush()
    _erase_records(merchant_id, found, uploads)
    _scrub_logs(merchant_id, found)
    record(merchant_id, actor, counts)
    db.session.flush()
    return counts


def record(merchant_id, actor, counts):
    db.session.add(Erasure(merchant_id=merchant_id, actor=actor, counts=counts))


def _erase_files(merchant_id, found, uploads):
    keys = set()
    leaving = {design.id for design in found.designs}
    for version in _versions(found.designs):
        keys |= _preview_keys(merchant_id, version, leaving)
    for job in found.jobs:
        if job.bundle_key:
            keys |= set(storage().keys(job.bundle_key))
    for quote in found.quotes:
        keys |= set(storage().keys(f"quotes/{quote.id}/"))
    for asset in uploads:
        keys |= _asset_keys(asset)
    for key in sorted(keys):
        storage().delete(key)
    return len(keys)


def _preview_keys(merchant_id, version, leaving):
    """The cached previews of a version, unless a design staying behind has the same content."""
    same = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(DesignVersion)
        .join(Design, Design.id == DesignVersion.design_id)
        .where(
            Design.merchant_id == merchant_id,
            DesignVersion.etag == version.etag,
            Design.id.not_in(list(leaving)),
        )
    )
    if same:
        return set()
    return set(storage().keys(f"merchants/{merchant_id}/design-previews/{version.etag}/"))


def _asset_keys(asset):
    keys = {asset.storage_key, preview_key(asset)}
    if asset.preview_key:
        keys.add(asset.preview_key)
    return {key for key in keys if storage().exists(key)}


def _exclusive(merchant_id, assets, leaving):
    """The assets nobody else uses: no other design, template, batch, media, font, mockup,
    logo or brand charter. Uploads are per merchant, so another shopper may share one."""
    shared = referenced(merchant_id, [asset.id for asset in assets], leaving)
    return [asset for asset in assets if asset.id not in shared]


def referenced(merchant_id, asset_ids, leaving=()):
    """The ids among `asset_ids` that something other than the designs `leaving` uses."""
    if not asset_ids:
        return set()
    ids = set(asset_ids)
    used = set(db.session.scalars(sa.select(Font.asset_id).where(Font.asset_id.in_(ids)))) | set(
        db.session.scalars(sa.select(MediaItem.asset_id).where(MediaItem.asset_id.in_(ids)))
    )
    used |= set(
        db.session.scalars(
            sa.select(PrintArea.mockup_asset_id).where(PrintArea.mockup_asset_id.in_(ids))
        )
    )
    used |= set(
        db.session.scalars(sa.select(Product.model_asset_id).where(Product.model_asset_id.in_(ids)))
    )
    merchant = db.session.get(Merchant, merchant_id)
    used.add(merchant.logo_asset_id)
    for charter in db.session.scalars(
        sa.select(Store.charter).where(Store.merchant_id == merchant_id)
    ):
        used |= _asset_ids(charter or {})
    others = sa.select(DesignVersion.document).join(Design, Design.id == DesignVersion.design_id)
    others = others.where(Design.merchant_id == merchant_id)
    if leaving:
        others = others.where(Design.id.not_in(list(leaving)))
    for query in (
        others,
        sa.select(Template.document).where(Template.merchant_id == merchant_id),
        sa.select(Batch.document).where(Batch.merchant_id == merchant_id),
    ):
        used |= _mentioned(query, ids)
    return ids & used


def _mentioned(query, ids):
    """Which of `ids` the documents selected by `query` name; asset ids are ASCII, so the JSON
    text is searched the same way on SQLite and PostgreSQL."""
    column = query.selected_columns[0]
    text = sa.cast(column, sa.Text)
    found = set()
    ordered = sorted(ids)
    for start in range(0, len(ordered), 50):
        chunk = ordered[start : start + 50]
        rows = db.session.scalars(
            query.with_only_columns(text).where(sa.or_(*[text.contains(i) for i in chunk]))
        )
        for document in rows:
            found |= {i for i in chunk if i in document}
    return found


def _stop_jobs(jobs):
    """Unfinished jobs would print an emptied design: they are cancelled, as the shop would."""
    stopped = 0
    for job in jobs:
        if job.status not in FINISHED and lifecycle.can_move(job.status, "cancelled"):
            lifecycle.transition(job, "cancelled", source="privacy", note="customer data erased")
            stopped += 1
    return stopped


def _erase_records(merchant_id, found, uploads):
    design_ids = {design.id for design in found.designs}
    pinned = _pinned(design_ids)
    _forget_approver(merchant_id, found)
    for order in found.orders:
        _erase_order(order)
    for quote in found.quotes:
        _erase_quote(quote)
    for company in found.companies:
        company.manager_email = company.manager_name = None
    for job in found.jobs:
        _erase_job(job)
    job_ids = {job.id for job in found.jobs}
    proof_ids = [proof.id for proof in found.proofs if proof.job_id in job_ids]
    if proof_ids:
        # Core statements: decided proofs refuse ORM changes, and an erasure overrides that.
        db.session.execute(Proof.__table__.delete().where(Proof.__table__.c.id.in_(proof_ids)))
    for design in found.designs:
        design.title = design.customer_ref = None
    _empty_versions([d for d in found.designs if d.id in pinned])
    _delete_designs([d.id for d in found.designs if d.id not in pinned])
    for asset in uploads:
        db.session.delete(asset)
    db.session.flush()


def _forget_approver(merchant_id, found):
    """Where the customer approved other buyers' proofs (a company manager), the proofs stay
    with the other buyer's job; only who decided is erased."""
    job_ids = {job.id for job in found.jobs}
    table = Proof.__table__
    for proof in found.proofs:
        if proof.job_id in job_ids:
            continue
        strings = found.personal_strings()
        db.session.execute(
            table.update()
            .where(table.c.id == proof.id)
            .values(
                email=ERASED,
                decided_by=ERASED if proof.decided_by else None,
                comment=scrub(proof.comment, strings),
                ip=None,
                user_agent=None,
            )
        )
    approving = db.session.scalars(
        sa.select(ProductionJob).where(
            ProductionJob.merchant_id == merchant_id,
            ProductionJob.id.not_in(list(job_ids)),
            sa.or_(
                sa.func.lower(ProductionJob.proof_email).in_(found.emails),
                sa.func.lower(ProductionJob.manager_email).in_(found.emails),
            ),
        )
    )
    for job in approving:
        if (job.proof_email or "").lower() in found.emails:
            job.proof_email = None
        if (job.manager_email or "").lower() in found.emails:
            job.manager_email = None


def _erase_order(order):
    # Orders are accounting records: the French commercial code (art. L123-22) has books and
    # their supporting documents kept for 10 years, so the number, dates, amounts, tax, products
    # and quantities stay, and the shipping country, which decides the VAT. Only who the buyer is
    # goes: GDPR art. 17(3)(b) lets a legal obligation keep the rest.
    if order.customer_email is not None:
        order.customer_email = ERASED
    if order.customer_name is not None:
        order.customer_name = ERASED
    order.customer_company = order.customer_company_id = None
    order.customer_platform_id = None
    address = order.shipping_address or {}
    kept = {name: address[name] for name in KEPT_ADDRESS if address.get(name)}
    order.shipping_address = kept or None


def _erase_quote(quote):
    # A quote keeps its number, amounts and tax for the same reason as an order; its PDF named
    # the buyer, so it is deleted with the files.
    quote.contact = {"name": ERASED, "email": ERASED}
    quote.message = ""
    quote.document_key = None
    if quote.platform_checkout:
        quote.platform_checkout = {"kind": quote.platform_checkout.get("kind")}


def _erase_job(job):
    job.proof_email = job.manager_email = None
    job.bundle_key = job.files = job.preflight = None
    job.tracking_number = job.tracking_url = None
    if job.reason:
        job.reason = ERASED


def _pinned(design_ids):
    """Designs that orders, jobs or quotes point at: they stay, emptied, so those rows do."""
    ids = list(design_ids)
    pinned = set(
        db.session.scalars(sa.select(OrderLine.design_id).where(OrderLine.design_id.in_(ids)))
    )
    pinned |= set(
        db.session.scalars(
            sa.select(ProductionJob.design_id).where(ProductionJob.design_id.in_(ids))
        )
    )
    pinned |= set(db.session.scalars(sa.select(Quote.design_id).where(Quote.design_id.in_(ids))))
    return pinned


def blank(document):
    """The document with nothing on it: same product and print areas, no object."""
    return {
        "format": document.get("format"),
        "product": document.get("product"),
        "template": None,
        "surfaces": [
            {"area": surface.get("area"), "objects": []}
            for surface in document.get("surfaces") or []
        ],
    }


def _empty_versions(designs):
    table = DesignVersion.__table__
    for version in _versions(designs):
        document = blank(version.document)
        etag = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
        # Versions are immutable to the ORM (orders pin them); erasure is the one exception.
        db.session.execute(
            table.update().where(table.c.id == version.id).values(document=document, etag=etag)
        )
    db.session.expire_all()


def _delete_designs(design_ids):
    if not design_ids:
        return
    versions = DesignVersion.__table__
    db.session.execute(versions.delete().where(versions.c.design_id.in_(design_ids)))
    db.session.execute(Design.__table__.delete().where(Design.__table__.c.id.in_(design_ids)))
    db.session.expire_all()


# Logs: audit trail, webhook payloads and responses


def _scrub_logs(merchant_id, found):
    strings = found.personal_strings()
    if not strings:
        return
    events = JobEvent.__table__
    job_ids = [job.id for job in found.jobs]
    for chunk in _chunks(job_ids):
        rows = db.session.execute(
            sa.select(events.c.id, events.c.actor, events.c.note).where(events.c.job_id.in_(chunk))
        ).all()
        for row in rows:
            actor, note = scrub(row.actor, strings), scrub(row.note, strings)
            if row.actor.startswith("customer:"):
                actor = lifecycle.customer_actor(ERASED)
            if (actor, note) != (row.actor, row.note):
                # The audit log is append-only to the ORM; erasing a person from it is not a change
                # of what happened.
                db.session.execute(
                    events.update().where(events.c.id == row.id).values(actor=actor, note=note)
                )
    _scrub_json(WebhookEvent, WebhookEvent.merchant_id == merchant_id, strings)
    domains = db.session.scalars(sa.select(Store.domain).where(Store.merchant_id == merchant_id))
    _scrub_inbound(WebhookDelivery.shop_domain.in_(list(domains)), strings)
    attempts = (
        sa.select(DeliveryAttempt)
        .join(OutboundDelivery, OutboundDelivery.id == DeliveryAttempt.delivery_id)
        .where(
            OutboundDelivery.merchant_id == merchant_id, DeliveryAttempt.response_body.is_not(None)
        )
    )
    for attempt in db.session.scalars(attempts.execution_options(yield_per=PAGE)):
        body = scrub(attempt.response_body, strings)
        if body != attempt.response_body:
            attempt.response_body = body


def _scrub_json(model, clause, strings):
    query = sa.select(model).where(clause).order_by(model.id)
    for row in db.session.scalars(query.execution_options(yield_per=PAGE)):
        payload = scrub(row.payload, strings)
        if payload != row.payload:
            row.payload = payload


def _scrub_inbound(clause, strings):
    """A shop's webhook is the platform's whole order (first and last names apart, notes…):
    once handled only its id matters, against redelivery, so the payload goes entirely."""
    query = sa.select(WebhookDelivery).where(clause).order_by(WebhookDelivery.id)
    for delivery in db.session.scalars(query.execution_options(yield_per=PAGE)):
        payload = scrub(delivery.payload, strings)
        if payload == delivery.payload:
            continue
        delivery.payload = payload if delivery.status == "pending" else {}


def scrub(value, strings):
    """`value` (text or JSON) with every string that names the customer replaced by ERASED."""
    if isinstance(value, dict):
        return {key: scrub(item, strings) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, strings) for item in value]
    if not isinstance(value, str):
        return value
    for personal in strings:
        if value.casefold() == personal.casefold():
            return ERASED
        if len(personal) >= SUBSTRING_MIN:
            value = re.sub(re.escape(personal), ERASED, value, flags=re.IGNORECASE)
    return value


def _chunks(items, size=PAGE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Retention


def save_retention(merchant, abandoned_design_days, unused_upload_days):
    for days in (abandoned_design_days, unused_upload_days):
        if days is not None and not 1 <= days <= 3650:
            raise Invalid("Days must be a whole number from 1 to 3650, or empty to keep.")
    merchant.abandoned_design_days = abandoned_design_days
    merchant.unused_upload_days = unused_upload_days


def apply_retention(now=None):
    """The daily duty: erase abandoned designs and unused uploads past each merchant's limits.

    Idempotent (what is erased is gone, a second run finds nothing) and batched; returns one
    (merchant id, designs, uploads) per merchant that had something to erase."""
    now = now or utcnow()
    merchants = db.session.scalars(
        sa.select(Merchant).where(
            sa.or_(
                Merchant.abandoned_design_days.is_not(None),
                Merchant.unused_upload_days.is_not(None),
            )
        )
    ).all()
    done = []
    for merchant in merchants:
        designs = uploads = files = 0
        if merchant.abandoned_design_days:
            cutoff = now - timedelta(days=merchant.abandoned_design_days)
            designs, files = _erase_abandoned(merchant.id, cutoff)
        if merchant.unused_upload_days:
            cutoff = now - timedelta(days=merchant.unused_upload_days)
            uploads, more = _erase_unused(merchant.id, cutoff)
            files += more
        if designs or uploads:
            record(
                merchant.id, "retention", {"designs": designs, "uploads": uploads, "files": files}
            )
            done.append((merchant.id, designs, uploads))
        db.session.commit()
    return done


def _abandoned(merchant_id, cutoff):
    return (
        sa.select(Design)
        .where(
            Design.merchant_id == merchant_id,
            Design.updated_at < cutoff,
            Design.id.not_in(
                sa.select(OrderLine.design_id).where(OrderLine.design_id.is_not(None))
            ),
            Design.id.not_in(sa.select(ProductionJob.design_id)),
            Design.id.not_in(sa.select(Quote.design_id)),
        )
        .order_by(Design.id)
        .limit(BATCH)
    )


def _erase_abandoned(merchant_id, cutoff):
    designs = files = 0
    while batch := db.session.scalars(_abandoned(merchant_id, cutoff)).all():
        leaving = {design.id for design in batch}
        keys = set()
        for version in _versions(batch):
            keys |= _preview_keys(merchant_id, version, leaving)
        for key in sorted(keys):
            storage().delete(key)
        _delete_designs(sorted(leaving))
        designs, files = designs + len(batch), files + len(keys)
        db.session.commit()
    return designs, files


def _erase_unused(merchant_id, cutoff):
    uploads = files = 0
    after = ""
    while True:
        batch = db.session.scalars(
            sa.select(Asset)
            .where(
                Asset.merchant_id == merchant_id,
                Asset.kind.in_(SHOPPER_KINDS),
                Asset.created_at < cutoff,
                Asset.id > after,
            )
            .order_by(Asset.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return uploads, files
        after = batch[-1].id
        used = referenced(merchant_id, [asset.id for asset in batch])
        for asset in batch:
            if asset.id in used:
                continue
            keys = _asset_keys(asset)
            for key in sorted(keys):
                storage().delete(key)
            db.session.delete(asset)
            uploads, files = uploads + 1, files + len(keys)
        db.session.commit()


def merchant_of(merchant_id):
    return db.session.get(Merchant, merchant_id)


def product_names(designs):
    ids = {design.product_id for design in designs}
    rows = db.session.execute(sa.select(Product.id, Product.name).where(Product.id.in_(ids)))
    return dict(rows.all())
