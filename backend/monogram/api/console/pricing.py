"""/console/pricing: product price rules, the live price calculator, and (pricing_quotes) quotes."""

import re
from decimal import Decimal
from types import SimpleNamespace

import sqlalchemy as sa
from flask import jsonify, redirect, render_template, request, url_for
from marshmallow import ValidationError

from monogram.api.console.pricing_quotes import percent
from monogram.api.console.pricing_texts import PRICING_TEXTS
from monogram.api.console.routes import blp, locale, page, requires
from monogram.api.price_rules.schemas import PriceRuleInSchema, StorePricingInSchema
from monogram.document.pointers import messages_to_pointers
from monogram.errors import Invalid
from monogram.extensions.db import db
from monogram.models import Company, PriceList, PriceRule, Product, Store, Template
from monogram.models.pricing import ROUNDINGS
from monogram.models.product import TECHNIQUES
from monogram.services import price_rules, prices, pricing, products
from monogram.services.lookup import owned
from monogram.services.price_labels import label as technique_label
from monogram.services.price_labels import money

ROLES = ("owner", "designer")
# The notices a page reached after a form may show (?done=…).
DONE = ("deleted", "terms_saved")
# Empty tier rows under the rule's own, so a tier is added without script.
SPARE_TIERS = 3
SPARE_TEMPLATES = 2
# (field, most) of what the calculator counts on each area; kept under the document's limits.
AREA_COUNTS = (("texts", 100), ("characters", 10000), ("images", 100), ("inks", 50))
AREA_SIZES = ("width", "height")
MAX_QUANTITY = 10**6
# The calculator's pieces of artwork name a font and an image; a price reads neither file.
SAMPLE_FONT = "fnt_calculator"
SAMPLE_ASSET = "ast_calculator"
_AMOUNT = re.compile(r"\d+(\.\d+)?")
_COUNT = re.compile(r"\d+")
_rule_schema = PriceRuleInSchema()
_terms_schema = StorePricingInSchema()


class FormError(Exception):
    """A value of a console form that cannot be read; its message says which and why."""


def pricing_texts():
    return PRICING_TEXTS[locale()]


def pricing_page(template, status=200, **context):
    return page(template, status=status, pt=pricing_texts(), **context)


# What the pages show ------------------------------------------------------------------------


def _stores(merchant_id):
    """The merchant's stores, the main one first."""
    return db.session.scalars(
        sa.select(Store)
        .where(Store.merchant_id == merchant_id)
        .order_by((Store.role != "main"), Store.name, Store.id)
    ).all()


def _exponent(currency):
    return pricing.StoreTerms(currency=currency).exponent


def _currency(merchant_id):
    """Rules hold minor units of no currency in particular: they are read in the main store's."""
    stores = _stores(merchant_id)
    return stores[0].currency if stores else "EUR"


def _money(minor, currency):
    return money(minor, currency, _exponent(currency), locale())


def _rules(merchant_id):
    """{product id: PriceRule} of the merchant."""
    found = db.session.scalars(sa.select(PriceRule).where(PriceRule.merchant_id == merchant_id))
    return {rule.product_id: rule for rule in found}


def _summary(rule, currency):
    """A rule in a line: its tiers' lowest price and the kinds of surcharge it charges."""
    pt = pricing_texts()
    tiers = [tier for entry in rule.base_prices or [] for tier in entry["tiers"]]
    if not tiers:
        base = pt["shop_price"]
    else:
        lowest = _money(min(tier["unit_price"] for tier in tiers), currency)
        key = "tiers_summary" if len(tiers) > 1 else "tier_summary"
        base = pt[key].format(count=len(tiers), price=lowest)
    charges = rule.surcharges or {}
    kinds = [pt["kind_words"][kind] for kind in pricing.COUNTED if charges.get(kind)]
    if charges.get("square_cm"):
        kinds.append("cm²")
    kinds += [
        technique_label(locale(), f"technique:{name}") for name in charges.get("technique", {})
    ]
    if charges.get("template"):
        kinds.append(pt["templates"].lower())
    if not kinds:
        return base
    # French sets a no-break space before a semicolon.
    separator = "\u00a0; " if locale() == "fr" else "; "
    return base + separator + pt["surcharges_summary"].format(kinds=", ".join(kinds))


