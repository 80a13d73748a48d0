"""Staffed quarters kept in the store, with their seat assignments, claims and swaps, and each
centre's auto-confirm setting (issue 19).

Revision ID: 0006_volunteer_claims
Revises: 0005_plans
Create Date: 2026-12-03 17:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_volunteer_claims"
down_revision = "0005_plans"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staffings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=10), nullable=False),
        sa.Column("people", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staffings_quarter", "staffings", ["quarter"])
    op.create_table(
        "seat_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staffing_id", sa.Integer(), nullable=False),
        sa.Column("responder", sa.String(length=100), nullable=False),
        sa.Column("centre", sa.String(length=100), nullable=False),
        sa.Column("service", sa.String(length=100), nullable=False),
        sa.Column("start", sa.String(length=40), nullable=False),
        sa.Column("end", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staffing_id"], ["staffings.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "staffing_id",
            "centre",
            "service",
            "start",
            "end",
            "kind",
            "seat",
            name="uq_seat_assignments_seat",
        ),
    )
    op.create_index("ix_seat_assignments_staffing_id", "seat_assignments", ["staffing_id"])
    op.create_index("ix_seat_assignments_responder", "seat_assignments", ["responder"])
    op.create_table(
        "swaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("centre", sa.String(length=100), nullable=False),
        sa.Column("offered_by", sa.String(length=100), nullable=False),
        sa.Column("taker", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["assignment_id"], ["seat_assignments.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_swaps_assignment_id", "swaps", ["assignment_id"])
    op.create_index("ix_swaps_centre", "swaps", ["centre"])
    op.create_table(
        "centre_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre", sa.String(length=100), nullable=False),
        sa.Column("auto_confirm_claims", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("centre", name="uq_centre_settings_centre"),
    )


def downgrade() -> None:
    op.drop_table("centre_settings")
    op.drop_index("ix_swaps_centre", table_name="swaps")
    op.drop_index("ix_swaps_assignment_id", table_name="swaps")
    op.drop_table("swaps")
    op.drop_index("ix_seat_assignments_responder", table_name="seat_assignments")
    op.drop_index("ix_seat_assignments_staffing_id", table_name="seat_assignments")
    op.drop_table("seat_assignments")
    op.drop_index("ix_staffings_quarter", table_name="staffings")
    op.drop_table("staffings")
