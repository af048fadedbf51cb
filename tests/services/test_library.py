"""A customer's library forgets them on request (GDPR erasure) and keeps what orders need."""

from monogram.extensions.db import db
from monogram.models import Design
from monogram.services import library
from tests import samples
from tests.api.test_customers import as_customer


def test_erasure_takes_designs_out_of_the_library_and_keeps_them(
    app, client, merchant, product_id, font_id
):
    body = samples.design(product_id, font_id)
    mine = client.post("/v1/designs", headers=as_customer(merchant, "7"), json=body).json
    other = client.post("/v1/designs", headers=as_customer(merchant, "8"), json=body).json
    client.patch(
        f"/v1/customer/designs/{mine['id']}",
        headers=as_customer(merchant, "7"),
        json={"title": "Jeanne's cards"},
    )

    with app.app_context():
        assert library.forget_customer(merchant.store_id, "7") == 1
        db.session.commit()
        forgotten = db.session.get(Design, mine["id"])
        assert (forgotten.customer_ref, forgotten.title, forgotten.version_count) == (None, None, 1)
        assert db.session.get(Design, other["id"]).customer_ref == f"{merchant.store_id}:8"

    listed = client.get("/v1/customer/designs", headers=as_customer(merchant, "7")).json
    assert listed["designs"] == []
    reopened = client.get(f"/v1/customer/designs/{mine['id']}", headers=as_customer(merchant, "7"))
    assert reopened.status_code == 404

    with app.app_context():
        assert library.forget_store(merchant.store_id) == 1
        db.session.commit()
        assert db.session.get(Design, other["id"]).customer_ref is None
    # The designs themselves stay: orders may pin their versions.
    assert client.get(f"/v1/designs/{mine['id']}", headers=merchant.sk).status_code == 200