def _store_terms(merchant_id):
    return [(store, price_rules.store_pricing(store)) for store in _stores(merchant_id)]


def _price_lists(merchant_id):
    """[(price list, company name or None)] by name."""
    lists = price_rules.list_price_lists(merchant_id)
    names = dict(
        db.session.execute(
            sa.select(Company.id, Company.name).where(Company.merchant_id == merchant_id)
        ).all()
    )
    return [(found, names.get(found.company_id)) for found in lists]


# Rule pages ---------------------------------------------------------------------------------


@blp.get("/pricing", endpoint="pricing")
@requires(*ROLES)
def pricing_list(user):
    calc = calculator(user.merchant_id, request.args)
    done = request.args.get("done")
    return _pricing_page(
        user, 422 if calc["error"] else 200, calc, done=done if done in DONE else None
    )


def _pricing_page(user, status, calc, done=None, error=None, terms_form=None):
    return pricing_page(
        "console/pricing.html",
        status=status,
        **_list_context(user.merchant_id),
        calc=calc,
        view=result_view(calc),
        technique_name=lambda name: technique_label(locale(), f"technique:{name}"),
        percent=percent,
        roundings=ROUNDINGS,
        done=done,
        error=error,
        terms_form=terms_form or {},
    )


@blp.post("/pricing/stores/<store_id>")
@requires(*ROLES)
def save_store_pricing(user, store_id):
    """A store's currency is the platform's; its tax and rounding are set here."""
    store = price_rules.get_store(user.merchant_id, store_id)
    pt = pricing_texts()
    form = {
        "prices_include_tax": request.form.get("prices_include_tax") == "1",
        "tax_rate": (request.form.get("tax_rate") or "0").strip().replace(",", "."),
        "rounding": request.form.get("rounding") or "",
    }
    try:
        fields = _terms_schema.load(form)
    except ValidationError as error:
        db.session.rollback()
        given = request.form.get("tax_rate", "")
        words = (
            pt["bad_tax_rate"].format(value=given)
            if "tax_rate" in error.messages
            else pt["fix_and_save"]
        )
        calc = calculator(user.merchant_id, {})
        return _pricing_page(user, 422, calc, error=words, terms_form={store.id: request.form})
    price_rules.put_store_pricing(store, fields)
    db.session.commit()
    return redirect(url_for("console.pricing", done="terms_saved") + "#terms", 303)


def _list_context(merchant_id):
    currency = _currency(merchant_id)
    rules = _rules(merchant_id)
    catalogue = products.list_products(merchant_id)
    return {
        "rows": [
            (product, rules.get(product.id), _summary(rules[product.id], currency))
            if product.id in rules
            else (product, None, None)
            for product in catalogue
        ],
        "unpriced": [product for product in catalogue if product.id not in rules],
        "price_lists": _price_lists(merchant_id),
        "terms": _store_terms(merchant_id),
    }


@blp.get("/pricing/new")
@requires(*ROLES)
def new_price_rule(user):
    """The list's "Add a rule" form lands here: on to the chosen product's rule form."""
    product = owned(Product, request.args.get("product"), user.merchant_id)
    return redirect(url_for("console.price_rule", product_id=product.id), 303)


def _rule_page(user, product, form, status=200, error=None, done=None):
    rule = db.session.get(PriceRule, product.id)
    currency = _currency(user.merchant_id)
    return pricing_page(
        "console/pricing_rule.html",
        status=status,
        product=product,
        exists=rule is not None,
        form=form,
        tier_rows=_rows(form, "min_quantity", SPARE_TIERS),
        template_rows=_rows(form, "template", SPARE_TEMPLATES),
        templates=_templates(user.merchant_id, product.id),
        counted=pricing.COUNTED,
        techniques=[(name, technique_label(locale(), f"technique:{name}")) for name in TECHNIQUES],
        currency=currency,
        error=error,
        done=done,
    )


