"""/proof/<token>: the approver's page — decide once, or edit the design for a new revision."""

import hashlib
import hmac
import time
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, request, url_for

from monogram.errors import Conflict, NotFound
from monogram.extensions.db import db
from monogram.extensions.security import WIDGET_PAGE_POLICY, page_policy
from monogram.services import lifecycle, mailer, proofs, signing

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
        "forwarded": "Thank you: your approval is recorded. The proof now goes to {manager}, "
        "whose approval starts production.",
        "changes_requested": "Thank you: your request was sent. You will receive a new proof.",
        "decided": "This proof has already been decided, or a newer revision replaced it.",
        "missing_check": "Tick the box to approve the proof.",
        "missing_comment": "Say what should change.",
        "stale": "This page is out of date; reload it and try again.",
        "gone_title": "Proof link not valid",
        "gone": "This link is unknown or has expired (links last 14 days). Reply to the proof "
        "e-mail or contact the shop, and they will send you a new link.",
        "language": "Language",
        "ordered_by": "Ordered by",
        "company": "Company",
        "buyer_approved": "Approved by the buyer",
        "manager_intro": "{buyer} approved this proof. As the manager of {company}, your "
        "approval starts production.",
        "manager_intro_plain": "{buyer} approved this proof. Your approval starts production.",
        "changes_asked": "Changes were requested: “{comment}”",
        "edit_link": "Edit my design",
        "edit_title": "Edit your design for order {order}",
        "edit_intro": "Change your design in the editor and save it. Then ask for the new proof: "
        "it will reach you by e-mail, to check and approve as before.",
        "back": "Back to the proof",
        "saved": "Your changes are saved.",
        "revise_button": "Send me the new proof",
        "revised": "Thank you: the new proof is being prepared and will reach you by e-mail "
        "in a few minutes.",
        "unchanged": "Your design has not changed since this proof: save your changes in the "
        "editor first.",
        "not_editable": "This design can no longer be changed from this link.",
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
        "forwarded": "Merci : votre accord est enregistré. Le BAT part maintenant chez {manager}, "
        "dont l'accord lance la fabrication.",
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
        "ordered_by": "Commandé par",
        "company": "Société",
        "buyer_approved": "Validé par l'acheteur",
        "manager_intro": "{buyer} a validé ce BAT. En tant que responsable de {company}, votre "
        "accord lance la fabrication.",
        "manager_intro_plain": "{buyer} a validé ce BAT. Votre accord lance la fabrication.",
        "changes_asked": "Des modifications ont été demandées : « {comment} »",
        "edit_link": "Modifier mon design",
        "edit_title": "Modifier votre design pour la commande {order}",
        "edit_intro": "Modifiez votre design dans l'éditeur et enregistrez-le. Demandez ensuite le "
        "nouveau BAT : il vous parviendra par e-mail, à vérifier et valider comme le précédent.",
        "back": "Retour au BAT",
        "saved": "Vos modifications sont enregistrées.",
        "revise_button": "Envoyez-moi le nouveau BAT",
        "revised": "Merci : le nouveau BAT est en préparation et vous parviendra par e-mail dans "
        "quelques minutes.",
        "unchanged": "Votre design n'a pas changé depuis ce BAT : enregistrez d'abord vos "
        "modifications dans l'éditeur.",
        "not_editable": "Ce design ne peut plus être modifié depuis ce lien.",
    },
}


def locale(proof=None):
    """?lang= first, then the approver's language from the order, then the browser's."""
    lang = request.args.get("lang", "")
    if lang in LOCALES:
        return lang
    approver = proofs.locale_of(proof) if proof is not None else None
    if approver and mailer.language_of(approver) in LOCALES:
        return mailer.language_of(approver)
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
    if not (issued.isascii() and issued.isdigit()):
        return False
    fresh = time.time() - int(issued) < NONCE_TTL
    return fresh and signing.same(_nonce_signature(token, int(issued)), signature)


def page(template, status=200, proof=None, **context):
    lang = locale(proof)
    html = render_template(
        template, lang=lang, t=TEXTS[lang], proof=proof, long_date=mailer.long_date, **context
    )
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


def _query():
    return {"lang": request.args["lang"]} if request.args.get("lang") in LOCALES else {}


def proof_page(token, proof, status=200, message=None, error=None, comment=""):
    job = proof.job
    areas, mockups = proofs.proof_images(proof)
    query = _query()
    return page(
        "proof/proof.html",
        status=status,
        proof=proof,
        job=job,
        product_name=proofs.product_name(job),
        open=proofs.is_current(proof),
        manager=proofs.manager_context(proof) if proof.stage == "manager" else None,
        request_made=proofs.last_request(job) if proofs.editable(proof) else None,
        edit_url=url_for("proof.edit", token=token, **query) if proofs.editable(proof) else None,
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


def edit_page(token, proof, status=200, error=None):
    job = proof.job
    page_policy(WIDGET_PAGE_POLICY)  # the editor runs on this page
    query = _query()
    return page(
        "proof/edit.html",
        status=status,
        proof=proof,
        job=job,
        token=token,
        editable=proofs.editable(proof),
        changed=proofs.design_changed(proof),
        widget_url=url_for("widget.widget_file", filename="monogram.js"),
        back_url=url_for("proof.show", token=token, **query),
        action=lambda kind: url_for(f"proof.{kind}", token=token, **query),
        switch={code: url_for("proof.edit", token=token, lang=code) for code in LOCALES},
        nonce=nonce(token),
        error=error,
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
    t = TEXTS[locale(proof)]
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
    if approved and proof.job.status == "proof_sent":
        # The buyer approved a customer_then_manager proof: their manager decides next.
        message = t["forwarded"].format(manager=proof.job.manager_email)
    return proof_page(token, proof, message=message)


@blp.post("/<token>/approve")
def approve(token):
    return _decide(token, approved=True)


@blp.post("/<token>/changes")
def changes(token):
    return _decide(token, approved=False)


@blp.get("/<token>/edit")
def edit(token):
    """The editor on this proof's design, the link standing for the design token."""
    proof = _proof_or_none(token)
    if proof is None:
        return gone()
    if not proofs.editable(proof):
        return edit_page(token, proof, status=409, error=TEXTS[locale(proof)]["not_editable"])
    return edit_page(token, proof)


@blp.post("/<token>/revise")
def revise(token):
    """The buyer saved a new design: render it and send them the next revision."""
    proof = _proof_or_none(token)
    if proof is None:
        return gone()
    t = TEXTS[locale(proof)]
    if not nonce_valid(token, request.form.get("nonce")):
        return edit_page(token, proof, status=400, error=t["stale"])
    if not proofs.editable(proof):
        return edit_page(token, proof, status=409, error=t["not_editable"])
    if not proofs.design_changed(proof):
        return edit_page(token, proof, status=409, error=t["unchanged"])
    try:
        proofs.revise(
            proof,
            lifecycle.customer_actor(proof.email),
            request.remote_addr,
            request.headers.get("User-Agent", ""),
        )
    except Conflict:
        db.session.rollback()  # a decision or a revision from elsewhere came first
        return edit_page(token, proofs.by_token(token), status=409, error=t["not_editable"])
    db.session.commit()
    return proof_page(token, proof, message=t["revised"])
