"""In-process jobs run after the transaction that queued them commits, and never before."""

import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.models import Merchant

SEEN = []


def count_merchants(name):
    """The job: what it finds in the database when it runs."""
    SEEN.append(db.session.scalar(sa.select(sa.func.count()).where(Merchant.name == name)))


def test_a_job_waits_for_the_outer_commit_not_a_savepoint(app):
    SEEN.clear()
    with app.app_context():
        db.session.add(Merchant(name="Atelier Savepoint"))
        db.session.flush()
        queue.enqueue("render", f"{__name__}.count_merchants", "Atelier Savepoint")
        # An upload in the same transaction releases a savepoint, which SQLAlchemy also calls
        # a commit; the merchant row is not committed yet.
        with db.session.begin_nested():
            db.session.add(Merchant(name="Atelier Imbriqué"))
        assert SEEN == []
        db.session.commit()
    assert SEEN == [1]


def test_a_job_of_a_rolled_back_transaction_never_runs(app):
    SEEN.clear()
    with app.app_context():
        db.session.add(Merchant(name="Atelier Annulé"))
        db.session.flush()
        queue.enqueue("render", f"{__name__}.count_merchants", "Atelier Annulé")
        with db.session.begin_nested():
            db.session.add(Merchant(name="Atelier Imbriqué"))
        db.session.rollback()
        db.session.commit()
    assert SEEN == []
