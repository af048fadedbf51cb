"""Console workshops: the list with open jobs, a workshop's form and people, dispatch rules."""

import re

import pytest
import sqlalchemy as sa

from monogram.extensions.db import db
from monogram.models import DispatchRule, Workshop, WorkshopUser
from tests.console.conftest import alert, csrf_of, sign_in
from tests.console.test_pages import order

OPERATOR = "paul@dupont.example"
OTHER = "marc@martin.example"


def stored(app, model, *where):
    with app.app_context():
        query = sa.select(model).where(*where)
        if hasattr(model, "position"):
            query = query.order_by(model.position)
        return [
            {c.name: getattr(row, c.name) for c in model.__table__.columns}
            for row in db.session.scalars(query)
        ]


def workshop_of(app, merchant_id, name, **fields):
    with app.app_context():
        found = Workshop(merchant_id=merchant_id, name=name, **fields)
        db.session.add(found)
        db.session.commit()
        return found.id


def rule_of(app, merchant_id, workshop_id, position, **fields):
    with app.app_context():
        rule = DispatchRule(
            merchant_id=merchant_id, workshop_id=workshop_id, position=position, **fields
        )
        db.session.add(rule)
        db.session.commit()
        return rule.id


def rule_order(response):
    assert response.status_code == 200, response.text
    return re.findall(r'<tr data-rule="([^"]+)">', response.text)


@pytest.fixture
def operator(make_user, merchant):
    make_user(merchant.merchant_id, OPERATOR, role="operator")
    return OPERATOR


def test_the_list_shows_each_workshop_its_contact_techniques_and_open_jobs(
    app, client, admin, operator, merchant, product_id, font_id
):
    bench = workshop_of(app, merchant.merchant_id, "Atelier Lyon", email="lyon@dupont.example")
    other = workshop_of(app, merchant.merchant_id, "Brodeuse", kind="subcontractor")
    rule_of(app, merchant.merchant_id, bench, 0, product_id=product_id)
    rule_of(app, merchant.merchant_id, other, 1, technique="embroidery")
    order(client, merchant, product_id, font_id, "1")  # ready, dispatched to Atelier Lyon
    sign_in(admin, operator)

    page = admin.get("/console/workshops")
    assert page.status_code == 200
    lyon = re.search(rf'<tr data-workshop="{bench}">(.*?)</tr>', page.text, re.S).group(1)
    assert "Atelier Lyon" in lyon and "In-house" in lyon and "lyon@dupont.example" in lyon
    assert "Any technique" in lyon and '<td class="number">1</td>' in lyon
    brodeuse = re.search(rf'<tr data-workshop="{other}">(.*?)</tr>', page.text, re.S).group(1)
    assert "Subcontractor" in brodeuse and "No e-mail" in brodeuse and "Embroidery" in brodeuse
    assert '<td class="number">0</td>' in brodeuse
    assert 'href="/console/workshops"' in page.text  # in the menu
    french = admin.get("/console/workshops?lang=fr").text
    assert "Broderie" in french and "Sous-traitant" in french


def test_creating_a_workshop_stores_it_and_a_new_default_replaces_the_old(
    app, admin, owner, merchant
):
    old = workshop_of(app, merchant.merchant_id, "Ancien", is_default=True)
    sign_in(admin, owner)
    csrf = csrf_of(admin.get("/console/workshops"))
    form = {"csrf": csrf, "name": " Atelier Nantes ", "kind": "subcontractor",
            "email": "nantes@dupont.example", "default": "1"}  # fmt: skip
    response = admin.post("/console/workshops", data=form)
    assert response.status_code == 303
    made = stored(app, Workshop, Workshop.name == "Atelier Nantes")
    assert len(made) == 1
    assert (made[0]["kind"], made[0]["email"], made[0]["is_default"]) == (
        "subcontractor",
        "nantes@dupont.example",
        True,
    )
    assert response.headers["Location"].endswith(f"/console/workshops/{made[0]['id']}")
    assert not stored(app, Workshop, Workshop.id == old)[0]["is_default"]
    page = admin.get(response.headers["Location"])
    assert "The workshop is added." in page.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "Give the workshop a name (up to 200 characters)."),
        ({"kind": "partner"}, "Choose whether the workshop is in-house or a subcontractor."),
        ({"email": "lyon at dupont"}, "This is not an e-mail address; correct it or leave"),
    ],
)
def test_a_bad_workshop_form_is_a_422_that_keeps_the_form_and_stores_nothing(
    app, admin, owner, merchant, fields, message
):
    sign_in(admin, owner)
    csrf = csrf_of(admin.get("/console/workshops"))
    form = {"csrf": csrf, "name": "Atelier Lyon", "kind": "in_house", "email": "", **fields}
    response = admin.post("/console/workshops", data=form)
    assert response.status_code == 422
    assert alert(response).startswith(message)
    assert f'value="{form["name"].strip()}"' in response.text
    assert stored(app, Workshop, Workshop.merchant_id == merchant.merchant_id) == []


