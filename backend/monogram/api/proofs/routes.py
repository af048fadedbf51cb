"""/proof/<token>: the approver's page — see the proof, approve it or ask for changes, once."""

import hashlib
import hmac
import time
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, url_for

from monogram.errors import Conflict, NotFound
from monogram.extensions.db import db
from monogram.services import lifecycle, proofs

TEMPLATES = Path(__file__).resolve().parents[2] / "console" / "templates"

blp = Blueprint("proof", __name__, url_prefix="/proof", template_folder=str(TEMPLATES))

LOCALES = ("en", "fr")
NONCE_TTL = 24 * 3600  # s: a page left open for a day is reloaded before it can decide
TEXTS = {
    "en": {
        "title": "Proof for order {order}",
        "intro": "Please check every detail below: what you approve is exactly what will be "
        "printed.",
        "order": "Order",
        "product": "Product",
        "quantity": "Quantity",
        "revision": "Revision",
        "area": "Proof — {area}",
        "full_size": "Open {area} at full size",
        "mockup": "Mockup — {area}",
        "approve_legend": "Approve",
        "approve_check": "I approve this proof for production",
        "approve_button": "Approve for production",
        "changes_legend": "Request changes",
        "changes_label": "What should change?",
        "changes_button": "Request changes",
        "required": "required",
        "approved": "Thank you: the proof is approved and goes into production.",
        "changes_requested": "Thank you: your request was sent. You will receive a new proof.",
        "decided": "This proof has already been decided, or a newer revision replaced it.",
        "missing_check": "Tick the box to approve the proof.",
        "missing_comment": "Say what should change.",
        "stale": "This page is out of date; reload it and try again.",
        "gone_title": "Proof link not valid",
        "gone": "This link is unknown or has expired (links last 14 days). Reply to the proof "
        "e-mail or contact the shop, and they will send you a new link.",
        "language": "Language",
    },
    "fr": {
        "title": "BAT de la commande {order}",
        "intro": "Vérifiez chaque détail ci-dessous : ce que vous validez est exactement ce qui "
        "sera imprimé.",
        "order": "Commande",
        "product": "Produit",
        "quantity": "Quantité",
        "revision": "Version",
        "area": "BAT — {area}",
        "full_size": "Ouvrir {area} en taille réelle",
        "mockup": "Aperçu — {area}",
        "approve_legend": "Valider",
        "approve_check": "Je valide ce BAT pour la fabrication",
        "approve_button": "Valider pour la fabrication",
        "changes_legend": "Demander des modifications",
        "changes_label": "Que faut-il modifier ?",
        "changes_button": "Demander des modifications",
        "required": "obligatoire",
        "approved": "Merci : le BAT est validé et part en fabrication.",
        "changes_requested": "Merci : votre demande a été envoyée. Vous recevrez un nouveau BAT.",
        "decided": "Ce BAT a déjà fait l'objet d'une décision, ou une version plus récente l'a "
        "remplacé.",
        "missing_check": "Cochez la case pour valider le BAT.",
        "missing_comment": "Indiquez ce qu'il faut modifier.",
        "stale": "Cette page n'est plus à jour ; rechargez-la et recommencez.",
        "gone_title": "Lien de BAT non valide",
        "gone": "Ce lien est inconnu ou a expiré (les liens durent 14 jours). Répondez à l'e-mail "
        "du BAT ou contactez la boutique, qui vous enverra un nouveau lien.",
        "language": "Langue",
    },
}


def locale():
    lang = request.args.get("lang", "")
    if lang in LOCALES:
        return lang
    return request.accept_languages.best_match(LOCALES, default="en")


def _nonce_signature(token, issued):
    secret = current_app.config["MONOGRAM"].secret_key().encode()
    return hmac.new(secret, f"proof-form\n{token}\n{issued}".encode(), hashlib.sha256).hexdigest()


def nonce(token):
    """A hidden form value only this page could have issued: a forged form cannot post here."""
    issued = int(time.time())
    return f"{issued}.{_nonce_signature(token, issued)}"


def nonce_valid(token, value):
    issued, _, signature = (value or "").partition(".")
    if not issued.isdigit():
        return False
    fresh = time.time() - int(issued) < NONCE_TTL
    return fresh and hmac.compare_digest(_nonce_signature(token, int(issued)), signature)


def page(template, status=200, **context):
    lang = locale()
    html = render_template(template, lang=lang, t=TEXTS[lang], **context)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _proof_or_none(token):
    try:
        return proofs.by_token(token)
    except NotFound:
        return None


def proof_page(token, proof, status=200, message=None, error=None, comment=""):
    job = proof.job
    areas, mockups = proofs.proof_images(proof)
    query = {"lang": request.args["lang"]} if request.args.get("lang") in LOCALES else {}
    return page(
        "proof/proof.html",
        status=status,
        proof=proof,
        job=job,
        product_name=proofs.product_name(job),
        open=proofs.is_current(proof),
        areas=[(name[len("proof-") : -len(".png")], name) for name in areas],
        mockups=[(name[len("mockup-") : -len(".png")], name) for name in mockups],
        file_url=lambda name: url_for("proof.file", token=token, name=name),
        action=lambda kind: url_for(f"proof.{kind}", token=token, **query),
        switch={code: url_for("proof.show", token=token, lang=code) for code in LOCALES},
        nonce=nonce(token),
        message=message,
        error=error,
        comment=comment,
    )


def gone():
    return page("proof/gone.html", status=404)


@blp.get("/<token>")
def show(token):
    proof = _proof_or_none(token)
    if proof is None:
        return gone()
    return proof_page(token, proof)


@blp.get("/<token>/files/<name>")
def file(token, name):
    proof = _proof_or_none(token)
    if proof is None:
        return gone()
    try:
        data, media_type = proofs.proof_file(proof, name)
    except NotFound:
        return gone()
    response = Response(data, mimetype=media_type)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _decide(token, approved):
    proof = _proof_or_none(token)
    if proof is None:
        return gone()
    t = TEXTS[locale()]
    comment = (request.form.get("comment") or "").strip()
    if not nonce_valid(token, request.form.get("nonce")):
        return proof_page(token, proof, status=400, error=t["stale"], comment=comment)
    if approved and request.form.get("approve") != "yes":
        return proof_page(token, proof, status=422, error=t["missing_check"])
    if not approved and not comment:
        return proof_page(token, proof, status=422, error=t["missing_comment"])
    try:
        proofs.decide(
            proof,
            approved,
            comment,
            lifecycle.customer_actor(proof.email),
            request.remote_addr,
            request.headers.get("User-Agent", ""),
        )
    except Conflict:
        db.session.rollback()
        return proof_page(token, proofs.by_token(token), status=409, error=t["decided"])
    db.session.commit()
    message = t["approved"] if approved else t["changes_requested"]
    return proof_page(token, proof, message=message)


@blp.post("/<token>/approve")
def approve(token):
    return _decide(token, approved=True)


@blp.post("/<token>/changes")
def changes(token):
    return _decide(token, approved=False)
