"""/console/fonts: the library's and the merchant's fonts, each shown in itself; uploads."""

import re
from itertools import groupby

from flask import Response, redirect, request, url_for

from monogram.api.console.access import PAGE_POLICY, page_policy
from monogram.api.console.library import DESIGNERS, done_key, library_page
from monogram.api.console.library_texts import LIBRARY_TEXTS
from monogram.api.console.routes import blp, locale, requires
from monogram.errors import Conflict, MonogramError
from monogram.extensions.db import db
from monogram.services.fonts import (
    add_font,
    delete_font,
    font_file,
    font_media_type,
    font_users,
    get_font,
    list_fonts,
)

FONT_TYPES = ".ttf,.otf,.woff,.woff2,font/ttf,font/otf,font/woff,font/woff2"
# Samples are drawn with @font-face rules from a console stylesheet, fetched from this server.
FONTS_POLICY = PAGE_POLICY + "; font-src 'self'"
FACE_NAME = re.compile(r"[^A-Za-z0-9_-]")


def face(font):
    """The CSS name a font's sample is set in; ids are plain, this keeps them so."""
    return "f-" + FACE_NAME.sub("", font.id)


def _families(merchant_id):
    """[(family, own?, [fonts])]: the merchant's families first, then the library's."""
    found = list_fonts(merchant_id)
    return [
        (family, own, list(styles))
        for (own, family), styles in groupby(
            found, key=lambda font: (font.merchant_id is not None, font.family)
        )
    ]


def fonts_page(user, status=200, error=None, form=None):
    page_policy(FONTS_POLICY)
    families = _families(user.merchant_id)
    return library_page(
        "console/fonts.html",
        status=status,
        own=[row for row in families if row[1]],
        library=[row for row in families if not row[1]],
        face=face,
        error=error,
        form=form or {"licence_note": ""},
        done=done_key(),
        accept=FONT_TYPES,
    )


@blp.get("/fonts")
@requires(*DESIGNERS)
def fonts(user):
    return fonts_page(user)


@blp.post("/fonts")
@requires(*DESIGNERS)
def upload_font(user):
    lt = LIBRARY_TEXTS[locale()]
    form = {"licence_note": (request.form.get("licence_note") or "").strip()[:4000]}
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return fonts_page(user, 422, lt["font_needs_file"], form)
    if not form["licence_note"]:
        return fonts_page(user, 422, lt["font_needs_licence"], form)
    try:
        add_font(user.merchant_id, upload.read(), upload.filename, form["licence_note"])
    except Conflict:
        db.session.rollback()
        return fonts_page(user, 409, lt["font_known"], form)
    except MonogramError as refused:
        db.session.rollback()
        return fonts_page(user, 422, lt["font_refused"].format(reason=refused.message), form)
    db.session.commit()
    return redirect(url_for("console.fonts", done="uploaded"), 303)


@blp.post("/fonts/<font_id>/delete")
@requires(*DESIGNERS)
def delete_own_font(user, font_id):
    lt = LIBRARY_TEXTS[locale()]
    try:
        delete_font(user.merchant_id, font_id)
    except Conflict:
        db.session.rollback()
        products, templates, designs = font_users(user.merchant_id, font_id)
        users = [*products, *templates]
        if designs:
            users.append(lt["designs_count"].format(count=designs))
        return fonts_page(user, 409, lt["font_in_use"].format(users=", ".join(users)))
    db.session.commit()
    return redirect(url_for("console.fonts", done="font_deleted"), 303)


@blp.get("/fonts/faces.css")
@requires(*DESIGNERS)
def font_faces(user):
    """One @font-face and one class per font the merchant may use, for the samples."""
    rules = []
    for font in list_fonts(user.merchant_id):
        src = url_for("console.font_sample_file", font_id=font.id)
        kind = "truetype" if font.outlines == "truetype" else "opentype"
        rules.append(
            f'@font-face {{ font-family: "{face(font)}"; src: url("{src}") format("{kind}"); '
            "font-display: swap; }\n"
            f'.sample.{face(font)} {{ font-family: "{face(font)}", serif; }}\n'
        )
    # Not cached (the console's no-store): a font just uploaded has its rule on the next page.
    return Response("".join(rules), mimetype="text/css")


@blp.get("/fonts/<font_id>/file")
@requires(*DESIGNERS)
def font_sample_file(user, font_id):
    """The file itself (not WOFF2): nothing to compress before the page can show its samples."""
    font = get_font(user.merchant_id, None, font_id)
    response = Response(font_file(font), mimetype=font_media_type(font))
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
