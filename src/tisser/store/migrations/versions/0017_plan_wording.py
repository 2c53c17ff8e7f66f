"""Plan lines keep the diagnosis's words: a nullable JSON column ``plan_actions.wording``.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08

Issue #18 item 4 (one source of actions): an action the diagnosis advised becomes a line of
the week's plan with its sentence and its reason (msgid and parameters), so ``tisser plan``,
the Plan page, the calendar and the digest say what ``tisser diagnose`` says.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("plan_actions", sa.Column("wording", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_actions") as batch:
        batch.drop_column("wording")