def _rows(form, field, spare):
    """How many rows a table of the form shows: those filled in, then a few empty ones."""
    used = [int(name.rsplit("-", 1)[1]) + 1 for name in form if name.startswith(f"{field}-")]
    return max(used, default=0) + spare


def _templates(merchant_id, product_id):
    return db.session.scalars(
        sa.select(Template)
        .where(Template.merchant_id == merchant_id, Template.product_id == product_id)
        .order_by(Template.name, Template.id)
    ).all()


@blp.get("/pricing/<product_id>")
@requires(*ROLES)
def price_rule(user, product_id):
    """A product's rule: a product has one, kept under its own id."""
    product = owned(Product, product_id, user.merchant_id)
    rule = price_rules.get_rule(user.merchant_id, product.id)
    exponent = _exponent(_currency(user.merchant_id))
    done = request.args.get("done")
    return _rule_page(
        user, product, rule_form(rule, exponent), done=done if done == "saved" else None
    )


@blp.post("/pricing/<product_id>")
@requires(*ROLES)
def save_price_rule(user, product_id):
    product = owned(Product, product_id, user.merchant_id)
    pt = pricing_texts()
    form = {name: value.strip() for name, value in request.form.items() if name != "csrf"}
    currency = _currency(user.merchant_id)
    try:
        body, rows = rule_body(form, currency, pt)
        price_rules.put_rule(user.merchant_id, product.id, _rule_schema.load(body))
    except FormError as error:
        db.session.rollback()
        return _rule_page(user, product, form, 422, pt["rule_invalid"].format(details=error))
    except ValidationError as error:
        db.session.rollback()
        details = _explain(messages_to_pointers(error.messages), rows, pt)
        return _rule_page(user, product, form, 422, pt["rule_invalid"].format(details=details))
    except Invalid as error:
        db.session.rollback()
        details = _explain(error.errors or [], rows, pt)
        return _rule_page(user, product, form, 422, pt["rule_invalid"].format(details=details))
    db.session.commit()
    return redirect(url_for("console.price_rule", product_id=product.id, done="saved"), 303)


@blp.post("/pricing/<product_id>/delete")
@requires(*ROLES)
def delete_price_rule(user, product_id):
    price_rules.delete_rule(user.merchant_id, product_id)
    db.session.commit()
    return redirect(url_for("console.pricing", done="deleted"), 303)


# The rule form: minor units in, amounts as the merchant writes them out -----------------------


def _major(minor, exponent):
    """Minor units as the merchant writes the amount: 1250 → "12.50" ("12,50" in French), and a
    cm² rate of half a cent → "0.005"."""
    value = Decimal(minor).scaleb(-exponent)
    places = max(exponent, -value.normalize().as_tuple().exponent)
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if locale() == "fr" else text


def rule_form(rule, exponent):
    """The form's fields, filled from a stored rule."""
    form = {}
    row = 0
    for entry in rule.base_prices or []:
        for tier in entry["tiers"]:
            form[f"variant-{row}"] = entry["variant"]
            form[f"min_quantity-{row}"] = str(tier["min_quantity"])
            form[f"unit_price-{row}"] = _major(tier["unit_price"], exponent)
            row += 1
    charges = rule.surcharges or {}
    for kind in pricing.COUNTED:
        if charges.get(kind):
            form[f"price-{kind}"] = _major(charges[kind]["unit_price"], exponent)
            form[f"free-{kind}"] = str(charges[kind].get("free", 0))
    if charges.get("square_cm"):
        form["price-square_cm"] = _major(Decimal(charges["square_cm"]["unit_price"]), exponent)
    for name, amount in (charges.get("technique") or {}).items():
        form[f"technique-{name}"] = _major(amount, exponent)
    for row, (template_id, amount) in enumerate(sorted((charges.get("template") or {}).items())):
        form[f"template-{row}"] = template_id
        form[f"template_price-{row}"] = _major(amount, exponent)
    return form


