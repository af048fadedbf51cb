"""price rules, price lists, store pricing and line price checks

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "price_lists",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("discount_percent", sa.Numeric(precision=5, scale=2), nullable=True),
        sa.Column(
            "prices",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("company_id", sa.String(length=32), nullable=True),
        sa.Column("customer_group", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name=op.f("fk_price_lists_company_id_companies"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_price_lists_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_lists")),
        sa.UniqueConstraint("company_id", name=op.f("uq_price_lists_company_id")),
        sa.UniqueConstraint(
            "merchant_id", "customer_group", name=op.f("uq_price_lists_merchant_id_customer_group")
        ),
        sa.UniqueConstraint("merchant_id", "name", name=op.f("uq_price_lists_merchant_id_name")),
    )
    with op.batch_alter_table("price_lists", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_price_lists_merchant_id"), ["merchant_id"], unique=False
        )

    op.create_table(
        "price_rules",
        sa.Column("product_id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column(
            "base_prices",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "surcharges",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_price_rules_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["products.id"],
            name=op.f("fk_price_rules_product_id_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("product_id", name=op.f("pk_price_rules")),
    )
    with op.batch_alter_table("price_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_price_rules_merchant_id"), ["merchant_id"], unique=False
        )

    op.create_table(
        "store_pricing",
        sa.Column("store_id", sa.String(length=32), nullable=False),
        sa.Column("prices_include_tax", sa.Boolean(), nullable=False),
        sa.Column("tax_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("rounding", sa.String(length=8), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rounding IN ('0.01', '0.05', '0.10', '0.50', '1', '0.99')",
            name=op.f("ck_store_pricing_rounding"),
        ),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
            name=op.f("fk_store_pricing_store_id_stores"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("store_id", name=op.f("pk_store_pricing")),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "price_check",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("price_check")

    op.drop_table("store_pricing")
    with op.batch_alter_table("price_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_price_rules_merchant_id"))

    op.drop_table("price_rules")
    with op.batch_alter_table("price_lists", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_price_lists_merchant_id"))

    op.drop_table("price_lists")
