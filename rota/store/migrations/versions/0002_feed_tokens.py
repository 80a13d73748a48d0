"""Feed tokens: who may fetch which calendar feed. Only the SHA-256 of each secret is kept.

Revision ID: 0002_feed_tokens
Revises: 0001
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_feed_tokens"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("feed", sa.String(length=100), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["replaced_by"],
            ["feed_tokens.id"],
            name="fk_feed_tokens_replaced_by",
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name="uq_feed_tokens_token_hash"),
    )
    op.create_index(op.f("ix_feed_tokens_feed"), "feed_tokens", ["feed"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_feed_tokens_feed"), table_name="feed_tokens")
    op.drop_table("feed_tokens")
