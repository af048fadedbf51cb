"""Products' 3D models: kept as assets, served plain, and dressed with a design's proofs."""

import hashlib
import logging
import time
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from monogram.errors import Forbidden, Invalid, NotFound
from monogram.extensions.db import db
from monogram.extensions.storage import storage
from monogram.models import Asset, Design, Product
from monogram.models.base import utcnow
from monogram.rendering import usdz
from monogram.rendering.glb import GlbError
from monogram.rendering.model_textures import dress_model
from monogram.services import signing
from monogram.services.assets import asset_key, clean_filename
from monogram.services.designs import latest_version, version_number
from monogram.services.lookup import owned
from monogram.services.model_checks import check_model
from monogram.services.production import render_cache
from monogram.services.resolving import StorageResolver, render_product

log = logging.getLogger(__name__)

MEDIA_TYPE = "model/gltf-binary"
# Part of every dressed model's cache key: raise it when dressing changes, so old files go stale.
DRESSING_REVISION = 1
# s: a phone's AR viewer fetches the model once the shopper presses AR, which may be a while after
# the link was asked for (AR Core to install, a permission to grant); then the link dies.
AR_LINK_TTL = 30 * 60


def max_model_bytes():
    return current_app.config["MONOGRAM"].MAX_MODEL_BYTES


def attach_model(merchant_id, product_id, data, filename):
    """Check a GLB against the product's print areas and make it the product's model."""
    product = owned(Product, product_id, merchant_id)
    facts = check_model(data, [area.code for area in product.areas], max_model_bytes())
    asset = _keep(merchant_id, data, filename)
    product.model_asset_id = asset.id
    product.model_materials = list(facts.materials)
    product.updated_at = utcnow()
    db.session.flush()
    return product


def remove_model(merchant_id, product_id):
    """The product has no model any more; the file stays while anything else uses it."""
    product = owned(Product, product_id, merchant_id)
    if product.model_asset_id is not None:
        product.model_asset_id = None
        product.model_materials = None
        product.updated_at = utcnow()
    return product


def model_summary(product):
    """What the product's JSON says of its model: where to fetch it and each area's material."""
    if product.model_asset_id is None:
        return None
    return {
        "url": f"/v1/products/{product.id}/model.glb",
        "areas": _area_materials(product),
    }


def plain_model(merchant_id, product_id):
    """(GLB bytes, ETag) of the product's model as uploaded."""
    product = owned(Product, product_id, merchant_id)
    asset = _model_asset(product)
    return storage().get(asset.storage_key), asset.sha256


def design_model(design, number=None):
    """(GLB bytes, ETag) of the product's model dressed with a version of the design.

    The latest version when `number` is None. Made once per version, model and product state,
    then kept beside the design's previews (and erased with them).
    """
    version = latest_version(design) if number is None else version_number(design, number)
    if version is None:
        raise NotFound(f"Design {design.id} has no version {number}.")
    product = db.session.get(Product, design.product_id)
    asset = _model_asset(product)
    state = f"{asset.sha256}|{product.updated_at.isoformat()}|{DRESSING_REVISION}"
    etag = f"{version.etag}-{hashlib.sha256(state.encode()).hexdigest()[:16]}"
    key = f"merchants/{design.merchant_id}/design-previews/{version.etag}/model-{etag}.glb"
    if storage().exists(key):
        return storage().get(key), etag
    data = dress_model(
        storage().get(asset.storage_key),
        version.document,
        render_product(product),
        StorageResolver(design.merchant_id),
        render_cache,
        list(_area_materials(product)),
    )
    storage().put(key, data, MEDIA_TYPE)
    return data, etag


def design_model_link(design, number=None):
    """{url, usdz, expires_at}: links to a design version's model that open without a key.

    Scene Viewer and Quick Look fetch the model themselves, without our headers. The links name
    one version (the latest when `number` is None), so what they open never changes.
    """
    version = latest_version(design) if number is None else version_number(design, number)
    if version is None:
        raise NotFound(f"Design {design.id} has no version {number}.")
    # No link to a model that cannot be made.
    _model_asset(db.session.get(Product, design.product_id))
    return _signed_links(_ar_design_path(design.id, version.number))


def product_model_link(merchant_id, product_id):
    """{url, usdz, expires_at}: links to a product's plain model that open without a key."""
    product = owned(Product, product_id, merchant_id)
    _model_asset(product)
    return _signed_links(_ar_product_path(product.id))


def linked_design_model(design_id, number, expires, signature):
    """(GLB bytes, ETag) of a design version's model, through a link from design_model_link."""
    _check_link(_ar_design_path(design_id, number), expires, signature)
    # The signature names the design, so no key is needed to find it.
    design = db.session.get(Design, design_id)
    if design is None:
        raise NotFound(f"No design {design_id}.")
    return design_model(design, number)


