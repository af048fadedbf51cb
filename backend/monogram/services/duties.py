"""Periodic duties: webhook retries, proof reminders, shipments Shopify missed — one tick."""

import logging
import threading

from monogram.extensions.db import db
from monogram.extensions.queue import queue

log = logging.getLogger(__name__)

TICK_SECONDS = 60
# With several workers only one runs each tick: the first to take this Redis key.
LOCK_KEY = "monogram:duties"


def run_due_duties():
    """Run every duty once; a failing one is logged and does not stop the others."""
    from monogram.services import outbound, proofs, shop_status

    done = {}
    for name, duty in (
        ("webhook deliveries", outbound.deliver_due),
        ("proof reminders", proofs.send_reminders),
        ("shipments to Shopify", shop_status.retry_unrecorded),
    ):
        try:
            done[name] = len(duty())
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("periodic duty %s failed; it runs again next tick", name)
    return done


def _claim_tick():
    if queue.in_process:
        return True
    return bool(queue.connection.set(LOCK_KEY, "1", nx=True, ex=TICK_SECONDS - 5))


def start_ticker(app, interval=TICK_SECONDS):
    """Run the duties every `interval` seconds in a daemon thread of this process."""
    stop = threading.Event()

    def loop():
        while not stop.wait(interval):
            with app.app_context():
                try:
                    if _claim_tick():
                        run_due_duties()
                finally:
                    db.session.remove()

    threading.Thread(target=loop, name="monogram-duties", daemon=True).start()
    return stop
