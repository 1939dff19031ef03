"""Release 0.1 (commit 57d9561): the schema its `create_all` made, on SQLite and PostgreSQL.

Constraints carry no names here, as then: PostgreSQL gave them its default names, SQLite none.
Two moments were still naive (`documents.ingested_at`, `people.created_at`); 0002 fixes them.

A database made by release 0.1 has these tables and no `alembic_version`. `bot.database` adopts
it by running this revision over it (after adding the columns and indexes that release's README
asked for by hand): a table that exists is kept as it is, a missing one is created, so for a
complete release database this revision only records itself.

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.schema import SchemaItem

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

MOMENT = sa.DateTime(timezone=True)
NAIVE = sa.DateTime()


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True, nullable=False)


Table = tuple[str, list[SchemaItem], list[tuple[str, list[str]]], dict[str, bool]]


def tables() -> list[Table]:
    """(table, columns and constraints, indexes as (name, columns), options), made afresh on
    each call (a column belongs to one table), parents before the tables pointing at them."""
    return [
        (
            "collections",
            [
                _id(),
                sa.Column("name", sa.String(200), nullable=False),
                sa.Column("sensitivity", sa.String(20), nullable=False),
                sa.UniqueConstraint("name"),
            ],
            [],
            {},
        ),
        ("library_state", [_id(), sa.Column("revision", sa.Integer, nullable=False)], [], {}),
        (
            "people",
            [_id(), sa.Column("created_at", NAIVE, nullable=False)],
            [],
            {"autoincrement": True},
        ),
        (
            "pending_files",
            [
                sa.Column("code", sa.String(12), primary_key=True, nullable=False),
                sa.Column("name", sa.String(300), nullable=False),
                sa.Column("file_type", sa.String(10), nullable=False),
                sa.Column("sha256", sa.String(64), nullable=False),
                sa.Column("data", sa.LargeBinary, nullable=False),
                sa.Column("at", MOMENT, nullable=False),
                sa.UniqueConstraint("sha256"),
            ],
            [("ix_pending_files_at", ["at"])],
            {},
        ),
        (
            "documents",
            [
                _id(),
                sa.Column("collection_id", sa.Integer, nullable=False),
                sa.Column("source", sa.String(1000), nullable=False),
                sa.Column("title", sa.Text, nullable=False),
                sa.Column("number", sa.String(100)),
                sa.Column("content_hash", sa.String(64), nullable=False),
                sa.Column("file_type", sa.String(10), nullable=False),
                sa.Column("ingested_at", NAIVE, nullable=False),
                sa.UniqueConstraint("collection_id", "source"),
                sa.ForeignKeyConstraint(["collection_id"], ["collections.id"]),
            ],
            [],
            {},
        ),
        (
            "identities",
            [
                sa.Column("platform", sa.String(20), primary_key=True, nullable=False),
                sa.Column("user_id", sa.String(100), primary_key=True, nullable=False),
                sa.Column("person_id", sa.Integer, nullable=False),
                sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
            ],
            [("ix_identities_person_id", ["person_id"])],
            {},
        ),
        (
            "person_roles",
            [
                sa.Column("person_id", sa.Integer, primary_key=True, nullable=False),
                sa.Column("role", sa.String(20), primary_key=True, nullable=False),
                sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
            ],
            [],
            {},
        ),
        (
            "collection_readers",
            [
                _id(),
                sa.Column("collection_id", sa.Integer, nullable=False),
                sa.Column("kind", sa.String(10), nullable=False),
                sa.Column("subject", sa.String(200), nullable=False),
                sa.UniqueConstraint("collection_id", "kind", "subject"),
                sa.ForeignKeyConstraint(["collection_id"], ["collections.id"], ondelete="CASCADE"),
            ],
            [],
            {},
        ),
        (
            "chunks",
            [
                _id(),
                sa.Column("document_id", sa.Integer, nullable=False),
                sa.Column("ordinal", sa.Integer, nullable=False),
                sa.Column("heading", sa.Text, nullable=False),
                sa.Column("article", sa.String(200)),
                sa.Column("section", sa.Text),
                sa.Column("page", sa.Integer),
                sa.Column("text", sa.Text, nullable=False),
                sa.Column("embedding", sa.LargeBinary),
                sa.Column("embedding_model", sa.String(300)),
                sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE"),
            ],
            [],
            {"autoincrement": True},
        ),
        (
            "question_events",
            [
                _id(),
                sa.Column("at", MOMENT, nullable=False),
                sa.Column("platform", sa.String(20), nullable=False),
                sa.Column("chat_id", sa.String(100), nullable=False),
                sa.Column("user_id", sa.String(100), nullable=False),
                sa.Column("language", sa.String(5), nullable=False),
                sa.Column("question", sa.Text, nullable=False),
                sa.Column("covered", sa.Boolean, nullable=False),
                sa.Column("documents", sa.JSON, nullable=False),
                sa.Column("terms", sa.JSON, nullable=False),
            ],
            [
                ("ix_question_events_at", ["at"]),
                ("question_events_chat", ["platform", "chat_id", "at"]),
            ],
            {},
        ),
        (
            "summary_events",
            [
                _id(),
                sa.Column("at", MOMENT, nullable=False),
                sa.Column("platform", sa.String(20), nullable=False),
                sa.Column("chat_id", sa.String(100), nullable=False),
                sa.Column("user_id", sa.String(100), nullable=False),
                sa.Column("title", sa.Text, nullable=False),
                sa.Column("number", sa.String(100)),
                sa.Column("issuer", sa.Text),
                sa.Column("summary", sa.Text),
            ],
            [
                ("ix_summary_events_at", ["at"]),
                ("summary_events_chat", ["platform", "chat_id", "at"]),
            ],
            {},
        ),
        (
            "document_events",
            [
                _id(),
                sa.Column("at", MOMENT, nullable=False),
                sa.Column("action", sa.String(10), nullable=False),
                sa.Column("title", sa.Text, nullable=False),
                sa.Column("number", sa.String(100)),
                sa.Column("collection", sa.String(100), nullable=False),
            ],
            [("ix_document_events_at", ["at"])],
            {},
        ),
        (
            "digest_deliveries",
            [
                sa.Column("subscription_id", sa.Integer, primary_key=True, nullable=False),
                sa.Column("period_end", MOMENT, primary_key=True, nullable=False),
                sa.Column("period_start", MOMENT, nullable=False),
                sa.Column("state", sa.String(10), nullable=False),
                sa.Column("parts_sent", sa.Integer, nullable=False),
                sa.Column("attempts", sa.Integer, nullable=False),
                sa.Column("holder", sa.String(120), nullable=False),
                sa.Column("claimed_at", MOMENT, nullable=False),
            ],
            [],
            {},
        ),
        (
            "scheduler_lease",
            [
                sa.Column("name", sa.String(50), primary_key=True, nullable=False),
                sa.Column("holder", sa.String(100), nullable=False),
                sa.Column("expires_at", MOMENT, nullable=False),
            ],
            [],
            {},
        ),
        (
            "digest_subscriptions",
            [
                _id(),
                sa.Column("platform", sa.String(20), nullable=False),
                sa.Column("channel", sa.String(100), nullable=False),
                sa.Column("schedule", sa.String(100), nullable=False),
                sa.Column("timezone", sa.String(60), nullable=False),
                sa.Column("weekdays_only", sa.Boolean, nullable=False),
                sa.Column("skip_holidays", sa.Boolean, nullable=False),
                sa.Column("language", sa.String(5), nullable=False),
                sa.Column("scope", sa.String(10), nullable=False),
                sa.Column("created_by", sa.String(100), nullable=False),
                sa.Column("created_at", MOMENT, nullable=False),
                sa.UniqueConstraint("platform", "channel"),
            ],
            [],
            {"autoincrement": True},
        ),
        (
            "audit_log",
            [
                _id(),
                sa.Column("at", MOMENT, nullable=False),
                sa.Column("actor", sa.String(120), nullable=False),
                sa.Column("chat", sa.String(120), nullable=False),
                sa.Column("action", sa.String(30), nullable=False),
                sa.Column("documents", sa.JSON, nullable=False),
                sa.Column("detail", sa.Text, nullable=False),
            ],
            [("ix_audit_log_at", ["at"]), ("ix_audit_log_actor", ["actor"])],
            {},
        ),
        (
            "inbox",
            [
                sa.Column("platform", sa.String(20), primary_key=True, nullable=False),
                sa.Column("key", sa.String(200), primary_key=True, nullable=False),
                sa.Column("state", sa.String(10), nullable=False),
                sa.Column("claimed_at", MOMENT, nullable=False),
            ],
            [("ix_inbox_claimed_at", ["claimed_at"])],
            {},
        ),
        (
            "feedback_events",
            [
                sa.Column("question_id", sa.Integer, primary_key=True, nullable=False),
                sa.Column("user_id", sa.String(100), primary_key=True, nullable=False),
                sa.Column("useful", sa.Boolean, nullable=False),
                sa.Column("at", MOMENT, nullable=False),
                sa.ForeignKeyConstraint(
                    ["question_id"], ["question_events.id"], ondelete="CASCADE"
                ),
            ],
            [],
            {},
        ),
        (
            "deadline_events",
            [
                _id(),
                sa.Column("summary_id", sa.Integer, nullable=False),
                sa.Column("due", sa.Date),
                sa.Column("text", sa.Text, nullable=False),
                sa.ForeignKeyConstraint(["summary_id"], ["summary_events.id"], ondelete="CASCADE"),
            ],
            [
                ("ix_deadline_events_summary_id", ["summary_id"]),
                ("ix_deadline_events_due", ["due"]),
            ],
            {},
        ),
    ]


def upgrade() -> None:
    """Create release 0.1's tables that are missing, and the library's revision row."""
    present = set(sa.inspect(op.get_bind()).get_table_names())
    for name, items, indexes, options in tables():
        if name in present:
            continue
        # AUTOINCREMENT on SQLite: ids of removed people, chunks and subscriptions never return.
        op.create_table(name, *items, sqlite_autoincrement=options.get("autoincrement", False))
        for index, columns in indexes:
            op.create_index(index, name, columns)
    # The single revision row exists from the start, so two first ingests cannot both add it.
    op.execute(
        "INSERT INTO library_state (id, revision) SELECT 1, 0 "
        "WHERE NOT EXISTS (SELECT 1 FROM library_state WHERE id = 1)"
    )


def downgrade() -> None:
    """Not offered: going back means restoring the backup taken before the upgrade."""
    raise NotImplementedError("vanthu's migrations go forward only; restore a backup instead")
