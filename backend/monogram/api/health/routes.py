"""/healthz answers while the process runs; /readyz checks the parts requests depend on."""

import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify

from monogram.extensions.db import db
from monogram.extensions.queue import queue
from monogram.extensions.storage import storage

log = logging.getLogger(__name__)

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz():
    checks = {}
    probes = {
        "database": lambda: db.session.execute(sa.text("SELECT 1")),
        "storage": lambda: storage().exists("readyz-probe"),
        "queue": (lambda: queue.connection.ping()) if not queue.in_process else (lambda: None),
    }
    for name, probe in probes.items():
        try:
            probe()
            checks[name] = "ok"
        except Exception as error:  # a probe reports, it never raises
            log.warning("readiness check %s failed: %s", name, error)
            checks[name] = "unavailable"
    ready = all(state == "ok" for state in checks.values())
    return jsonify(status="ok" if ready else "unavailable", checks=checks), 200 if ready else 503
