"""products' 3D models: a GLB asset and the names of its materials

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_assets_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_assets_kind"), "kind IN ('raster', 'vector', 'font', 'model')"
        )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("model_asset_id", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column(
                "model_materials",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_products_model_asset_id_assets"), "assets", ["model_asset_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_products_model_asset_id_assets"), type_="foreignkey"
        )
        batch_op.drop_column("model_materials")
        batch_op.drop_column("model_asset_id")
    op.execute("DELETE FROM assets WHERE kind = 'model'")
    with op.batch_alter_table("assets", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_assets_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_assets_kind"), "kind IN ('raster', 'vector', 'font')"
        )
