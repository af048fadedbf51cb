"""Periodic duties: webhook retries, proof reminders, shipments, quotes, batches, retention."""

import logging
import threading
import time

from monogram.extensions.db import db
from monogram.extensions.queue import queue

log = logging.getLogger(__name__)

TICK_SECONDS = 60
# (name, how often in seconds). Webhook retries are due to the minute; a shipment Shopify did not
# take is asked again every quarter of an hour, so a shop that is down is not called each minute.
SCHEDULE = (
    ("webhook deliveries", 60),
    ("proof reminders", 60),
    ("shipments to Shopify", 900),
    # Quotes are valid to the day: checking every hour ends them within an hour of midnight UTC.
    ("quote expiry", 3600),
    # A batch whose worker died resumes within a minute of its lease running out.
    ("interrupted batches", 60),
    # Render jobs a lost Redis or a killed worker dropped are queued again from their rows.
    ("stalled render jobs", 60),
    # Shop webhooks kept on arrival whose job Redis lost are applied after all.
    ("unapplied shop webhooks", 900),
    # Retention limits are counted in days: once a day erases within a day of the limit.
    ("privacy retention", 86400),
)
# With several workers only one runs each duty per period: the first to take its Redis key.
LOCK_KEY = "monogram:duties:{name}"


def _duties():
    from monogram.services import (
        batches,
        outbound,
        privacy,
        production,
        proofs,
        quotes,
        shop_status,
        shopify_webhooks,
    )

    return {
        "webhook deliveries": outbound.deliver_due,
        "proof reminders": proofs.send_reminders,
        "shipments to Shopify": shop_status.retry_unrecorded,
        "quote expiry": quotes.expire_due,
        "interrupted batches": batches.recover_interrupted,
        "stalled render jobs": production.recover_settled,
        "unapplied shop webhooks": shopify_webhooks.recover_unapplied,
        "privacy retention": privacy.apply_retention,
    }


def run_due_duties(names=None):
    """Run the named duties (all by default) once; a failing one is logged, the others run."""
    duties = _duties()
    done = {}
    for name, _ in SCHEDULE:
        if names is not None and name not in names:
            continue
        try:
            done[name] = len(duties[name]())
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("periodic duty %s failed; it runs again next tick", name)
    return done


def _claim(name, interval, last_run, now):
    """Whether this process runs `name` now: its period has passed, and no other worker took it."""
    if queue.in_process:
        if now - last_run.get(name, float("-inf")) < interval - 5:
            return False
        last_run[name] = now
        return True
    key = LOCK_KEY.format(name=name)
    return bool(queue.connection.set(key, "1", nx=True, ex=interval - 5))


def start_ticker(app, interval=TICK_SECONDS):
    """Run the duties that are due every `interval` seconds in a daemon thread of this process."""
    stop = threading.Event()
    last_run = {}

    def loop():
        while not stop.wait(interval):
            with app.app_context():
                try:
                    now = time.monotonic()
                    due = [name for name, every in SCHEDULE if _claim(name, every, last_run, now)]
                    if due:
                        run_due_duties(due)
                except Exception:
                    # Redis down (the claim) or the database gone: the thread must outlive it,
                    # or no duty would run again in this process once they are back.
                    log.exception("periodic duties skipped this tick")
                finally:
                    db.session.remove()

    threading.Thread(target=loop, name="monogram-duties", daemon=True).start()
    return stop
