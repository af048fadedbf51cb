"""Domain exceptions raised by services; the API turns them into the error envelope."""


class MonogramError(Exception):
    """Base class: a message for the person who made the request, and an HTTP status for the API."""

    status = 400

    def __init__(self, message, *, errors=None, headers=None):
        super().__init__(message)
        self.message = message
        # A list of {"path": JSON pointer, "message": …} when the fault is in a field of the input.
        self.errors = errors
        self.headers = headers or {}


class Unauthorized(MonogramError):
    status = 401


class Forbidden(MonogramError):
    status = 403


class NotFound(MonogramError):
    status = 404


class Conflict(MonogramError):
    status = 409


class PreconditionFailed(MonogramError):
    status = 412


class TooLarge(MonogramError):
    status = 413


class UnsupportedMediaType(MonogramError):
    status = 415


class Invalid(MonogramError):
    status = 422


class PreconditionRequired(MonogramError):
    status = 428


class TooManyRequests(MonogramError):
    status = 429


class Unavailable(MonogramError):
    status = 503
