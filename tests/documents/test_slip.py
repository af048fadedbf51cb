"""The packing slip as poppler and ZBar read it: the parcel's contents in the customer's words."""

from datetime import UTC, datetime

from monogram.documents.slip import packing_slip
from tests.documents import tools

ORDER = "ord_7h3j5k1l9z2x4c6v8b0n3m5q7"
JOBS = ["job_1aaaaaaaaaaaaaaaaaaaaaaaa", "job_2bbbbbbbbbbbbbbbbbbbbbbbb"]


def slip(**changes):
    return {
        "order_id": ORDER,
        "order": "#1042",
        "date": datetime(2025, 3, 3, 9, 30, tzinfo=UTC),
        "shop": "Boutique Éloïse",
        "locale": "fr",
        "address": {
            "name": "Jeanne Dupont",
            "company": "Société d’Études",
            "address1": "12 rue de l’Église",
            "address2": "Bâtiment B",
            "zip": "69001",
            "city": "Lyon",
            "country_code": "FR",
            "phone": "+33 4 78 00 00 00",
        },
        "lines": [
            {"title": "Cartes de visite", "quantity": 250, "job": JOBS[0]},
            {"title": "Tampon gravé", "quantity": 2, "job": JOBS[1]},
        ],
        **changes,
    }


def write(tmp_path, **changes):
    path = tmp_path / "slip.pdf"
    path.write_bytes(packing_slip(slip(**changes)))
    return path


def lines(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_a4_in_french_with_the_address_and_each_line(tmp_path):
    path = write(tmp_path)
    assert tools.page_size(path) == (595.276, 841.89, "A4")
    found = lines(tools.text(path))
    assert found[0] == "Boutique Éloïse"
    assert "Bon de livraison" in found
    assert "Commande #1042" in found
    assert "Date de commande 3 mars 2025" in found
    start = found.index("Livrer à")
    assert found[start + 1 : start + 8] == [
        "Jeanne Dupont",
        "Société d’Études",
        "12 rue de l’Église",
        "Bâtiment B",
        "69001 Lyon",
        "FR",
        "+33 4 78 00 00 00",
    ]
    header = found.index("Article Quantité Travail")
    assert found[header + 1 : header + 3] == [
        f"Cartes de visite 250 {JOBS[0]}",
        f"Tampon gravé 2 {JOBS[1]}",
    ]
    assert "#1042 · Page 1 sur 1" in found


def test_every_font_is_embedded(tmp_path):
    found = tools.fonts(write(tmp_path))
    assert found and all(row[2:] == ("yes", "yes", "yes") for row in found), found


def test_the_qr_code_is_the_order_id(tmp_path):
    assert tools.qr_codes(write(tmp_path), tmp_path) == [ORDER]


def test_english_for_an_english_customer_and_a_dash_without_address(tmp_path):
    found = lines(tools.text(write(tmp_path, locale="en-US", address=None)))
    assert "Packing slip" in found
    assert "Order date 3 March 2025" in found
    assert found[found.index("Ship to") + 1] == "—"
    assert "Item Quantity Job" in found


def test_a_long_order_continues_with_its_header_on_every_page(tmp_path):
    many = [{"title": f"Article {n}", "quantity": n, "job": f"job_{n:025d}"} for n in range(1, 46)]
    path = write(tmp_path, locale="en", lines=many)
    assert tools.page_count(path) == 2
    first, second = lines(tools.text(path, page=1)), lines(tools.text(path, page=2))
    assert second[0] == "Packing slip #1042 (continued)"
    assert "Item Quantity Job" in first and "Item Quantity Job" in second
    listed = [line for line in first + second if line.startswith("Article ")]
    assert listed == [f"Article {n} {n} job_{n:025d}" for n in range(1, 46)]
    assert "#1042 · Page 2 of 2" in second


def test_the_same_slip_is_the_same_bytes():
    assert packing_slip(slip()) == packing_slip(slip())
