"""stores' extra web origins, for CORS on the widget's calls

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "store_origins",
        sa.Column("store_id", sa.String(length=32), nullable=False),
        sa.Column("origin", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["store_id"],
            ["stores.id"],
            name=op.f("fk_store_origins_store_id_stores"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("store_id", "origin", name=op.f("pk_store_origins")),
    )
    with op.batch_alter_table("store_origins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_store_origins_origin"), ["origin"], unique=False)


def downgrade():
    with op.batch_alter_table("store_origins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_store_origins_origin"))
    op.drop_table("store_origins")
