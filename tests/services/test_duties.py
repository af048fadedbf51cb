"""The periodic tick: every duty runs, and one failing duty does not stop the others."""

from monogram.services import duties, outbound, proofs, shop_status


def test_a_failing_duty_is_logged_and_the_others_still_run(app, monkeypatch, caplog):
    ran = []

    def broken(now=None):
        ran.append("reminders")
        raise RuntimeError("SMTP relay refused the connection")

    monkeypatch.setattr(outbound, "deliver_due", lambda now=None: ran.append("webhooks") or ["d"])
    monkeypatch.setattr(proofs, "send_reminders", broken)
    monkeypatch.setattr(
        shop_status, "retry_unrecorded", lambda now=None: ran.append("shopify") or []
    )
    with app.app_context():
        done = duties.run_due_duties()
    assert ran == ["webhooks", "reminders", "shopify"]
    assert done == {
        "webhook deliveries": 1,
        "shipments to Shopify": 0,
        "quote expiry": 0,
        "interrupted batches": 0,
        "stalled render jobs": 0,
        "unapplied shop webhooks": 0,
        "privacy retention": 0,
    }
    assert "periodic duty proof reminders failed" in caplog.text


def test_each_duty_runs_once_per_period_without_redis(app):
    last_run = {}
    every_minute = [
        "webhook deliveries",
        "proof reminders",
        "interrupted batches",
        "stalled render jobs",
    ]
    due = [name for name, every in duties.SCHEDULE if duties._claim(name, every, last_run, 0)]
    assert due == [
        *every_minute[:2],
        "shipments to Shopify",
        "quote expiry",
        *every_minute[2:],
        "unapplied shop webhooks",
        "privacy retention",
    ]
    one_minute_on = [
        name for name, every in duties.SCHEDULE if duties._claim(name, every, last_run, 60)
    ]
    # A shop that refused a shipment is asked again after a quarter of an hour, not each minute.
    assert one_minute_on == every_minute
    later = [name for name, every in duties.SCHEDULE if duties._claim(name, every, last_run, 900)]
    assert later == [
        *every_minute[:2],
        "shipments to Shopify",
        *every_minute[2:],
        "unapplied shop webhooks",
    ]
    # Quotes end on a day, so an hourly look is enough.
    hour = [name for name, every in duties.SCHEDULE if duties._claim(name, every, last_run, 3600)]
    assert hour == due[:-1]
    # Retention limits count in days: a daily look is enough.
    day = [name for name, every in duties.SCHEDULE if duties._claim(name, every, last_run, 86400)]
    assert day == due