def _amount(text, currency, field, whole=True):
    """Minor units of an amount written in major units ("12.50", "12,50 €"); None when empty."""
    pt = pricing_texts()
    cleaned = re.sub(r"[\s\u00a0\u202f€$£]", "", text or "").replace(",", ".")
    if cleaned.upper().endswith(currency):
        cleaned = cleaned[: -len(currency)]
    if not cleaned:
        return None
    if not _AMOUNT.fullmatch(cleaned):
        raise FormError(pt["not_amount"].format(field=field, value=text))
    minor = Decimal(cleaned).scaleb(_exponent(currency))
    # Whole minor units, except the cm² rate, which the API keeps to 4 decimals of a cent.
    places = 0 if whole else 4
    if minor != minor.quantize(Decimal(1).scaleb(-places)):
        raise FormError(pt["too_precise"].format(field=field, value=text, currency=currency))
    return int(minor) if whole else minor.normalize()


def _count(text, field):
    if not text:
        return None
    if not _COUNT.fullmatch(text):
        raise FormError(pricing_texts()["not_count"].format(field=field, value=text))
    return int(text)


def rule_body(form, currency, pt):
    """(the API's PUT body, {pointer: words saying where}) from the form's fields.

    Rows of one variant are sorted by quantity, so a tier added in an empty row at the bottom
    takes its place among the others.
    """
    entries, where = {}, {}
    for row in range(_rows(form, "min_quantity", 0) + 1):
        minimum, price = form.get(f"min_quantity-{row}", ""), form.get(f"unit_price-{row}", "")
        if not minimum and not price:
            continue
        label = pt["tier_label"]
        minimum = _count(minimum, label.format(field=pt["minimum_quantity"], row=row + 1))
        price = _amount(price, currency, label.format(field=pt["unit_price"], row=row + 1))
        if minimum is None or price is None:
            raise FormError(pt["tier_incomplete"].format(row=row + 1))
        variant = form.get(f"variant-{row}", "")
        entries.setdefault(variant, []).append((minimum, row + 1, price))
    base_prices = []
    for index, (variant, tiers) in enumerate(entries.items()):
        tiers.sort()
        where[f"/base_prices/{index}"] = f"{pt['tier']} {tiers[0][1]}"
        for position, (_, row, _) in enumerate(tiers):
            where[f"/base_prices/{index}/tiers/{position}"] = f"{pt['tier']} {row}"
        base_prices.append(
            {
                "variant": variant,
                "tiers": [{"min_quantity": q, "unit_price": price} for q, _, price in tiers],
            }
        )
    return {"base_prices": base_prices, "surcharges": _surcharges(form, currency, pt)}, where


def _surcharges(form, currency, pt):
    charges = {}
    for kind in pricing.COUNTED:
        words = pt["kind_words"][kind]
        price = _amount(form.get(f"price-{kind}"), currency, pt["price_of"].format(kind=words))
        free = _count(form.get(f"free-{kind}"), pt["free_of"].format(kind=words))
        if price is not None:
            charges[kind] = {"unit_price": price, "free": free or 0}
    surface = _amount(form.get("price-square_cm"), currency, pt["square_cm"], whole=False)
    if surface is not None:
        charges["square_cm"] = {"unit_price": format(surface, "f")}
    techniques = {}
    for name in TECHNIQUES:
        field = pt["technique_price"].format(name=technique_label(locale(), f"technique:{name}"))
        price = _amount(form.get(f"technique-{name}"), currency, field)
        if price is not None:
            techniques[name] = price
    charges["technique"] = techniques
    templates = {}
    for row in range(_rows(form, "template", 0) + 1):
        template_id = form.get(f"template-{row}", "")
        field = pt["template_label"].format(field=pt["template_price"], row=row + 1)
        price = _amount(form.get(f"template_price-{row}"), currency, field)
        if not template_id and price is None:
            continue
        if not template_id or price is None:
            raise FormError(pt["template_incomplete"].format(row=row + 1))
        templates[template_id] = price
    charges["template"] = templates
    return charges


