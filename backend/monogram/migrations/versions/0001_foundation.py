"""foundation: merchants, stores, keys, products, assets, fonts, designs

Revision ID: 0001
Revises:
Create Date: 2026-11-22 23:18:58.548508
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "merchants",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merchants")),
    )
    op.create_table(
        "assets",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("byte_size", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("width_px", sa.Integer(), nullable=True),
        sa.Column("height_px", sa.Integer(), nullable=True),
        sa.Column("width_mm", sa.Double(), nullable=True),
        sa.Column("height_mm", sa.Double(), nullable=True),
        sa.Column("color_mode", sa.String(length=16), nullable=True),
        sa.Column("has_alpha", sa.Boolean(), nullable=False),
        sa.Column("dpi", sa.Double(), nullable=True),
        sa.Column("icc_profile", sa.Boolean(), nullable=False),
        sa.Column(
            "notes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("preview_status", sa.String(length=16), nullable=False),
        sa.Column("preview_key", sa.String(length=255), nullable=True),
        sa.Column("preview_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('raster', 'vector', 'font')", name=op.f("ck_assets_kind")),
        sa.CheckConstraint(
            "preview_status IN ('none', 'pending', 'ready', 'failed')",
            name=op.f("ck_assets_preview_status"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_assets_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assets")),
        sa.UniqueConstraint("merchant_id", "sha256", name=op.f("uq_assets_merchant_id_sha256")),
    )
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assets_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "products",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("proof", sa.String(length=32), nullable=False),
        sa.Column(
            "palette",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "proof IN ('none', 'customer', 'customer_then_manager')", name=op.f("ck_products_proof")
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_products_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
    )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_products_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "stores",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("domain", sa.String(length=255), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("webhook_secret", sa.String(length=255), nullable=True),
        sa.Column("previous_webhook_secret", sa.String(length=255), nullable=True),
        sa.Column("webhook_secret_rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "platform IN ('shopify', 'prestashop', 'magento', 'custom')",
            name=op.f("ck_stores_platform"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_stores_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stores")),
        sa.UniqueConstraint("platform", "domain", name=op.f("uq_stores_platform_domain")),
    )
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stores_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("store_id", sa.String(length=32), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("display_prefix", sa.String(length=16), nullable=False),
        sa.Column("secret_hash", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('secret', 'publishable')", name=op.f("ck_api_keys_kind")),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_api_keys_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_api_keys_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("secret_hash", name=op.f("uq_api_keys_secret_hash")),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_keys_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "designs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("store_id", sa.String(length=32), nullable=True),
        sa.Column("product_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("version_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_designs_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_designs_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_designs_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_designs")),
    )
    with op.batch_alter_table("designs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_designs_merchant_id"), ["merchant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_designs_product_id"), ["product_id"], unique=False)

    op.create_table(
        "fonts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("asset_id", sa.String(length=32), nullable=False),
        sa.Column("family", sa.String(length=200), nullable=False),
        sa.Column("style", sa.String(length=200), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("italic", sa.Boolean(), nullable=False),
        sa.Column("outlines", sa.String(length=16), nullable=False),
        sa.Column("glyph_count", sa.Integer(), nullable=False),
        sa.Column("licence_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["asset_id"], ["assets.id"], name=op.f("fk_fonts_asset_id_assets")),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_fonts_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fonts")),
        sa.UniqueConstraint("merchant_id", "asset_id", name=op.f("uq_fonts_merchant_id_asset_id")),
    )
    with op.batch_alter_table("fonts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fonts_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "platform_refs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(length=32), nullable=False),
        sa.Column("store_id", sa.String(length=32), nullable=False),
        sa.Column("platform_product", sa.String(length=255), nullable=False),
        sa.Column("platform_variant", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_platform_refs_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_platform_refs_store_id_stores")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platform_refs")),
        sa.UniqueConstraint(
            "store_id",
            "platform_product",
            "platform_variant",
            name=op.f("uq_platform_refs_store_id_platform_product_platform_variant"),
        ),
    )
    with op.batch_alter_table("platform_refs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_platform_refs_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "print_areas",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("width", sa.Double(), nullable=False),
        sa.Column("height", sa.Double(), nullable=False),
        sa.Column("bleed", sa.Double(), nullable=False),
        sa.Column("safe", sa.Double(), nullable=False),
        sa.Column("technique", sa.String(length=32), nullable=False),
        sa.Column("color_mode", sa.String(length=16), nullable=False),
        sa.Column("max_colors", sa.Integer(), nullable=True),
        sa.Column("min_dpi", sa.Integer(), nullable=False),
        sa.Column("cut_contour", sa.String(length=32), nullable=False),
        sa.Column("mockup_asset_id", sa.String(length=32), nullable=True),
        sa.Column(
            "mockup_quad",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.CheckConstraint(
            "color_mode IN ('cmyk', 'rgb', 'spot', 'monochrome')",
            name=op.f("ck_print_areas_color_mode"),
        ),
        sa.CheckConstraint(
            "technique IN ('digital_print', 'screen_print', 'engraving', 'laser_cut', 'embroidery', 'sublimation')",
            name=op.f("ck_print_areas_technique"),
        ),
        sa.ForeignKeyConstraint(
            ["mockup_asset_id"], ["assets.id"], name=op.f("fk_print_areas_mockup_asset_id_assets")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_print_areas_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_areas")),
        sa.UniqueConstraint("product_id", "code", name=op.f("uq_print_areas_product_id_code")),
    )
    op.create_table(
        "design_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("design_id", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "document",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("etag", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["design_id"], ["designs.id"], name=op.f("fk_design_versions_design_id_designs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_design_versions")),
        sa.UniqueConstraint(
            "design_id", "number", name=op.f("uq_design_versions_design_id_number")
        ),
    )
    op.create_table(
        "product_fonts",
        sa.Column("product_id", sa.String(length=32), nullable=False),
        sa.Column("font_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["font_id"], ["fonts.id"], name=op.f("fk_product_fonts_font_id_fonts")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_product_fonts_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("product_id", "font_id", name=op.f("pk_product_fonts")),
    )


def downgrade():
    op.drop_table("product_fonts")
    op.drop_table("design_versions")
    op.drop_table("print_areas")
    with op.batch_alter_table("platform_refs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_platform_refs_product_id"))

    op.drop_table("platform_refs")
    with op.batch_alter_table("fonts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fonts_merchant_id"))

    op.drop_table("fonts")
    with op.batch_alter_table("designs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_designs_product_id"))
        batch_op.drop_index(batch_op.f("ix_designs_merchant_id"))

    op.drop_table("designs")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_merchant_id"))

    op.drop_table("api_keys")
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stores_merchant_id"))

    op.drop_table("stores")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_products_merchant_id"))

    op.drop_table("products")
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assets_merchant_id"))

    op.drop_table("assets")
    op.drop_table("merchants")