def test_editing_a_workshop_saves_it_and_bad_input_changes_nothing(app, admin, owner, merchant):
    bench = workshop_of(app, merchant.merchant_id, "Atelier Lyon", email="lyon@dupont.example")
    sign_in(admin, owner)
    page = admin.get(f"/console/workshops/{bench}")
    assert page.status_code == 200 and 'value="Atelier Lyon"' in page.text
    csrf = csrf_of(page)
    bad = admin.post(f"/console/workshops/{bench}", data={"csrf": csrf, "name": "", "kind": "x"})
    assert bad.status_code == 422
    assert alert(bad) == "Give the workshop a name (up to 200 characters)."
    assert stored(app, Workshop, Workshop.id == bench)[0]["name"] == "Atelier Lyon"

    form = {"csrf": csrf, "name": "Atelier Lyon 7e", "kind": "in_house", "email": ""}
    response = admin.post(f"/console/workshops/{bench}", data=form)
    assert response.status_code == 303
    saved = stored(app, Workshop, Workshop.id == bench)[0]
    assert (saved["name"], saved["email"], saved["is_default"]) == ("Atelier Lyon 7e", None, False)
    assert "The workshop is saved." in admin.get(f"/console/workshops/{bench}").text


def test_people_are_invited_by_email_and_removed(app, admin, owner, merchant, smtp_server):
    bench = workshop_of(app, merchant.merchant_id, "Atelier Lyon")
    sign_in(admin, owner)
    csrf = csrf_of(admin.get(f"/console/workshops/{bench}"))
    form = {"csrf": csrf, "email": "Julie@Lyon.example", "name": "Julie"}
    response = admin.post(f"/console/workshops/{bench}/people", data=form)
    assert response.status_code == 303
    people = stored(app, WorkshopUser, WorkshopUser.workshop_id == bench)
    assert [(p["email"], p["name"], p["password_hash"]) for p in people] == [
        ("julie@lyon.example", "Julie", None)
    ]
    page = admin.get(f"/console/workshops/{bench}")
    assert "The invitation is sent by e-mail." in page.text
    assert "Invited, has not chosen a password yet" in page.text

    again = admin.post(f"/console/workshops/{bench}/people", data=form)
    assert again.status_code == 422
    assert alert(again) == (
        "Julie@Lyon.example already has a workshop portal account; each person has one."
    )
    bad = admin.post(f"/console/workshops/{bench}/people", data={**form, "email": "julie"})
    assert bad.status_code == 422
    assert alert(bad) == "Enter the e-mail address of the person to invite."
    assert len(stored(app, WorkshopUser, WorkshopUser.workshop_id == bench)) == 1

    person = people[0]["id"]
    removed = admin.post(f"/console/workshops/{bench}/people/{person}/remove", data={"csrf": csrf})
    assert removed.status_code == 303
    assert stored(app, WorkshopUser, WorkshopUser.id == person)[0]["disabled_at"] is not None
    assert "julie@lyon.example" not in admin.get(f"/console/workshops/{bench}").text


def test_closing_a_workshop_deletes_its_rules_and_hides_it(app, admin, owner, merchant):
    bench = workshop_of(app, merchant.merchant_id, "Atelier Lyon")
    rule_of(app, merchant.merchant_id, bench, 0, technique="engraving")
    sign_in(admin, owner)
    csrf = csrf_of(admin.get(f"/console/workshops/{bench}"))
    response = admin.post(f"/console/workshops/{bench}/archive", data={"csrf": csrf})
    assert response.status_code == 303
    assert stored(app, Workshop, Workshop.id == bench)[0]["archived_at"] is not None
    assert stored(app, DispatchRule, DispatchRule.workshop_id == bench) == []
    page = admin.get("/console/workshops")
    assert "The workshop is closed" in page.text and f'data-workshop="{bench}"' not in page.text
    assert admin.get(f"/console/workshops/{bench}").status_code == 404


