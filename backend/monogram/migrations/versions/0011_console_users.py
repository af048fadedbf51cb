"""console users and their password resets

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "console_users",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("merchant_id", sa.String(length=32), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=True),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "role IN ('owner', 'designer', 'operator')", name=op.f("ck_console_users_role")
        ),
        sa.ForeignKeyConstraint(
            ["merchant_id"], ["merchants.id"], name=op.f("fk_console_users_merchant_id_merchants")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_users")),
        sa.UniqueConstraint("email", name=op.f("uq_console_users_email")),
    )
    with op.batch_alter_table("console_users", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_console_users_merchant_id"), ["merchant_id"], unique=False
        )

    op.create_table(
        "console_password_resets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["console_users.id"],
            name=op.f("fk_console_password_resets_user_id_console_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_console_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_console_password_resets_token_hash")),
    )
    with op.batch_alter_table("console_password_resets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_console_password_resets_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("console_password_resets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_console_password_resets_user_id"))

    op.drop_table("console_password_resets")
    with op.batch_alter_table("console_users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_console_users_merchant_id"))

    op.drop_table("console_users")
