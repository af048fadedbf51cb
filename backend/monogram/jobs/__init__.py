"""rq entry points: each takes ids only and runs inside an app context."""

import functools

from flask import has_app_context

_worker_app = None


def app_for_worker():
    global _worker_app
    if _worker_app is None:
        from monogram import create_app

        _worker_app = create_app()
    return _worker_app


def in_app_context(job):
    """Run a job in the current app context, or the worker process's own app."""

    @functools.wraps(job)
    def wrapper(*args):
        if has_app_context():
            return job(*args)
        with app_for_worker().app_context():
            return job(*args)

    return wrapper