def linked_product_model(product_id, expires, signature):
    """(GLB bytes, ETag) of a product's plain model, through a link from product_model_link."""
    _check_link(_ar_product_path(product_id), expires, signature)
    product = db.session.get(Product, product_id)
    if product is None:
        raise NotFound(f"No product {product_id}.")
    asset = _model_asset(product)
    return storage().get(asset.storage_key), asset.sha256


def linked_design_usdz(design_id, number, expires, signature):
    """(USDZ bytes, ETag) of a design version's model for Quick Look, through a signed link."""
    _check_link(_ar_design_path(design_id, number, "usdz"), expires, signature)
    design = db.session.get(Design, design_id)
    if design is None:
        raise NotFound(f"No design {design_id}.")
    version = version_number(design, number)
    if version is None:
        raise NotFound(f"Design {design.id} has no version {number}.")
    data, etag = design_model(design, number)
    # Beside the GLB it is made from, so it is erased with the design's previews.
    key = f"merchants/{design.merchant_id}/design-previews/{version.etag}/model-{etag}.usdz"
    return _usdz(key, data), f"{etag}.usdz"


def linked_product_usdz(product_id, expires, signature):
    """(USDZ bytes, ETag) of a product's plain model for Quick Look, through a signed link."""
    _check_link(_ar_product_path(product_id, "usdz"), expires, signature)
    product = db.session.get(Product, product_id)
    if product is None:
        raise NotFound(f"No product {product_id}.")
    asset = _model_asset(product)
    data = _usdz(f"{asset.storage_key}.usdz", storage().get(asset.storage_key))
    return data, f"{asset.sha256}.usdz"


def _usdz(key, glb):
    """The USDZ made from a GLB, converted once and kept under key."""
    if storage().exists(key):
        return storage().get(key)
    try:
        data = usdz.glb_to_usdz(glb)
    except GlbError as error:
        raise Invalid(f"This 3D model cannot be made into a USDZ for Quick Look: {error}") from None
    storage().put(key, data, usdz.MEDIA_TYPE)
    return data


def _ar_design_path(design_id, number, kind="glb"):
    return f"/v1/ar/designs/{design_id}/{number}.{kind}"


def _ar_product_path(product_id, kind="glb"):
    return f"/v1/ar/products/{product_id}.{kind}"


def _signed_links(glb_path):
    """The GLB for Scene Viewer and the USDZ for Quick Look, each signed, expiring together."""
    now = int(time.time())
    expires, glb_signature = signing.sign(glb_path, now=now, ttl=AR_LINK_TTL)
    usdz_path = glb_path.removesuffix(".glb") + ".usdz"
    _, usdz_signature = signing.sign(usdz_path, now=now, ttl=AR_LINK_TTL)
    base = current_app.config["MONOGRAM"].PUBLIC_URL.rstrip("/")
    return {
        "url": f"{base}{glb_path}?expires={expires}&signature={glb_signature}",
        "usdz": f"{base}{usdz_path}?expires={expires}&signature={usdz_signature}",
        "expires_at": datetime.fromtimestamp(expires, UTC),
    }


def _check_link(path, expires, signature):
    try:
        signing.check(path, expires, signature)
    except Forbidden:
        # signing's own words send the reader to a job; an AR link comes from the AR button.
        raise Forbidden(
            "This 3D model link is not valid or has expired; press AR again for a new one."
        ) from None


def _area_materials(product):
    materials = set(product.model_materials or ())
    return {area.code: area.code for area in product.areas if area.code in materials}


def _model_asset(product):
    if product.model_asset_id is None:
        raise NotFound(
            f"Product {product.id} has no 3D model; upload a GLB with "
            f"PUT /v1/products/{product.id}/model."
        )
    return db.session.get(Asset, product.model_asset_id)


def _keep(merchant_id, data, filename):
    """The merchant's asset for these bytes, stored once per content like every upload."""
    sha256 = hashlib.sha256(data).hexdigest()
    existing = _find(merchant_id, sha256)
    if existing is not None:
        return existing
    key = asset_key(merchant_id, sha256, "glb")
    # The file goes first: a row never points at a missing file.
    if not storage().exists(key):
        storage().put(key, data, MEDIA_TYPE)
    asset = Asset(
        merchant_id=merchant_id,
        kind="model",
        media_type=MEDIA_TYPE,
        sha256=sha256,
        byte_size=len(data),
        storage_key=key,
        filename=clean_filename(filename),
        notes=[],
        preview_status="none",
    )
    try:
        with db.session.begin_nested():
            db.session.add(asset)
    except IntegrityError:
        # The same file arrived in a concurrent request; both get the same asset.
        return _find(merchant_id, sha256)
    log.info("3D model %s kept for merchant %s", asset.id, merchant_id)
    return asset


def _find(merchant_id, sha256):
    return db.session.scalar(
        sa.select(Asset).where(Asset.merchant_id == merchant_id, Asset.sha256 == sha256)
    )
