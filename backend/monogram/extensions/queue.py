"""Background jobs: rq queues on Redis, or in-process after the response when no Redis is set."""

import importlib
import logging
import threading
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, g, has_request_context
from redis import Redis, RedisError
from rq import Queue, Retry

log = logging.getLogger(__name__)

# Queues are named for the kind of work, so workers can be scaled per kind.
QUEUES = ("render", "email", "webhooks", "batch", "connectors")
RETRY_INTERVALS = (10, 60, 300)
# Jobs waiting for their transaction to commit, kept on the session.
PENDING = "monogram_pending_jobs"
FAILURE_TTL = 7 * 24 * 3600
# A Redis that does not answer fails the send at once rather than holding the request.
CONNECT_TIMEOUT = 5  # s


@dataclass(frozen=True)
class PendingJob:
    queue: str
    func: str  # dotted path, so the web tier never imports job code it does not run
    args: tuple
    timeout: int
    retries: int
    job_id: str | None


def _call(func_path, args):
    module_name, _, name = func_path.rpartition(".")
    return getattr(importlib.import_module(module_name), name)(*args)


class JobQueue:
    def __init__(self):
        self.connection = None

    def init_app(self, app):
        from monogram.extensions.db import db

        url = app.config["MONOGRAM"].REDIS_URL
        self.connection = (
            Redis.from_url(url, socket_connect_timeout=CONNECT_TIMEOUT) if url else None
        )
        app.extensions["monogram.queue"] = self
        app.after_request(self._release_after_request)
        # db.session is shared by every app of the process (tests make many): listen once.
        if not sa.event.contains(db.session, "after_commit", self._release_after_commit):
            sa.event.listen(db.session, "after_commit", self._release_after_commit)
            # Soft: fires on every rollback() call, even before the session touched the database.
            sa.event.listen(db.session, "after_soft_rollback", self._drop)

    @property
    def in_process(self):
        return self.connection is None

    def queue(self, name):
        if name not in QUEUES:
            raise ValueError(f"unknown queue {name!r}")
        return Queue(name, connection=self.connection)

    def enqueue(self, queue, func, *args, timeout=600, retries=3, job_id=None):
        """Run func(*args) in the background once the current transaction commits.

        A job queued before its rows are committed would look for rows that do not exist yet,
        and one queued by a transaction that rolls back would work on nothing.
        """
        from monogram.extensions.db import db

        job = PendingJob(queue, func, args, timeout, retries, job_id)
        db.session().info.setdefault(PENDING, []).append(job)

    def _release_after_commit(self, session):
        if session.in_nested_transaction():
            # SQLAlchemy says "after commit" when a savepoint is released too: the outer
            # transaction, whose rows the jobs need, is still open.
            return
        jobs = session.info.pop(PENDING, [])
        if not jobs:
            return
        if not self.in_process:
            for job in jobs:
                try:
                    self._send(job)
                except RedisError as error:
                    # The transaction is committed: failing the request now would deny stored
                    # work. Render jobs are sent again from their rows by the periodic duty.
                    log.error(
                        "Redis unavailable; job %s%r not queued: %s", job.func, job.args, error
                    )
        elif has_request_context():
            # In-process work waits for the response, so the client never waits for it.
            g.setdefault("monogram_pending_jobs", []).extend(jobs)
        else:
            self._run_now(jobs)

    def _drop(self, session, previous_transaction):
        # A savepoint rolling back leaves the outer transaction, and its jobs, standing.
        if previous_transaction.parent is None:
            session.info.pop(PENDING, None)

    def _send(self, job):
        retry = (
            Retry(max=job.retries, interval=list(RETRY_INTERVALS[: job.retries]))
            if job.retries
            else None
        )
        self.queue(job.queue).enqueue(
            job.func,
            *job.args,
            job_timeout=job.timeout,
            failure_ttl=FAILURE_TTL,
            retry=retry,
            job_id=job.job_id,
        )

    def _release_after_request(self, response):
        jobs = g.pop("monogram_pending_jobs", [])
        if jobs:
            app = current_app._get_current_object()
            # Started at once on a thread of their own: the development server closes a response
            # only after reading what is left on the connection, which a browser may hold open
            # for as long as it likes. Closing the response waits for them, as before.
            runner = threading.Thread(
                target=self._run_now, args=(jobs, app), name="monogram-jobs", daemon=True
            )
            runner.start()
            response.call_on_close(runner.join)
        return response

    def _run_now(self, jobs, app=None):
        app = app or current_app._get_current_object()
        for job in jobs:
            # A fresh app context is a fresh session: the job sees only committed rows.
            with app.app_context():
                try:
                    _call(job.func, job.args)
                except Exception:
                    # The job's own row records the failure; the request that queued it is done.
                    log.exception("in-process job %s%r failed", job.func, job.args)


queue = JobQueue()


def init_app(app):
    queue.init_app(app)
