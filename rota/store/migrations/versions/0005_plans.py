"""Plans kept in the store, so publishing works from the store alone and a calendar version
names the plan it came from.

Revision ID: 0005_plans
Revises: 0004_sign_in_throttle
Create Date: 2026-12-03 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_plans"
down_revision = "0004_sign_in_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=10), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("scenario_id", sa.Integer(), nullable=False),
        sa.Column("calendar", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["scenario_id"], ["scenarios.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("calendar_versions") as batch:
        batch.add_column(sa.Column("plan_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_calendar_versions_plan_id", "plans", ["plan_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("calendar_versions") as batch:
        batch.drop_constraint("fk_calendar_versions_plan_id", type_="foreignkey")
        batch.drop_column("plan_id")
    op.drop_table("plans")
