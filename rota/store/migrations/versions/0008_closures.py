"""Centres' planned closures kept in the store: filed by a centre, approved or returned by the
coordinator, and written into the next network version when approved; and the coordinator's
confirmations of values the network file marks as assumptions; and centres' proposed changes
to their duty agreements.

Revision ID: 0008_closures
Revises: 0007_notifications
Create Date: 2026-12-03 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_closures"
down_revision = "0007_notifications"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre", sa.String(length=100), nullable=False),
        sa.Column("first", sa.Date(), nullable=False),
        sa.Column("last", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_closures_centre", "closures", ["centre"])
    op.create_index("ix_closures_status", "closures", ["status"])
    op.create_table(
        "assumption_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("confirmed_by", sa.String(length=200), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_assumption_confirmations_key", "assumption_confirmations", ["key"])
    op.create_table(
        "agreement_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre", sa.String(length=100), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_agreement_changes_centre", "agreement_changes", ["centre"])
    op.create_index("ix_agreement_changes_status", "agreement_changes", ["status"])


def downgrade() -> None:
    op.drop_index("ix_agreement_changes_status", table_name="agreement_changes")
    op.drop_index("ix_agreement_changes_centre", table_name="agreement_changes")
    op.drop_table("agreement_changes")
    op.drop_index("ix_assumption_confirmations_key", table_name="assumption_confirmations")
    op.drop_table("assumption_confirmations")
    op.drop_index("ix_closures_status", table_name="closures")
    op.drop_index("ix_closures_centre", table_name="closures")
    op.drop_table("closures")