def test_rules_are_added_edited_ordered_and_deleted(app, admin, operator, merchant, product_id):
    lyon = workshop_of(app, merchant.merchant_id, "Atelier Lyon")
    nantes = workshop_of(app, merchant.merchant_id, "Atelier Nantes")
    sign_in(admin, operator)
    csrf = csrf_of(admin.get("/console/workshops"))
    rules = lambda: stored(app, DispatchRule, DispatchRule.merchant_id == merchant.merchant_id)  # noqa: E731

    first = {"csrf": csrf, "workshop": lyon, "technique": "engraving", "product": "", "store": ""}
    assert admin.post("/console/dispatch-rules", data=first).status_code == 303
    second = {"csrf": csrf, "workshop": nantes, "technique": "", "product": product_id,
              "store": merchant.store_id}  # fmt: skip
    assert admin.post("/console/dispatch-rules", data=second).status_code == 303
    found = rules()
    assert [(r["position"], r["workshop_id"], r["technique"], r["product_id"], r["store_id"])
            for r in found] == [
        (0, lyon, "engraving", None, None),
        (1, nantes, None, product_id, merchant.store_id),
    ]  # fmt: skip
    page = admin.get("/console/workshops")
    assert "The rule is added" in page.text
    assert rule_order(page) == [found[0]["id"], found[1]["id"]]

    move = {"csrf": csrf, "direction": "up"}
    moved = admin.post(f"/console/dispatch-rules/{found[1]['id']}/move", data=move)
    assert moved.status_code == 303
    assert rule_order(admin.get("/console/workshops")) == [found[1]["id"], found[0]["id"]]
    assert [r["id"] for r in rules()] == [found[1]["id"], found[0]["id"]]

    edit = admin.get(f"/console/dispatch-rules/{found[0]['id']}")
    assert edit.status_code == 200 and "Dispatch rule 2" in edit.text
    change = {
        "csrf": csrf,
        "workshop": nantes,
        "technique": "laser_cut",
        "product": "",
        "store": "",
    }
    assert admin.post(f"/console/dispatch-rules/{found[0]['id']}", data=change).status_code == 303
    changed = next(r for r in rules() if r["id"] == found[0]["id"])
    assert (changed["workshop_id"], changed["technique"]) == (nantes, "laser_cut")

    gone = admin.post(f"/console/dispatch-rules/{found[1]['id']}/delete", data={"csrf": csrf})
    assert gone.status_code == 303
    assert [(r["id"], r["position"]) for r in rules()] == [(found[0]["id"], 0)]


def test_a_bad_rule_is_a_422_and_stores_nothing(app, admin, owner, merchant, other_merchant):
    lyon = workshop_of(app, merchant.merchant_id, "Atelier Lyon")
    theirs = workshop_of(app, other_merchant.merchant_id, "Chez Martin")
    sign_in(admin, owner)
    csrf = csrf_of(admin.get("/console/workshops"))
    for fields, message in (
        ({"workshop": ""}, "Choose the workshop this rule sends jobs to."),
        ({"workshop": theirs}, "One of the choices no longer exists; choose again."),
        ({"workshop": lyon, "technique": "knitting"}, "One of the choices no longer exists"),
        ({"workshop": lyon, "product": "prd_nope"}, "One of the choices no longer exists"),
    ):
        response = admin.post("/console/dispatch-rules", data={"csrf": csrf, **fields})
        assert response.status_code == 422, fields
        assert alert(response).startswith(message)
    rule = rule_of(app, merchant.merchant_id, lyon, 0)
    edit = {"csrf": csrf, "workshop": theirs}
    response = admin.post(f"/console/dispatch-rules/{rule}", data=edit)
    assert response.status_code == 422
    assert (
        stored(app, DispatchRule, DispatchRule.merchant_id == merchant.merchant_id)[0][
            "workshop_id"
        ]
        == lyon
    )
    assert stored(app, DispatchRule, DispatchRule.merchant_id == other_merchant.merchant_id) == []