def _explain(errors, where, pt):
    """The API's errors ({path, message}) in the form's words: which row, and what to do."""
    said = []
    translate = pt.get("service_messages", {})
    for error in errors:
        place = next(
            (
                words
                for path, words in sorted(where.items(), reverse=True)
                if error["path"].startswith(path)
            ),
            "",
        )
        text = translate.get(error["message"], error["message"])
        said.append(f"{place}: {text}" if place else text)
    return " ".join([*said, pt["fix_and_save"]])


# The calculator -----------------------------------------------------------------------------


def calculator(merchant_id, args):
    """The calculator's choices, the form as given, and its result or the reason there is none.

    It prices a design made to the counts given, through the very call /v1/prices/quote makes.
    """
    pt = pricing_texts()
    rules = _rules(merchant_id)
    priced = [product for product in products.list_products(merchant_id) if product.id in rules]
    calc = {
        "products": priced,
        "stores": _stores(merchant_id),
        "companies": db.session.scalars(
            sa.select(Company).where(Company.merchant_id == merchant_id).order_by(Company.name)
        ).all(),
        "groups": sorted(
            group
            for group in db.session.scalars(
                sa.select(PriceList.customer_group).where(PriceList.merchant_id == merchant_id)
            )
            if group
        ),
        "product": None,
        "areas": [],
        "templates": [],
        "form": {},
        "result": None,
        "error": None,
    }
    if args.get("product"):
        product = owned(Product, args["product"], merchant_id)
        if product.id not in rules:
            calc["error"] = pt["unpriced"].format(name=product.name)
            return calc
    elif priced:
        product = priced[0]
    else:
        return calc
    calc["product"], calc["areas"] = product, product.areas
    calc["templates"] = _templates(merchant_id, product.id)
    form = _calculator_form(product, args)
    calc["form"] = form
    try:
        calc["result"] = _price(merchant_id, product, form)
    except FormError as error:
        calc["error"] = str(error)
    except Invalid as error:
        details = " ".join(found["message"] for found in error.errors or []) or error.message
        calc["error"] = pt["calc_invalid"].format(details=details)
    return calc


def _calculator_form(product, args):
    """The calculator's fields as given; a first visit prints one short text on the first area."""
    first = not args.get("quantity")
    form = {"product": product.id}
    for name in ("quantity", "store", "variant", "company", "group", "template"):
        form[name] = (args.get(name) or "").strip()
    form["quantity"] = form["quantity"] or "1"
    for index, area in enumerate(product.areas):
        defaults = {"texts": 1, "characters": 12, "images": 0, "inks": 1}
        for field, _ in AREA_COUNTS:
            given = (args.get(f"{field}-{area.code}") or "").strip()
            if first:
                given = str(defaults[field] if index == 0 else 0)
            form[f"{field}-{area.code}"] = given or "0"
        for field, size in (("width", area.width), ("height", area.height)):
            given = (args.get(f"{field}-{area.code}") or "").strip()
            form[f"{field}-{area.code}"] = given or f"{size:g}"
    return form


def _price(merchant_id, product, form):
    """The quote for the form's design, as the API prices it."""
    pt = pricing_texts()
    quantity = form["quantity"]
    if not _COUNT.fullmatch(quantity) or not 1 <= int(quantity) <= MAX_QUANTITY:
        raise FormError(pt["calc_quantity"].format(value=quantity))
    template = owned(Template, form["template"], merchant_id) if form["template"] else None
    counts = {area.code: _area_counts(area, form, pt) for area in product.areas}
    document = sample_document(product, counts, template.id if template else None)
    if not document["surfaces"]:
        raise FormError(pt["calc_nothing"])
    fields = {"document": document, "quantity": int(quantity), "locale": locale()}
    for name, key in (("store", "store"), ("variant", "variant"), ("company", "company")):
        if form[name]:
            fields[key] = form[name]
    if form["group"]:
        fields["customer_group"] = form["group"]
    if form["store"]:
        price_rules.get_store(merchant_id, form["store"])
    else:
        fields["store"] = _stores(merchant_id)[0].id
    # A secret key of the merchant's, as the console acts for the merchant in every store.
    caller = SimpleNamespace(merchant_id=merchant_id, store_id=None, is_secret=True)
    return prices.quote_request(caller, fields)


