"""One schema with aware moments: release 0.1's database brought up to this release, data kept.

- `documents.ingested_at` and `people.created_at` become timezone-aware. Release 0.1 wrote
  aware UTC moments into these naive columns. On PostgreSQL the server turned them into wall
  time of the session's `TimeZone` (UTC on a default server, Asia/Ho_Chi_Minh on one installed
  in Vietnam), so they are read back in that same zone, which is what the implicit cast does;
  for a UTC server this is `AT TIME ZONE 'UTC'`. SQLite kept the UTC text as is, and keeps it.
- `apscheduler_jobs` is dropped if present. It was APScheduler's job store: a cache derived
  from `digest_subscriptions` (still the truth: the scheduler rebuilds one job per
  subscription when it starts), and it held pickled Python objects that no later release
  should have to unpickle.
- `digest_subscriptions.scope`, when it was added by hand as release 0.1's README said (with a
  default and without NOT NULL), becomes what the model declares: NOT NULL, no default.
- SQLite only: the tables with unique constraints are rebuilt so the constraints carry the
  names the model gives them (PostgreSQL's own names, which a PostgreSQL database already has),
  so later revisions can name what they change. Rows, ids and AUTOINCREMENT counters are kept.
  `bot.database` runs this with foreign keys off inside one transaction: dropping a parent
  table must not cascade into its children, and a failure leaves the database as it was.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

MOMENT = sa.DateTime(timezone=True)


def _rebuilt(meta: sa.MetaData) -> list[tuple[sa.Table, bool]]:
    """The SQLite tables to rebuild, as the model declares them (and whether AUTOINCREMENT)."""

    def key(name: str) -> sa.Column[int]:
        return sa.Column(name, sa.Integer, nullable=False)

    return [
        (
            sa.Table(
                "collections",
                meta,
                key("id"),
                sa.Column("name", sa.String(200), nullable=False),
                sa.Column("sensitivity", sa.String(20), nullable=False),
                sa.PrimaryKeyConstraint("id", name="collections_pkey"),
                sa.UniqueConstraint("name", name="collections_name_key"),
            ),
            False,
        ),
        (
            sa.Table(
                "documents",
                meta,
                key("id"),
                key("collection_id"),
                sa.Column("source", sa.String(1000), nullable=False),
                sa.Column("title", sa.Text, nullable=False),
                sa.Column("number", sa.String(100)),
                sa.Column("content_hash", sa.String(64), nullable=False),
                sa.Column("file_type", sa.String(10), nullable=False),
                sa.Column("ingested_at", MOMENT, nullable=False),
                sa.PrimaryKeyConstraint("id", name="documents_pkey"),
                sa.UniqueConstraint(
                    "collection_id", "source", name="documents_collection_id_source_key"
                ),
                sa.ForeignKeyConstraint(
                    ["collection_id"], ["collections.id"], name="documents_collection_id_fkey"
                ),
            ),
            False,
        ),
        (
            sa.Table(
                "collection_readers",
                meta,
                key("id"),
                key("collection_id"),
                sa.Column("kind", sa.String(10), nullable=False),
                sa.Column("subject", sa.String(200), nullable=False),
                sa.PrimaryKeyConstraint("id", name="collection_readers_pkey"),
                sa.UniqueConstraint(
                    "collection_id",
                    "kind",
                    "subject",
                    name="collection_readers_collection_id_kind_subject_key",
                ),
                sa.ForeignKeyConstraint(
                    ["collection_id"],
                    ["collections.id"],
                    name="collection_readers_collection_id_fkey",
                    ondelete="CASCADE",
                ),
            ),
            False,
        ),
        (
            sa.Table(
                "pending_files",
                meta,
                sa.Column("code", sa.String(12), nullable=False),
                sa.Column("name", sa.String(300), nullable=False),
                sa.Column("file_type", sa.String(10), nullable=False),
                sa.Column("sha256", sa.String(64), nullable=False),
                sa.Column("data", sa.LargeBinary, nullable=False),
                sa.Column("at", MOMENT, nullable=False),
                sa.PrimaryKeyConstraint("code", name="pending_files_pkey"),
                sa.UniqueConstraint("sha256", name="pending_files_sha256_key"),
                sa.Index("ix_pending_files_at", "at"),
            ),
            False,
        ),
        (
            sa.Table(
                "digest_subscriptions",
                meta,
                sa.Column("id", sa.Integer, primary_key=True, nullable=False),
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
                sa.UniqueConstraint(
                    "platform", "channel", name="digest_subscriptions_platform_channel_key"
                ),
                sqlite_autoincrement=True,
            ),
            True,
        ),
    ]


def _sqlite_rebuild() -> None:
    """Rebuild the tables whose unique constraints SQLite holds without a name."""
    bind = op.get_bind()
    for table, autoincrement in _rebuilt(sa.MetaData()):
        # A rebuilt AUTOINCREMENT table would restart its counter at the highest id left; the
        # counter of removed subscriptions is put back so their ids stay unused.
        counter = (
            bind.scalar(
                sa.text("SELECT seq FROM sqlite_sequence WHERE name = :t"), {"t": table.name}
            )
            if autoincrement
            else None
        )
        with op.batch_alter_table(
            table.name,
            copy_from=table,
            recreate="always",
            table_kwargs={"sqlite_autoincrement": autoincrement},
        ):
            pass
        if counter is not None:  # never below the highest id copied, so it is the counter
            op.execute(
                sa.text("DELETE FROM sqlite_sequence WHERE name = :t").bindparams(t=table.name)
            )
            op.execute(
                sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :seq)").bindparams(
                    t=table.name, seq=counter
                )
            )


def upgrade() -> None:
    """Aware moments, no job cache, the hand-added column as declared, named constraints."""
    bind = op.get_bind()
    op.execute("DROP TABLE IF EXISTS apscheduler_jobs")
    op.execute("UPDATE digest_subscriptions SET scope = 'chat' WHERE scope IS NULL")
    if bind.dialect.name == "sqlite":
        _sqlite_rebuild()
        return
    for table, column in (("documents", "ingested_at"), ("people", "created_at")):
        op.alter_column(
            table,
            column,
            type_=MOMENT,
            existing_type=sa.DateTime(),
            existing_nullable=False,
            postgresql_using=f"{column} AT TIME ZONE current_setting('TimeZone')",
        )
    op.alter_column(
        "digest_subscriptions",
        "scope",
        existing_type=sa.String(10),
        nullable=False,
        server_default=None,
    )


def downgrade() -> None:
    """Not offered: going back means restoring the backup taken before the upgrade."""
    raise NotImplementedError("vanthu's migrations go forward only; restore a backup instead")
