"""production jobs

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "production_jobs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("design_id", sa.String(length=32), nullable=False),
        sa.Column("design_version_id", sa.Integer(), nullable=False),
        sa.Column("order_ref", sa.String(length=200), nullable=False),
        sa.Column("line_ref", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column(
            "preflight",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("bundle_key", sa.String(length=300), nullable=True),
        sa.Column(
            "files",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'rendering', 'ready', 'refused', 'failed')",
            name=op.f("ck_production_jobs_status"),
        ),
        sa.ForeignKeyConstraint(
            ["design_id"], ["designs.id"], name=op.f("fk_production_jobs_design_id_designs")
        ),
        sa.ForeignKeyConstraint(
            ["design_version_id"],
            ["design_versions.id"],
            name=op.f("fk_production_jobs_design_version_id_design_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_production_jobs_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_production_jobs")),
        sa.UniqueConstraint(
            "merchant_id",
            "design_version_id",
            "order_ref",
            "line_ref",
            name=op.f("uq_production_jobs_order_line"),
        ),
    )
    with op.batch_alter_table("production_jobs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_production_jobs_design_id"), ["design_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_production_jobs_merchant_id"), ["merchant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_production_jobs_status"), ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("production_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_production_jobs_status"))
        batch_op.drop_index(batch_op.f("ix_production_jobs_merchant_id"))
        batch_op.drop_index(batch_op.f("ix_production_jobs_design_id"))

    op.drop_table("production_jobs")
