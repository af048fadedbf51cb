"""The quote PDF as poppler reads it: who, what, how much, until when, and where to sign."""

from datetime import date
from decimal import Decimal

from monogram.documents.quote import quote_document
from tests import samples
from tests.documents import tools

NNBSP = "\u202f"
MINUS = "\u2212"


def quote(**changes):
    return {
        "number": "D-2026-0042",
        "revision": 1,
        "date": date(2026, 3, 3),
        "valid_until": date(2026, 4, 2),
        "locale": "fr",
        "merchant": "Imprimerie Éloïse",
        "logo": None,
        "buyer": {
            "name": "Jeanne Martin",
            "email": "jeanne@example.fr",
            "company": "Société d’Études",
            "phone": "+33 4 78 00 00 00",
        },
        "message": "Livraison avant le 15 avril, merci.",
        "product": "Cartes de visite",
        "quantity": 120,
        "currency": "EUR",
        "lines": [
            {"label": "Prix de base, à partir de 50 pièces : 10,00 €"},
            {"label": "Texte : 1 × 0,50 €"},
        ],
        "unit_price": 1050,
        "adjustments": [
            {"label": "Frais de calage", "amount": 2500},
            {"label": "Remise fidélité", "amount": -1000},
        ],
        "total": 1050 * 120 + 1500,
        "tax": 21250,
        "tax_included": True,
        "tax_rate": Decimal("20.00"),
        **changes,
    }


def write(tmp_path, **changes):
    path = tmp_path / "quote.pdf"
    path.write_bytes(quote_document(quote(**changes)))
    return path


def lines(text):
    return [
        " ".join(line.replace(NNBSP, " ").split()) for line in text.splitlines() if line.strip()
    ]


def test_a4_in_french_with_the_buyer_lines_totals_and_the_box_to_sign(tmp_path):
    path = write(tmp_path)
    assert tools.page_size(path) == (595.276, 841.89, "A4")
    found = lines(tools.text(path))
    assert found[0] == "Imprimerie Éloïse Devis"
    assert "Numéro D-2026-0042" in found
    assert "Date 3 mars 2026" in found
    assert "Valable jusqu’au 2 avril 2026" in found
    start = found.index("Établi pour")
    assert found[start + 1 : start + 5] == [
        "Société d’Études",
        "Jeanne Martin",
        "jeanne@example.fr",
        "+33 4 78 00 00 00",
    ]
    assert found[found.index("Votre demande") + 1] == "Livraison avant le 15 avril, merci."
    header = found.index("Désignation Qté Prix unitaire Montant")
    assert found[header + 1 : header + 7] == [
        "Cartes de visite 120 10,50 € 1 260,00 €",
        "Par pièce :",
        "Prix de base, à partir de 50 pièces : 10,00 €",
        "Texte : 1 × 0,50 €",
        "Frais de calage 1 25,00 € 25,00 €",
        f"Remise fidélité 1 {MINUS}10,00 € {MINUS}10,00 €",
    ]
    # Prices with tax: 1 275,00 holds 212,50 of VAT at 20 %.
    totals = found.index("Total HT 1 062,50 €")
    assert found[totals : totals + 4] == [
        "Total HT 1 062,50 €",
        "TVA (20 %) 212,50 €",
        "Total TTC 1 275,00 €",
        "Prix indiqués TTC.",
    ]
    assert "Bon pour accord" in found
    assert "D-2026-0042 · Page 1 sur 1" in found
    assert "Version" not in " ".join(found)


def test_english_prices_without_tax_and_a_later_revision(tmp_path):
    path = write(tmp_path, locale="en-GB", tax_included=False, total=127500, tax=25500, revision=3)
    found = lines(tools.text(path))
    assert found[0] == "Imprimerie Éloïse Quote"
    assert "Valid until 2 April 2026" in found
    assert "Revision 3" in found
    assert "Description Qty Unit price Amount" in found
    totals = found.index("Total excl. tax €1,275.00")
    assert found[totals : totals + 4] == [
        "Total excl. tax €1,275.00",
        "VAT (20 %) €255.00",
        "Total incl. tax €1,530.00",
        "Prices exclude VAT.",
    ]
    assert "Approved for order" in found
    assert "D-2026-0042 · Page 1 of 1" in found


def test_every_font_is_embedded(tmp_path):
    found = tools.fonts(write(tmp_path))
    assert found and all(row[2:] == ("yes", "yes", "yes") for row in found), found


def test_the_merchants_logo_is_drawn(tmp_path):
    logo = samples.png_io().getvalue()
    assert tools.images(write(tmp_path)) == []
    assert [(page) for page, _, _ in tools.images(write(tmp_path, logo=logo))] == [1]


def test_a_long_quote_runs_over_pages_each_numbered(tmp_path):
    many = [{"label": f"Option {n} : 0,10 €"} for n in range(1, 81)]
    path = write(tmp_path, lines=many)
    pages = tools.page_count(path)
    assert pages >= 2
    listed = []
    for page in range(1, pages + 1):
        found = lines(tools.text(path, page=page))
        assert f"D-2026-0042 · Page {page} sur {pages}" in found
        if page > 1:
            assert found[0] == "Devis D-2026-0042 (suite)"
        listed += [line for line in found if line.startswith("Option ")]
    assert listed == [f"Option {n} : 0,10 €" for n in range(1, 81)]
    last = lines(tools.text(path, page=pages))
    assert "Total TTC 1 275,00 €" in last and "Bon pour accord" in last


def test_the_same_quote_is_the_same_bytes():
    assert quote_document(quote()) == quote_document(quote())
