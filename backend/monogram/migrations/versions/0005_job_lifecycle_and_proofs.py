"""job lifecycle (statuses, audit log) and proofs

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=400), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["production_jobs.id"], name=op.f("fk_job_events_job_id_production_jobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_events")),
    )
    with op.batch_alter_table("job_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_events_job_id"), ["job_id"], unique=False)

    op.create_table(
        "proofs",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("design_version_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=400), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("user_agent", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('sent', 'approved', 'changes_requested')", name=op.f("ck_proofs_status")
        ),
        sa.ForeignKeyConstraint(
            ["design_version_id"],
            ["design_versions.id"],
            name=op.f("fk_proofs_design_version_id_design_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["job_id"], ["production_jobs.id"], name=op.f("fk_proofs_job_id_production_jobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proofs")),
        sa.UniqueConstraint("job_id", "revision", name=op.f("uq_proofs_job_id_revision")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_proofs_token_hash")),
    )
    with op.batch_alter_table("proofs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proofs_job_id"), ["job_id"], unique=False)

    with op.batch_alter_table("production_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("proof_email", sa.String(length=320), nullable=True))
        batch_op.alter_column(
            "status",
            existing_type=sa.VARCHAR(length=16),
            type_=sa.String(length=20),
            existing_nullable=False,
        )
        batch_op.drop_constraint(batch_op.f("ck_production_jobs_status"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_production_jobs_status"),
            "status IN ('received', 'awaiting_proof', 'proof_sent', 'changes_requested', "
            "'approved', 'queued', 'rendering', 'ready', 'in_production', 'shipped', 'refused', "
            "'cancelled', 'failed')",
        )


def downgrade():
    with op.batch_alter_table("production_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_production_jobs_status"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_production_jobs_status"),
            "status IN ('queued', 'rendering', 'ready', 'refused', 'failed')",
        )
        batch_op.alter_column(
            "status",
            existing_type=sa.String(length=20),
            type_=sa.VARCHAR(length=16),
            existing_nullable=False,
        )
        batch_op.drop_column("proof_email")

    with op.batch_alter_table("proofs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proofs_job_id"))

    op.drop_table("proofs")
    with op.batch_alter_table("job_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_events_job_id"))

    op.drop_table("job_events")
