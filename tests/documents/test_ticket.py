"""The job ticket as poppler and ZBar read it: A4, fonts embedded, words and QR code right."""

from datetime import UTC, date, datetime

import pytest

from monogram.documents.ticket import job_ticket
from tests import samples
from tests.documents import tools

JOB = "job_4k2m9x7q1w3e5r8t0y6u2i4o1"
URL = f"https://monogram.example/workshop/jobs/{JOB}"


def ticket(**changes):
    return {
        "id": JOB,
        "url": URL,
        "locale": "fr",
        "order": "#1042",
        "line": "Cartes de visite élégantes",
        "product": "Carte de visite",
        "quantity": 250,
        "due": datetime(2025, 3, 1, 17, 0, tzinfo=UTC),
        "workshop": "Atelier Lyon — Sérigraphie",
        "areas": [
            {"name": "Recto", "technique": "digital_print", "proof": samples.png(1011, 661)},
            {"name": "Verso", "technique": "engraving", "proof": samples.png(1011, 661)},
        ],
        **changes,
    }


@pytest.fixture
def pdf(tmp_path):
    def write(**changes):
        path = tmp_path / "ticket.pdf"
        path.write_bytes(job_ticket(ticket(**changes)))
        return path

    return write


def lines(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_an_a4_page_in_french_with_every_accent(pdf):
    path = pdf()
    assert tools.page_size(path) == (595.276, 841.89, "A4")
    assert tools.page_count(path) == 1
    found = lines(tools.text(path))
    assert found[0] == "FICHE DE TRAVAIL"
    assert found[1] == JOB
    for expected in (
        "Commande #1042",
        "Article Cartes de visite élégantes",
        "Produit Carte de visite",
        "Quantité 250",
        "À expédier le 1er mars 2025",
        "Atelier Atelier Lyon — Sérigraphie",
        "Zones d’impression",
        "Recto — Impression numérique",
        "Verso — Gravure",
        "Expédition — à remplir à la main",
    ):
        assert any(line.startswith(expected) for line in found), (expected, found)
    assert f"{JOB} · Page 1 sur 1" in found


def test_every_font_is_embedded_dejavu(pdf):
    found = tools.fonts(pdf())
    assert sorted(name.split("+")[1] for name, *_ in found) == ["DejaVuSans", "DejaVuSans-Bold"]
    for name, kind, embedded, subset, unicode in found:
        assert (kind, embedded, subset, unicode) == ("TrueType", "yes", "yes", "yes"), name


def test_the_qr_code_opens_the_job_in_the_portal(pdf, tmp_path):
    assert tools.qr_codes(pdf(), tmp_path) == [URL]


def test_the_carrier_box_is_left_blank_for_handwriting(pdf):
    found = lines(tools.text(pdf(locale="en")))
    assert "Shipment — fill in by hand" in found
    assert "Carrier" in found
    assert "Tracking number" in found
    assert "Date Initials" in found


def test_english_labels_and_date(pdf):
    found = lines(tools.text(pdf(locale="en-GB", due=date(2025, 3, 3))))
    assert found[0] == "JOB TICKET"
    assert any(line.startswith("Ship by 3 March 2025") for line in found)
    assert any(line.startswith("Quantity 250") for line in found)
    assert "Recto — Digital print" in found
    assert f"{JOB} · Page 1 of 1" in found


def test_each_proof_image_is_placed_once_at_its_own_pixels(pdf):
    path = pdf(
        areas=[
            {"name": "Recto", "technique": "digital_print", "proof": samples.png(1011, 661)},
            {"name": "Verso", "technique": "engraving", "proof": None},
        ]
    )
    assert tools.images(path) == [(1, 1011, 661)]
    assert "Verso — Gravure (Pas d’image de BAT)" in lines(tools.text(path))


def test_areas_that_do_not_fit_continue_overleaf(pdf, tmp_path):
    areas = [
        {"name": f"Zone {n}", "technique": "embroidery", "proof": samples.png(400, 600)}
        for n in range(1, 8)
    ]
    path = pdf(locale="en", areas=areas)
    assert tools.page_count(path) == 2
    pages = [page for page, _, _ in tools.images(path)]
    assert len(pages) == 7 and pages == sorted(pages) and pages[0] == 1 and pages[-1] == 2
    overleaf = lines(tools.text(path, page=2))
    assert overleaf[0] == f"{JOB} (continued)"
    assert f"{JOB} · Page 2 of 2" in overleaf
    # The ticket itself — QR code and carrier box — is on the first page only.
    assert tools.qr_codes(path, tmp_path, page=2) == []
    assert "Carrier" not in overleaf


def test_the_same_ticket_is_the_same_bytes():
    assert job_ticket(ticket()) == job_ticket(ticket())