def _area_counts(area, form, pt):
    counts = {}
    for field, most in AREA_COUNTS:
        text = form[f"{field}-{area.code}"]
        if not _COUNT.fullmatch(text) or int(text) > most:
            raise FormError(
                pt["calc_count"].format(field=pt[field], area=area.name, value=text, most=most)
            )
        counts[field] = int(text)
    for field in AREA_SIZES:
        text = form[f"{field}-{area.code}"]
        try:
            size = float(text.replace(",", "."))
        except ValueError:
            size = 0
        if not 0 < size <= 10000:
            raise FormError(pt["calc_size"].format(field=pt[field], area=area.name, value=text))
        counts[field] = size
    if counts["texts"] and not counts["inks"]:
        raise FormError(pt["calc_inks"].format(area=area.name))
    if counts["texts"] and counts["characters"] < counts["texts"]:
        raise FormError(pt["calc_characters"].format(area=area.name, least=counts["texts"]))
    if counts["characters"] and not counts["texts"]:
        raise FormError(pt["calc_no_text"].format(area=area.name))
    return counts


def sample_document(product, counts, template_id=None):
    """A design document with, on each area, the texts, characters, images and inks counted.

    Every object covers the artwork's box from the trim's corner, so the printed surface is
    width × height as the pricing measures it; inks beyond the texts' are filled shapes.
    """
    surfaces = []
    for index, area in enumerate(product.areas):
        count = counts[area.code]
        box = {"x": 0, "y": 0, "width": count["width"], "height": count["height"], "rotation": 0}
        colours = [{"cmyk": [0, 0, 0, 100 - ink]} for ink in range(count["inks"])]
        objects = []
        for n in range(count["texts"]):
            letters = count["characters"] - (count["texts"] - 1) if n == 0 else 1
            objects.append(
                {
                    "id": f"a{index}-text{n}",
                    "type": "text",
                    **box,
                    "text": "M" * letters,
                    "font": SAMPLE_FONT,
                    "size": 12,
                    "color": colours[n % len(colours)],
                }
            )
        for n in range(count["images"]):
            objects.append(
                {"id": f"a{index}-image{n}", "type": "image", **box, "asset": SAMPLE_ASSET}
            )
        for n, colour in enumerate(colours[count["texts"] :]):
            objects.append(
                {"id": f"a{index}-ink{n}", "type": "shape", "shape": "rect", **box, "fill": colour}
            )
        if objects:
            surfaces.append({"area": area.code, "objects": objects})
    document = {"format": "monogram.design/1", "product": product.id, "surfaces": surfaces}
    if template_id:
        document["template"] = template_id
    return document


def result_view(calc):
    """The result's words and amounts, for the page and for pricing.js alike."""
    quoted = calc["result"]
    if quoted is None:
        return None
    pt = pricing_texts()
    say = lambda minor: _money(minor, quoted.currency)  # noqa: E731
    tax = pt["tax_in" if quoted.tax_included else "tax_out"].format(tax=say(quoted.tax))
    return {
        "unit_price": say(quoted.unit_price),
        "total": say(quoted.total),
        "total_label": pt["total"].format(quantity=quoted.quantity),
        "tax": tax if quoted.tax else "",
        "lines": [(line.kind, line.label, say(line.amount)) for line in quoted.lines],
    }


@blp.get("/pricing/check")
@requires(*ROLES)
def price_check(user):
    """The calculator's result as pricing.js shows it while the merchant types."""
    calc = calculator(user.merchant_id, request.args)
    html = render_template(
        "console/pricing_result.html", pt=pricing_texts(), calc=calc, view=result_view(calc)
    )
    quoted = calc["result"]
    body = {
        "html": html,
        "error": calc["error"],
        "currency": quoted.currency if quoted else None,
        "unit_price": quoted.unit_price if quoted else None,
        "total": quoted.total if quoted else None,
        "tax": quoted.tax if quoted else None,
        "breakdown": [
            {"kind": line.kind, "label": line.label, "count": line.count, "amount": line.amount}
            for line in (quoted.lines if quoted else [])
        ],
    }
    return jsonify(body), 422 if calc["error"] else 200
