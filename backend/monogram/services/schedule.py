"""Due dates in working days (weekends and the merchant's public holidays off), and late flags."""

import functools
from datetime import UTC, datetime, time, timedelta

import holidays

# Jobs still not shipped this close to their due date are flagged at risk.
AT_RISK_WITHIN = timedelta(days=1)
# Work shipped by the end of the due day is on time; the day ends at 17:00 UTC for everyone.
END_OF_DAY = time(17, 0, tzinfo=UTC)
DONE = ("shipped", "cancelled")


# Countries the holiday calendar knows; elsewhere only weekends are days off.
KNOWN_COUNTRIES = frozenset(holidays.list_supported_countries())


@functools.lru_cache(maxsize=64)
def _public_holidays(country, year):
    if country not in KNOWN_COUNTRIES:
        return frozenset()
    return frozenset(holidays.country_holidays(country, years=year))


def is_working_day(day, country):
    return day.weekday() < 5 and day not in _public_holidays(country, day.year)


def add_working_days(start, days, country):
    """The date `days` working days after `start` (a datetime); day 0 is the next working day
    when `start` itself is not one."""
    day = start.astimezone(UTC).date()
    while not is_working_day(day, country):
        day += timedelta(days=1)
    for _ in range(days):
        day += timedelta(days=1)
        while not is_working_day(day, country):
            day += timedelta(days=1)
    return day


def due_at(start, lead_time_days, country):
    """The moment a job is due: the end of the working day its lead time lands on."""
    return datetime.combine(add_working_days(start, lead_time_days, country), END_OF_DAY)


def flag(job, now):
    """ "late", "at_risk" or None for a job at `now`."""
    if job.due_at is None or job.status in DONE:
        return None
    if now > job.due_at:
        return "late"
    if job.due_at - now <= AT_RISK_WITHIN:
        return "at_risk"
    return None
