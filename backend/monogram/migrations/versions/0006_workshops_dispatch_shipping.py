"""workshops, dispatch rules, shipping, B2B companies and customer design libraries

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "companies",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("platform_company_id", sa.String(length=100), nullable=True),
        sa.Column("manager_email", sa.String(length=320), nullable=True),
        sa.Column("manager_name", sa.String(length=200), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_companies_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint("merchant_id", "name", name=op.f("uq_companies_merchant_id_name")),
    )
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_companies_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "workshops",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('in_house', 'subcontractor')", name=op.f("ck_workshops_kind")),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_workshops_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshops")),
    )
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workshops_merchant_id"), ["merchant_id"], unique=False)

    op.create_table(
        "dispatch_rules",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("workshop_id", sa.String(length=32), nullable=False),
        sa.Column("product_id", sa.String(length=32), nullable=True),
        sa.Column("technique", sa.String(length=32), nullable=True),
        sa.Column("store_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "technique IS NULL OR technique IN ('digital_print', 'screen_print', 'engraving', 'laser_cut', 'embroidery', 'sublimation')",
            name=op.f("ck_dispatch_rules_technique"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_dispatch_rules_merchant_id_merchants")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_dispatch_rules_product_id_products")
        ),
        sa.ForeignKeyConstraint(
            ["store_id"], ["stores.id"], name=op.f("fk_dispatch_rules_store_id_stores")
        ),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshops.id"], name=op.f("fk_dispatch_rules_workshop_id_workshops")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatch_rules")),
    )
    with op.batch_alter_table("dispatch_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dispatch_rules_merchant_id"), ["merchant_id"], unique=False
        )

    op.create_table(
        "workshop_users",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("workshop_id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["workshop_id"], ["workshops.id"], name=op.f("fk_workshop_users_workshop_id_workshops")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workshop_users")),
        sa.UniqueConstraint("email", name=op.f("uq_workshop_users_email")),
    )
    with op.batch_alter_table("workshop_users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_workshop_users_workshop_id"), ["workshop_id"], unique=False
        )

    with op.batch_alter_table("designs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_ref", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("title", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("source_version_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_designs_customer_ref"), ["customer_ref"], unique=False)

    with op.batch_alter_table("merchants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("country", sa.String(length=2), server_default="FR", nullable=False)
        )
        batch_op.add_column(
            sa.Column("proof_reminder_hours", sa.Integer(), server_default="48", nullable=False)
        )

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("fulfilled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("platform_fulfillment_id", sa.String(length=200), nullable=True)
        )

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_company_id", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("customer_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("locale", sa.String(length=16), nullable=True))
        batch_op.add_column(
            sa.Column(
                "shipping_address",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )

    with op.batch_alter_table("production_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("manager_email", sa.String(length=320), nullable=True))
        batch_op.add_column(sa.Column("locale", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("workshop_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("carrier", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("tracking_number", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("tracking_url", sa.String(length=1000), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_production_jobs_workshop_id"), ["workshop_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_production_jobs_workshop_id_workshops"),
            "workshops",
            ["workshop_id"],
            ["id"],
        )

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lead_time_days", sa.Integer(), server_default="5", nullable=False)
        )

    with op.batch_alter_table("proofs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("stage", sa.String(length=16), server_default="customer", nullable=False)
        )
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(batch_op.f("uq_proofs_job_id_revision"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_proofs_job_id_revision_stage"), ["job_id", "revision", "stage"]
        )


def downgrade():
    with op.batch_alter_table("proofs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_proofs_job_id_revision_stage"), type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_proofs_job_id_revision"), ["job_id", "revision"]
        )
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("stage")

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("lead_time_days")

    with op.batch_alter_table("production_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_production_jobs_workshop_id_workshops"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_production_jobs_workshop_id"))
        batch_op.drop_column("tracking_url")
        batch_op.drop_column("tracking_number")
        batch_op.drop_column("carrier")
        batch_op.drop_column("shipped_at")
        batch_op.drop_column("dispatched_at")
        batch_op.drop_column("workshop_id")
        batch_op.drop_column("due_at")
        batch_op.drop_column("locale")
        batch_op.drop_column("manager_email")

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("shipping_address")
        batch_op.drop_column("locale")
        batch_op.drop_column("customer_name")
        batch_op.drop_column("customer_company_id")

    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("platform_fulfillment_id")
        batch_op.drop_column("fulfilled_at")

    with op.batch_alter_table("merchants", schema=None) as batch_op:
        batch_op.drop_column("proof_reminder_hours")
        batch_op.drop_column("country")

    with op.batch_alter_table("designs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_designs_customer_ref"))
        batch_op.drop_column("source_version_id")
        batch_op.drop_column("title")
        batch_op.drop_column("customer_ref")

    with op.batch_alter_table("workshop_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshop_users_workshop_id"))

    op.drop_table("workshop_users")
    with op.batch_alter_table("dispatch_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispatch_rules_merchant_id"))

    op.drop_table("dispatch_rules")
    with op.batch_alter_table("workshops", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workshops_merchant_id"))

    op.drop_table("workshops")
    with op.batch_alter_table("companies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_companies_merchant_id"))

    op.drop_table("companies")
