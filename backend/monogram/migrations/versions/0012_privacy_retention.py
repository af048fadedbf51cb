"""privacy: retention settings of merchants and the erasure log

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("merchants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("abandoned_design_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("unused_upload_days", sa.Integer(), nullable=True))

    op.create_table(
        "privacy_erasures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column(
            "counts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["merchant_id"],
            ["merchants.id"],
            name=op.f("fk_privacy_erasures_merchant_id_merchants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_erasures")),
    )
    with op.batch_alter_table("privacy_erasures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_privacy_erasures_merchant_id"), ["merchant_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("privacy_erasures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_privacy_erasures_merchant_id"))

    op.drop_table("privacy_erasures")
    with op.batch_alter_table("merchants", schema=None) as batch_op:
        batch_op.drop_column("unused_upload_days")
        batch_op.drop_column("abandoned_design_days")
