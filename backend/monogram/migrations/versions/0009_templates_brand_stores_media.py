"""templates, media collections, store limits and charters, library fonts, product categories

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "media_collections",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("licence", sa.Text(), nullable=False),
        sa.Column(
            "product_categories",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_media_collections_merchant_id_merchants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_collections")),
        sa.UniqueConstraint(
            "merchant_id", "name", name=op.f("uq_media_collections_merchant_id_name")
        ),
    )
    with op.batch_alter_table("media_collections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_media_collections_merchant_id"), ["merchant_id"], unique=False
        )

    op.create_table(
        "media_items",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("collection_id", sa.String(length=32), nullable=False),
        sa.Column("asset_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"], ["assets.id"], name=op.f("fk_media_items_asset_id_assets")
        ),
        sa.ForeignKeyConstraint(
            ["collection_id"],
            ["media_collections.id"],
            name=op.f("fk_media_items_collection_id_media_collections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_media_items")),
        sa.UniqueConstraint(
            "collection_id", "asset_id", name=op.f("uq_media_items_collection_id_asset_id")
        ),
    )
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_media_items_collection_id"), ["collection_id"], unique=False
        )

    op.create_table(
        "store_limits",
        sa.Column("resource_id", sa.String(length=32), nullable=False),
        sa.Column("store_id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
            name=op.f("fk_store_limits_store_id_stores"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resource_id", "store_id", name=op.f("pk_store_limits")),
    )
    with op.batch_alter_table("store_limits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_store_limits_store_id"), ["store_id"], unique=False)

    op.create_table(
        "templates",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("product_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "categories",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "tags",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "document",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "fonts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "palette",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "import_report",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("thumbnail_status", sa.String(length=16), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=255), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('draft', 'published')", name=op.f("ck_templates_status")),
        sa.CheckConstraint(
            "thumbnail_status IN ('pending', 'ready', 'failed')",
            name=op.f("ck_templates_thumbnail_status"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_templates_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_templates_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_templates")),
    )
    with op.batch_alter_table("templates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_templates_merchant_id"), ["merchant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_templates_product_id"), ["product_id"], unique=False)

    with op.batch_alter_table("fonts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("library_file", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("library_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("category", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("ascent", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("descent", sa.Integer(), nullable=True))
        batch_op.alter_column("merchant_id", existing_type=sa.VARCHAR(length=32), nullable=True)
        batch_op.alter_column("asset_id", existing_type=sa.VARCHAR(length=32), nullable=True)

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("category", sa.String(length=64), nullable=True))

    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("role", sa.String(length=16), server_default="main", nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                "charter",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table("stores", schema=None) as batch_op:
        batch_op.drop_column("charter")
        batch_op.drop_column("role")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("category")

    with op.batch_alter_table("fonts", schema=None) as batch_op:
        batch_op.alter_column("asset_id", existing_type=sa.VARCHAR(length=32), nullable=False)
        batch_op.alter_column("merchant_id", existing_type=sa.VARCHAR(length=32), nullable=False)
        batch_op.drop_column("descent")
        batch_op.drop_column("ascent")
        batch_op.drop_column("category")
        batch_op.drop_column("library_sha256")
        batch_op.drop_column("library_file")

    with op.batch_alter_table("templates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_templates_product_id"))
        batch_op.drop_index(batch_op.f("ix_templates_merchant_id"))

    op.drop_table("templates")
    with op.batch_alter_table("store_limits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_store_limits_store_id"))

    op.drop_table("store_limits")
    with op.batch_alter_table("media_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_items_collection_id"))

    op.drop_table("media_items")
    with op.batch_alter_table("media_collections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_media_collections_merchant_id"))

    op.drop_table("media_collections")
