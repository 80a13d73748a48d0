"""Sign-in that holds: disabled accounts, and per-account and per-address failure counters
shared by every process that signs people in.

Revision ID: 0004_sign_in_throttle
Revises: 0003_accounts
Create Date: 2026-12-01 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_sign_in_throttle"
down_revision = "0003_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch:
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "sign_in_throttles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locks", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_sign_in_throttles_key"),
    )


def downgrade() -> None:
    op.drop_table("sign_in_throttles")
    with op.batch_alter_table("accounts") as batch:
        batch.drop_column("disabled_at")
