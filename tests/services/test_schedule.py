"""Due dates count working days: weekends and the merchant's public holidays are not."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from monogram.services import schedule


def at(year, month, day, hour=10):
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_a_weekday_order_is_due_lead_time_working_days_later():
    # Monday 2 November 2026 + 3 working days = Thursday 5 November.
    assert schedule.add_working_days(at(2026, 11, 2), 3, "FR").isoformat() == "2026-11-05"


def test_weekends_are_skipped():
    # Thursday 5 November + 2 = Monday 9 November.
    assert schedule.add_working_days(at(2026, 11, 5), 2, "FR").isoformat() == "2026-11-09"


def test_an_order_on_a_saturday_starts_counting_on_monday():
    # Saturday 7 November: day 0 is Monday 9, + 1 = Tuesday 10.
    assert schedule.add_working_days(at(2026, 11, 7), 1, "FR").isoformat() == "2026-11-10"


def test_french_public_holidays_are_skipped():
    # Tuesday 10 November + 1: Wednesday 11 November (Armistice) is off, so Thursday 12.
    assert schedule.add_working_days(at(2026, 11, 10), 1, "FR").isoformat() == "2026-11-12"
    # Thursday 24 December + 2: Christmas (Friday), the weekend → Monday 28, Tuesday 29.
    assert schedule.add_working_days(at(2026, 12, 24), 2, "FR").isoformat() == "2026-12-29"


def test_the_calendar_is_the_merchants_country():
    # 11 November is a working day in Germany.
    assert schedule.add_working_days(at(2026, 11, 10), 1, "DE").isoformat() == "2026-11-11"


def test_an_unknown_country_counts_weekends_only():
    assert schedule.add_working_days(at(2026, 11, 10), 1, "ZZ").isoformat() == "2026-11-11"


def test_a_job_is_due_at_the_end_of_its_last_working_day():
    assert schedule.due_at(at(2026, 11, 2), 3, "FR") == datetime(2026, 11, 5, 17, tzinfo=UTC)


def job(status, due):
    return SimpleNamespace(status=status, due_at=due)


def test_flags_late_and_at_risk_jobs_until_they_ship():
    due = datetime(2026, 11, 5, 17, tzinfo=UTC)
    assert schedule.flag(job("ready", due), due - timedelta(days=2)) is None
    assert schedule.flag(job("ready", due), due - timedelta(hours=23)) == "at_risk"
    assert schedule.flag(job("in_production", due), due + timedelta(minutes=1)) == "late"
    assert schedule.flag(job("shipped", due), due + timedelta(days=3)) is None
    assert schedule.flag(job("cancelled", due), due + timedelta(days=3)) is None
