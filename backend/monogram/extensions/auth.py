"""API keys on requests: who is calling, for which merchant, and with what rights."""

import functools

from flask import g, request

from monogram.errors import Forbidden, Unauthorized
from monogram.extensions.cors import check_origin

SECRET = "secret"  # noqa: S105 - the key kind, not a credential
PUBLISHABLE = "publishable"

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="monogram"'}


class Caller:
    """The authenticated key behind a request."""

    def __init__(self, key):
        self.key_id = key.id
        self.merchant_id = key.merchant_id
        self.store_id = key.store_id
        self.kind = key.kind

    @property
    def is_secret(self):
        return self.kind == SECRET


def bearer_token():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(
            "Send your API key as 'Authorization: Bearer sk_…' (or pk_… from the editor).",
            headers=_CHALLENGE,
        )
    return token.strip()


def _authenticate(kinds):
    from monogram.services.keys import find_active_key

    token = bearer_token()
    key = find_active_key(token)
    if key is None and PUBLISHABLE in kinds:
        from monogram.services.proofs import editing_caller

        # A buyer's proof link reopens its design in the editor, with a publishable key's rights.
        g.caller = editing_caller(token)
        if g.caller is not None:
            check_origin(g.caller)
            return g.caller
    if key is None:
        raise Unauthorized("This API key is unknown or has been revoked.", headers=_CHALLENGE)
    if key.kind not in kinds:
        raise Forbidden("This operation needs a secret key (sk_…); publishable keys cannot use it.")
    g.caller = Caller(key)
    if not g.caller.is_secret:
        # Server-to-server calls with a secret key are not a browser's: no origin to check.
        check_origin(g.caller)
    return g.caller


def _requires(kinds, security):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            _authenticate(kinds)
            return view(*args, **kwargs)

        # flask-smorest reads the OpenAPI notes from _apidoc; add the security requirement.
        apidoc = dict(getattr(view, "_apidoc", {}))
        apidoc["manual_doc"] = {**apidoc.get("manual_doc", {}), "security": security}
        wrapper._apidoc = apidoc
        return wrapper

    return decorator


secret_key = _requires({SECRET}, [{"secretKey": []}])
any_key = _requires({SECRET, PUBLISHABLE}, [{"secretKey": []}, {"publishableKey": []}])


def authenticate_secret():
    """For views that take a key or another proof: check a secret key here, on demand."""
    return _authenticate({SECRET})


def caller() -> Caller:
    return g.caller
