"""Report rounds: registered templates, rounds opened in chats, the files sent in, results.

Three new tables, owned by `retrieval.records.rounds`; nothing existing changes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create report_templates, report_rounds and report_files."""
    op.create_table(
        "report_templates",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("added_by", sa.String(120), nullable=False),
        sa.Column("added_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="report_templates_pkey"),
        sa.UniqueConstraint("name", name="report_templates_name_key"),
    )
    op.create_table(
        "report_rounds",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("chat", sa.String(150), nullable=False),
        sa.Column("private", sa.Boolean, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("deadline", sa.Date, nullable=True),
        sa.Column("expected", sa.JSON, nullable=False),
        sa.Column("template", sa.String(200), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("opened_by", sa.String(120), nullable=False),
        sa.Column("opened_at", MOMENT, nullable=False),
        sa.Column("closed_at", MOMENT, nullable=True),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("labels", sa.JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name="report_rounds_pkey"),
    )
    op.create_index("report_rounds_chat", "report_rounds", ["chat", "state"])
    op.create_table(
        "report_files",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("round_id", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(300), nullable=True),
        sa.Column("unit_given", sa.Boolean, nullable=False),
        sa.Column("sender", sa.String(120), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("file_type", sa.String(10), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="report_files_pkey"),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["report_rounds.id"],
            name="report_files_round_id_fkey",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_report_files_round_id", "report_files", ["round_id"])


def downgrade() -> None:
    """Not offered: going back means restoring the backup taken before the upgrade."""
    raise NotImplementedError("vanthu's migrations go forward only; restore a backup instead")
