"""A shopper's design against the template it names: fields filled in, locked objects untouched."""

from monogram.errors import Invalid
from monogram.extensions.db import db
from monogram.models import Template
from monogram.services import visibility

GEOMETRY = {"move": ("x", "y"), "resize": ("width", "height"), "rotate": ("rotation",)}
_PLACE = {"x", "y", "width", "height", "rotation"}
# Rule keys: the shopper never changes them, locked or not.
_RULES = ("lock", "field", "max_chars", "min_dpi")
# What the shopper changes in an image slot: the picture and the part of it shown.
_SLOT_CONTENT = {"asset", "crop"}
TOLERANCE = 0.01  # mm or degrees: the editor rounds what it sends


def rule_violations(template, design):
    """A list of {"path", "message"}: where the design breaks its template's rules."""
    errors = []
    placed = {}
    for i, surface in enumerate(design["surfaces"]):
        for j, obj in enumerate(surface["objects"]):
            placed[obj["id"]] = (f"/surfaces/{i}/objects/{j}", surface["area"], obj)
    for surface in template.document["surfaces"]:
        for rule in surface["objects"]:
            errors.extend(_object_violations(rule, surface["area"], placed.get(rule["id"])))
    template_ids = {o["id"] for s in template.document["surfaces"] for o in s["objects"]}
    for object_id, (path, _, obj) in placed.items():
        if object_id not in template_ids:
            errors.extend(_own_object_violations(template, path, obj))
    return errors


def _object_violations(rule, area, placed):
    lock = rule.get("lock") or {}
    kept = lock.get("delete") or rule.get("field")
    if placed is None:
        if kept:
            what = f"field {rule['field']!r}" if rule.get("field") else "locked object"
            return [{"path": "/surfaces", "message": f"The template's {what} ({rule['id']}) "
                     "must stay in the design."}]  # fmt: skip
        return []
    path, placed_area, obj = placed
    if placed_area != area:
        return [{"path": path, "message": f"This template object belongs on area {area!r}."}]
    errors = []

    def fault(key, message):
        errors.append({"path": f"{path}/{key}", "message": message})

    for key in _RULES:
        if obj.get(key) != rule.get(key):
            fault(key, f"Template rule {key!r} cannot be changed.")
    for flag, keys in GEOMETRY.items():
        for key in keys:
            if lock.get(flag) and not _same(obj.get(key), rule.get(key)):
                fault(key, f"This object is locked ({flag}); keep {key} at {rule.get(key)}.")
    free = set(_PLACE)
    if rule.get("field") and rule["type"] == "text":
        free.add("text")
        limit = rule.get("max_chars")
        length = len(obj.get("text", "").replace("\n", ""))
        if limit and length > limit:
            fault("text", f"At most {limit} characters in field {rule['field']!r}; {length} given.")
    elif rule.get("field") and rule["type"] == "image":
        free |= _SLOT_CONTENT
    elif not lock.get("edit"):
        return errors
    for key in sorted((set(rule) | set(obj)) - free - set(_RULES)):
        if not _same(obj.get(key), rule.get(key)):
            what = "field" if rule.get("field") else "locked object"
            fault(key, f"This {what} keeps its {key} from the template.")
    return errors


def _own_object_violations(template, path, obj):
    """The shopper's own objects: in the template's fonts and palette when it restricts them."""
    errors = []
    if template.fonts and obj.get("type") == "text" and obj.get("font") not in template.fonts:
        errors.append({"path": f"{path}/font", "message": "Use one of the template's fonts."})
    colours = [entry["color"] for entry in template.palette or []]
    if colours:
        for key in ("color", "fill", "stroke"):
            if obj.get(key) is not None and obj[key] not in colours:
                errors.append(
                    {"path": f"{path}/{key}", "message": "Use one of the template's colours."}
                )
    return errors


def _same(a, b):
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= TOLERANCE
    return a == b


def enforce(caller, document):
    """A shopper's save (publishable key) of a design naming a template: Invalid on any breach."""
    if caller.is_secret or not document.get("template"):
        return
    template = db.session.get(Template, document["template"])
    store = visibility.viewpoint(caller)
    exclusive = visibility.charter_of(store) is not None
    if (
        template is None
        or template.merchant_id != caller.merchant_id
        or not visibility.is_visible(template.id, store, exclusive=exclusive)
    ):
        raise Invalid(
            "The design is not valid.",
            errors=[{"path": "/template", "message": "This store does not offer this template."}],
        )
    errors = rule_violations(template, document)
    if errors:
        raise Invalid("The design breaks its template's rules.", errors=errors)
