"""Console users: the list, invitations by e-mail, role changes and removal, the last owner kept."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import ConsoleUser, PasswordReset
from monogram.models.base import utcnow
from monogram.services import console_users
from tests.console.conftest import PUBLIC_URL, alert, csrf_of, https_client, sign_in

OWNER = "anne@dupont.example"
DESIGNER = "dora@dupont.example"
OTHER = "marc@martin.example"
LINK = re.compile(re.escape(PUBLIC_URL) + r"(/console/reset/[A-Za-z0-9_-]+)")
LAST_OWNER = (
    "The account needs at least one owner: make someone else owner before you change or remove "
    "this one."
)


@pytest.fixture
def signed_in(admin, owner):
    sign_in(admin, OWNER)
    return admin


def people(app, merchant_id):
    with app.app_context():
        return db.session.execute(
            sa.select(ConsoleUser.email, ConsoleUser.role)
            .where(ConsoleUser.merchant_id == merchant_id)
            .order_by(ConsoleUser.email)
        ).all()


def user_id(app, email):
    with app.app_context():
        return db.session.scalar(sa.select(ConsoleUser.id).where(ConsoleUser.email == email))


def row(page, uid):
    return page.text.split(f'data-user="{uid}"')[1].split("</tr>")[0]


def test_the_list_shows_this_accounts_users_with_role_sign_in_and_state(
    app, signed_in, make_user, merchant, other_merchant
):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    make_user(other_merchant.merchant_id, OTHER)
    with app.app_context():
        locked = db.session.get(ConsoleUser, user_id(app, DESIGNER))
        locked.locked_until = utcnow() + timedelta(minutes=10)
        db.session.commit()
    listed = signed_in.get("/console/users")
    assert listed.status_code == 200
    found = re.findall(r'data-user="([^"]+)" data-role="([^"]+)"', listed.text)
    assert found == [(user_id(app, OWNER), "owner"), (user_id(app, DESIGNER), "designer")]
    assert OTHER not in listed.text
    mine = row(listed, user_id(app, OWNER))
    assert "(you)" in mine and "Never" not in mine and "Active" in mine
    theirs = row(listed, user_id(app, DESIGNER))
    assert "Never" in theirs and "Locked until" in theirs
    assert '<option value="designer" selected>Designer</option>' in theirs
    assert 'aria-label="Remove dora@dupont.example"' in theirs
    french = signed_in.get("/console/users?lang=fr")
    assert "Ajouter l’utilisateur" in french.text and "Graphiste" in french.text


def test_adding_a_user_mails_a_link_to_choose_a_password(app, signed_in, merchant, smtp_server):
    page = signed_in.get("/console/users")
    data = {"csrf": csrf_of(page), "email": " Paul@Dupont.example ", "role": "operator"}
    added = signed_in.post("/console/users", data=data)
    assert (added.status_code, added.location) == (303, "/console/users")
    listed = signed_in.get("/console/users")
    assert "The user is added" in listed.text
    assert "Invited: has not chosen a password yet" in row(
        listed, user_id(app, "paul@dupont.example")
    )
    assert ("paul@dupont.example", "operator") in people(app, merchant.merchant_id)
    (mail,) = smtp_server.messages
    assert smtp_server.envelopes[0][1] == ["paul@dupont.example"]
    assert mail["Subject"] == "You are invited to the Imprimerie Dupont console"
    text = mail.get_body(("plain",)).get_content()
    assert "as operator" in text and "works once and for 7 days" in text
    link = LINK.search(text).group(1)
    with app.app_context():
        reset = db.session.scalar(sa.select(PasswordReset))
        assert timedelta(days=6, hours=23) < reset.expires_at - utcnow() <= timedelta(days=7)

    newcomer = https_client(app)
    form = newcomer.get(link)
    chosen = "a password of my own"
    done = newcomer.post(link, data={"csrf": csrf_of(form), "password": chosen, "confirm": chosen})
    assert (done.status_code, done.location) == (303, "/console/")
    assert "paul@dupont.example · Operator" in newcomer.get("/console/").text
    assert newcomer.get("/console/users").status_code == 403


@pytest.mark.parametrize(
    ("email", "role", "message"),
    [
        ("paul.dupont.example", "designer", "Type the person’s e-mail address"),
        ("", "designer", "Type the person’s e-mail address"),
        ("paul@dupont.example", "boss", "Choose a role: owner, designer or operator."),
        (OTHER, "designer", f"{OTHER} already has a console account."),
        ("Anne@Dupont.example", "designer", f"{OWNER} already has a console account."),
    ],
)
def test_a_wrong_user_is_refused_with_the_form_kept_and_nothing_stored(
    app, signed_in, make_user, merchant, other_merchant, smtp_server, email, role, message
):
    make_user(other_merchant.merchant_id, OTHER)
    page = signed_in.get("/console/users")
    refused = signed_in.post(
        "/console/users", data={"csrf": csrf_of(page), "email": email, "role": role}
    )
    assert refused.status_code == 422
    assert alert(refused).startswith(message)
    assert f'value="{email}"' in refused.text
    assert people(app, merchant.merchant_id) == [(OWNER, "owner")]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PasswordReset.id))) == 0
    assert smtp_server.messages == []


def test_changing_a_role(app, signed_in, make_user, merchant):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    page = signed_in.get("/console/users")
    uid = user_id(app, DESIGNER)
    done = signed_in.post(
        f"/console/users/{uid}/role", data={"csrf": csrf_of(page), "role": "operator"}
    )
    assert (done.status_code, done.location) == (303, "/console/users")
    assert "The role is changed" in signed_in.get("/console/users").text
    assert (DESIGNER, "operator") in people(app, merchant.merchant_id)
    wrong = signed_in.post(f"/console/users/{uid}/role", data={"csrf": csrf_of(page), "role": "x"})
    assert wrong.status_code == 422
    assert alert(wrong) == "Choose a role: owner, designer or operator."
    assert (DESIGNER, "operator") in people(app, merchant.merchant_id)


def test_the_last_owner_can_neither_be_demoted_nor_removed(app, signed_in, make_user, merchant):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    with app.app_context():
        # Invited as owner, never came: cannot manage the account, so does not count.
        console_users.create_user(merchant.merchant_id, "ines@dupont.example", "owner")
        db.session.commit()
    uid = user_id(app, OWNER)
    page = signed_in.get("/console/users")
    demoted = signed_in.post(
        f"/console/users/{uid}/role", data={"csrf": csrf_of(page), "role": "designer"}
    )
    assert demoted.status_code == 422
    assert alert(demoted) == LAST_OWNER
    removed = signed_in.post(f"/console/users/{uid}/remove", data={"csrf": csrf_of(page)})
    assert removed.status_code == 422
    assert alert(removed) == LAST_OWNER
    assert people(app, merchant.merchant_id) == [
        (OWNER, "owner"),
        (DESIGNER, "designer"),
        ("ines@dupont.example", "owner"),
    ]
    assert signed_in.get("/console/users").status_code == 200


def test_with_another_owner_an_owner_may_step_down(app, signed_in, make_user, merchant):
    make_user(merchant.merchant_id, "paul@dupont.example")
    page = signed_in.get("/console/users")
    done = signed_in.post(
        f"/console/users/{user_id(app, OWNER)}/role",
        data={"csrf": csrf_of(page), "role": "designer"},
    )
    assert (done.status_code, done.location) == (303, "/console/")
    assert (OWNER, "designer") in people(app, merchant.merchant_id)
    assert signed_in.get("/console/users").status_code == 403


def test_removing_a_user_ends_their_sessions(app, signed_in, make_user, merchant):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    elsewhere = https_client(app)
    sign_in(elsewhere, DESIGNER)
    assert elsewhere.get("/console/").status_code == 200
    page = signed_in.get("/console/users")
    done = signed_in.post(
        f"/console/users/{user_id(app, DESIGNER)}/remove", data={"csrf": csrf_of(page)}
    )
    assert (done.status_code, done.location) == (303, "/console/users")
    assert "The user is removed" in signed_in.get("/console/users").text
    assert people(app, merchant.merchant_id) == [(OWNER, "owner")]
    assert elsewhere.get("/console/").status_code == 303
    assert sign_in(https_client(app), DESIGNER).status_code == 403


def test_an_owner_who_removes_themself_is_signed_out(app, signed_in, make_user, merchant):
    make_user(merchant.merchant_id, "paul@dupont.example")
    page = signed_in.get("/console/users")
    done = signed_in.post(
        f"/console/users/{user_id(app, OWNER)}/remove", data={"csrf": csrf_of(page)}
    )
    assert (done.status_code, done.location) == (303, "/console/signin")
    assert people(app, merchant.merchant_id) == [("paul@dupont.example", "owner")]
    assert signed_in.get("/console/users").status_code == 303


def forms(uid):
    return [
        ("/console/users", {"email": "paul@dupont.example", "role": "designer"}),
        (f"/console/users/{uid}/role", {"role": "operator"}),
        (f"/console/users/{uid}/remove", {}),
    ]


def test_every_form_without_its_csrf_token_changes_nothing(
    app, signed_in, make_user, merchant, smtp_server
):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    before = people(app, merchant.merchant_id)
    for path, data in forms(user_id(app, DESIGNER)):
        assert signed_in.post(path, data=data).status_code == 400, path
        refused = signed_in.post(path, data={**data, "csrf": "x" * 43})
        assert refused.status_code == 400, path
        assert "nothing was changed. Reload the page and try again." in refused.text
    assert people(app, merchant.merchant_id) == before
    assert smtp_server.messages == []


def test_another_accounts_users_are_not_found(
    app, admin, make_user, merchant, other_merchant, owner
):
    make_user(merchant.merchant_id, DESIGNER, role="designer")
    make_user(other_merchant.merchant_id, OTHER)
    sign_in(admin, OTHER)
    page = admin.get("/console/users")
    assert DESIGNER not in page.text and OWNER not in page.text
    before = people(app, merchant.merchant_id)
    for path, data in forms(user_id(app, DESIGNER))[1:]:
        assert admin.post(path, data={**data, "csrf": csrf_of(page)}).status_code == 404, path
    assert people(app, merchant.merchant_id) == before


@pytest.mark.parametrize("role", ["designer", "operator"])
def test_only_owners_manage_users(app, admin, make_user, merchant, owner, smtp_server, role):
    make_user(merchant.merchant_id, DESIGNER, role=role)
    sign_in(admin, DESIGNER)
    refused = admin.get("/console/users")
    assert refused.status_code == 403
    assert "Only these roles can open this page: Owner." in refused.text
    before = people(app, merchant.merchant_id)
    token = csrf_of(admin.get("/console/"))
    for path, data in forms(user_id(app, OWNER)):
        assert admin.post(path, data={**data, "csrf": token}).status_code == 403, path
    assert people(app, merchant.merchant_id) == before
    assert smtp_server.messages == []
