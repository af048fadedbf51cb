"""Console sign-in: argon2 passwords, its own cookie, lockout, CSRF on every form, reset by mail."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import ApiKey, ConsoleUser, PasswordReset
from monogram.models.base import utcnow
from monogram.services import console_users
from tests.console.conftest import PASSWORD, PUBLIC_URL, alert, csrf_of, https_client, sign_in

EMAIL = "anne@dupont.example"
LOCKED = (
    "Too many wrong passwords: sign-in is locked for 15 minutes. "
    "Wait, or choose a new password through “Forgotten your password?”."
)
RESET_LINK = re.compile(re.escape(PUBLIC_URL) + r"(/console/reset/[A-Za-z0-9_-]+)")


def user_row(app, email=EMAIL):
    with app.app_context():
        user = db.session.scalar(sa.select(ConsoleUser).where(ConsoleUser.email == email))
        db.session.expunge(user)
        return user


def test_the_password_is_kept_as_an_argon2_hash_and_the_cookie_is_the_consoles(app, admin, owner):
    stored = user_row(app).password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored

    signed_in = sign_in(admin, EMAIL)
    assert (signed_in.status_code, signed_in.location) == (303, "/console/")
    cookie = signed_in.headers["Set-Cookie"]
    assert cookie.startswith("monogram_console=")
    for attribute in ("Path=/console", "HttpOnly", "SameSite=Lax", "Secure"):
        assert attribute in cookie.split("; ")
    dashboard = admin.get("/console/")
    assert dashboard.status_code == 200
    assert f"{EMAIL} · Owner" in dashboard.text
    assert user_row(app).last_login_at is not None
    # The workshop portal's session is another cookie: the console's does not open it.
    assert admin.get("/workshop/").status_code == 303


def test_pages_carry_the_security_headers_and_no_inline_script(admin, owner):
    sign_in(admin, EMAIL)
    for path in ("/console/", "/console/signin", "/console/keys", "/console/nowhere"):
        response = admin.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "<script>" not in response.text


def test_nobody_signed_in_is_sent_to_sign_in_and_brought_back(admin, owner):
    page = admin.get("/console/batches?lang=fr")
    assert (page.status_code, page.location) == (
        303,
        "/console/signin?next=/console/batches?lang%3Dfr",
    )
    form = admin.get(page.location)
    assert "Connexion à la console" in form.text
    done = admin.post(
        "/console/signin",
        data={
            "csrf": csrf_of(form),
            "email": EMAIL,
            "password": PASSWORD,
            "next": "/console/batches?lang=fr",
        },
    )
    assert done.location == "/console/batches?lang=fr"


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(app, admin, owner):
    for _ in range(4):
        refused = sign_in(admin, EMAIL, "not the password")
        assert (refused.status_code, alert(refused)) == (403, "Wrong e-mail or password.")
    unknown = sign_in(admin, "nobody@dupont.example", "not the password")
    assert (unknown.status_code, alert(unknown)) == (403, "Wrong e-mail or password.")
    fifth = sign_in(admin, EMAIL, "not the password")
    assert (fifth.status_code, alert(fifth)) == (403, LOCKED)
    locked_until = user_row(app).locked_until
    assert timedelta(minutes=14) < locked_until - utcnow() <= timedelta(minutes=15)

    right = sign_in(admin, EMAIL, PASSWORD)
    assert (right.status_code, alert(right)) == (403, LOCKED)
    french = sign_in(admin, EMAIL, PASSWORD, lang="fr")
    assert alert(french) == (
        "Trop de mots de passe erronés : la connexion est bloquée pendant 15 minutes. "
        "Patientez, ou choisissez un nouveau mot de passe avec « Mot de passe oublié ? »."
    )
    assert admin.get("/console/").status_code == 303

    with app.app_context():
        user = db.session.scalar(sa.select(ConsoleUser).where(ConsoleUser.email == EMAIL))
        user.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert sign_in(admin, EMAIL, PASSWORD).status_code == 303


def test_sign_out_ends_the_session(admin, owner):
    sign_in(admin, EMAIL)
    page = admin.get("/console/")
    out = admin.post("/console/signout", data={"csrf": csrf_of(page)})
    assert (out.status_code, out.location) == (303, "/console/signin")
    assert "You are signed out." in admin.get("/console/signin").text
    assert admin.get("/console/").status_code == 303


def _keys(app):
    with app.app_context():
        return {
            key.id: key.revoked_at
            for key in db.session.scalars(sa.select(ApiKey).order_by(ApiKey.id))
        }


def _resets(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(PasswordReset.id)))


@pytest.mark.parametrize("token", [None, "", "x" * 43], ids=["missing", "empty", "wrong"])
def test_every_form_without_its_csrf_token_is_a_400_that_changes_nothing(
    app, admin, owner, merchant, smtp_server, token
):
    def post(browser, path, **data):
        if token is not None:
            data["csrf"] = token
        response = browser.post(path, data=data)
        assert response.status_code == 400, path
        assert "nothing was changed. Reload the page and try again." in response.text
        return response

    # Sign-in: no session is opened, the right password notwithstanding.
    stranger = https_client(app)
    stranger.get("/console/signin?lang=en")
    post(stranger, "/console/signin", email=EMAIL, password=PASSWORD)
    assert stranger.get("/console/").status_code == 303

    # Reset request: no link made, no mail sent.
    post(stranger, "/console/reset", email=EMAIL)
    assert _resets(app) == 0

    # Reset: the password stays, the link stays usable.
    with app.app_context():
        user = db.session.scalar(sa.select(ConsoleUser).where(ConsoleUser.email == EMAIL))
        reset_token = console_users.issue_reset(user)
        db.session.commit()
    before = user_row(app).password_hash
    link = f"/console/reset/{reset_token}"
    post(stranger, link, password="a new long password", confirm="a new long password")
    assert user_row(app).password_hash == before
    assert stranger.get(link).status_code == 200

    # Key create and revoke, by a signed-in owner.
    sign_in(admin, EMAIL)
    keys = _keys(app)
    post(admin, "/console/keys", kind="secret", store="", label="ERP")
    assert _keys(app) == keys
    key_id = next(iter(keys))
    post(admin, f"/console/keys/{key_id}/revoke")
    assert _keys(app) == keys

    # Sign-out: still signed in.
    post(admin, "/console/signout")
    assert admin.get("/console/").status_code == 200
    assert smtp_server.messages == []


def test_a_reset_link_comes_by_mail_and_works_once(app, admin, owner, smtp_server):
    # A session opened with the old password, which the new one must end.
    elsewhere = https_client(app)
    sign_in(elsewhere, EMAIL)
    assert elsewhere.get("/console/").status_code == 200

    form = admin.get("/console/reset?lang=en")
    asked = admin.post(
        "/console/reset", data={"csrf": csrf_of(form), "email": "Anne@Dupont.example"}
    )
    assert (asked.status_code, asked.location) == (303, "/console/signin")
    assert "a link to choose a new password is on its way" in admin.get("/console/signin").text
    (mail,) = smtp_server.messages
    assert smtp_server.envelopes[0][1] == [EMAIL]
    assert mail["Subject"] == "Choose a new password for the Imprimerie Dupont console"
    text = mail.get_body(("plain",)).get_content()
    assert "works once and for 60 minutes" in text
    link = RESET_LINK.search(text).group(1)
    assert f"{PUBLIC_URL}{link}" in mail.get_body(("html",)).get_content()
    with app.app_context():
        (stored,) = db.session.scalars(sa.select(PasswordReset.token_hash))
    assert stored not in link and link.rsplit("/", 1)[1] not in stored

    page = admin.get(link)
    assert page.status_code == 200 and EMAIL in page.text
    csrf = csrf_of(page)
    differ = admin.post(
        link, data={"csrf": csrf, "password": "a long password 1", "confirm": "a long password 2"}
    )
    assert (differ.status_code, alert(differ)) == (
        422,
        "The two passwords differ; type the same password twice.",
    )
    short = admin.post(link, data={"csrf": csrf, "password": "short", "confirm": "short"})
    assert (short.status_code, alert(short)) == (
        422,
        "Choose a password of at least 10 characters.",
    )
    chosen = "la presse à dorer"
    done = admin.post(link, data={"csrf": csrf, "password": chosen, "confirm": chosen})
    assert (done.status_code, done.location) == (303, "/console/")
    assert "Your new password is saved; you are signed in." in admin.get("/console/").text

    used = admin.get(link)
    assert used.status_code == 404 and "expired or was already used" in used.text
    # Signing in made a new CSRF token: the form's old one is refused first.
    fresh = csrf_of(admin.get("/console/"))
    assert fresh != csrf
    again = admin.post(link, data={"csrf": fresh, "password": "x" * 12, "confirm": "x" * 12})
    assert again.status_code == 404
    assert elsewhere.get("/console/").status_code == 303
    stranger = https_client(app)
    assert sign_in(stranger, EMAIL, PASSWORD).status_code == 403
    assert sign_in(stranger, EMAIL, chosen).status_code == 303


def test_a_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(
    admin, owner, smtp_server
):
    form = admin.get("/console/reset")
    asked = admin.post("/console/reset", data={"csrf": csrf_of(form), "email": "x@nowhere.example"})
    assert (asked.status_code, asked.location) == (303, "/console/signin")
    assert smtp_server.messages == []


def test_a_reset_link_expires_after_an_hour(app, admin, owner):
    with app.app_context():
        user = db.session.scalar(sa.select(ConsoleUser).where(ConsoleUser.email == EMAIL))
        token = console_users.issue_reset(user, now=utcnow() - timedelta(minutes=61))
        db.session.commit()
    gone = admin.get(f"/console/reset/{token}")
    assert gone.status_code == 404
    assert "Ask for a new one." in gone.text


def test_the_cli_makes_a_user_with_a_one_time_sign_in_link(app, admin, merchant):
    from click.testing import CliRunner
    from flask.cli import ScriptInfo

    from monogram.cli import main

    def run(*args):
        return CliRunner().invoke(
            main, ["user", "create", *args], obj=ScriptInfo(create_app=lambda: app)
        )

    made = run("--merchant", merchant.merchant_id, "--email", "Paul@Dupont.example")
    assert made.exit_code == 0, made.output
    assert "(paul@dupont.example, owner) of " + merchant.merchant_id in made.output
    link = re.search(r"sign-in link (\S+)", made.output).group(1)
    assert link.startswith(f"{PUBLIC_URL}/console/reset/")
    path = link.removeprefix(PUBLIC_URL)
    page = admin.get(path)
    chosen = "mon mot de passe à moi"
    done = admin.post(path, data={"csrf": csrf_of(page), "password": chosen, "confirm": chosen})
    assert (done.status_code, done.location) == (303, "/console/")
    assert admin.get(path).status_code == 404

    given = run(
        "--merchant", merchant.merchant_id, "--email", "zoe@dupont.example",
        "--role", "designer", "--password", "a password given",
    )  # fmt: skip
    assert given.exit_code == 0, given.output
    assert "sign-in link" not in given.output
    assert sign_in(https_client(app), "zoe@dupont.example", "a password given").status_code == 303

    twice = run("--merchant", merchant.merchant_id, "--email", "zoe@dupont.example")
    assert twice.exit_code == 1
    assert "A console user with the e-mail zoe@dupont.example already exists." in twice.output
    nowhere = run("--merchant", "mer_nobody", "--email", "x@dupont.example")
    assert nowhere.exit_code == 1 and "No merchant with id 'mer_nobody'." in nowhere.output
    short = run("--merchant", merchant.merchant_id, "--email", "y@x.example", "--password", "short")
    assert short.exit_code == 1
    assert "Choose a password of at least 10 characters." in short.output