def test_forms_without_the_csrf_token_change_nothing(app, admin, owner, merchant):
    bench = workshop_of(app, merchant.merchant_id, "Atelier Lyon")
    rule = rule_of(app, merchant.merchant_id, bench, 0)
    sign_in(admin, owner)
    for path, data in (
        ("/console/workshops", {"name": "Nouveau", "kind": "in_house"}),
        (f"/console/workshops/{bench}", {"name": "Renommé", "kind": "in_house"}),
        (f"/console/workshops/{bench}/people", {"email": "julie@lyon.example"}),
        (f"/console/workshops/{bench}/archive", {}),
        ("/console/dispatch-rules", {"workshop": bench}),
        (f"/console/dispatch-rules/{rule}", {"workshop": bench, "technique": "engraving"}),
        (f"/console/dispatch-rules/{rule}/move", {"direction": "down"}),
        (f"/console/dispatch-rules/{rule}/delete", {}),
    ):
        response = admin.post(path, data=data)
        assert response.status_code == 400, path
    found = stored(app, Workshop, Workshop.merchant_id == merchant.merchant_id)
    assert [(w["name"], w["archived_at"]) for w in found] == [("Atelier Lyon", None)]
    assert stored(app, WorkshopUser, WorkshopUser.workshop_id == bench) == []
    rules = stored(app, DispatchRule, DispatchRule.merchant_id == merchant.merchant_id)
    assert [(r["id"], r["technique"]) for r in rules] == [(rule, None)]


def test_merchant_bs_user_gets_404_for_merchant_as_workshops_and_rules(
    app, admin, merchant, other_merchant, make_user
):
    bench = workshop_of(app, merchant.merchant_id, "Atelier Lyon")
    rule = rule_of(app, merchant.merchant_id, bench, 0)
    with app.app_context():
        person = WorkshopUser(workshop_id=bench, email="julie@lyon.example")
        db.session.add(person)
        db.session.commit()
        person = person.id
    make_user(other_merchant.merchant_id, OTHER)
    sign_in(admin, OTHER)
    listed = admin.get("/console/workshops")
    assert "Atelier Lyon" not in listed.text and rule not in listed.text
    csrf = csrf_of(listed)
    for path in (f"/console/workshops/{bench}", f"/console/dispatch-rules/{rule}"):
        assert admin.get(path).status_code == 404, path
    for path, data in (
        (f"/console/workshops/{bench}", {"name": "Volé", "kind": "in_house"}),
        (f"/console/workshops/{bench}/people", {"email": "pirate@martin.example"}),
        (f"/console/workshops/{bench}/people/{person}/remove", {}),
        (f"/console/workshops/{bench}/archive", {}),
        (f"/console/dispatch-rules/{rule}", {"workshop": bench}),
        (f"/console/dispatch-rules/{rule}/move", {"direction": "down"}),
        (f"/console/dispatch-rules/{rule}/delete", {}),
    ):
        response = admin.post(path, data={"csrf": csrf, **data})
        assert response.status_code == 404, path
        assert "There is no such page or record in your account." in response.text
    assert stored(app, Workshop, Workshop.id == bench)[0]["name"] == "Atelier Lyon"
    assert stored(app, Workshop, Workshop.id == bench)[0]["archived_at"] is None
    assert stored(app, WorkshopUser, WorkshopUser.id == person)[0]["disabled_at"] is None
    assert len(stored(app, DispatchRule, DispatchRule.id == rule)) == 1


def test_a_designer_gets_the_403_page(app, admin, merchant, make_user):
    bench = workshop_of(app, merchant.merchant_id, "Atelier Lyon")
    rule = rule_of(app, merchant.merchant_id, bench, 0)
    make_user(merchant.merchant_id, OPERATOR, role="designer")
    sign_in(admin, OPERATOR)
    assert 'href="/console/workshops"' not in admin.get("/console/").text
    for path in ("/console/workshops", f"/console/workshops/{bench}",
                 f"/console/dispatch-rules/{rule}"):  # fmt: skip
        response = admin.get(path)
        assert response.status_code == 403, path
        assert "Only these roles can open this page: Owner, Operator." in response.text
    csrf = csrf_of(admin.get("/console/"))
    response = admin.post(f"/console/dispatch-rules/{rule}/delete", data={"csrf": csrf})
    assert response.status_code == 403
    assert len(stored(app, DispatchRule, DispatchRule.id == rule)) == 1
