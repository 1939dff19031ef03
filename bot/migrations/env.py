"""Alembic's environment: run the revisions on the connection that `bot.database` hands over.

The caller holds the database lock and the transaction; offline (SQL script) mode is not offered.
"""

from __future__ import annotations

from alembic import context

if context.is_offline_mode():
    raise RuntimeError("vanthu's migrations run on a live connection (vanthu db upgrade)")

context.configure(connection=context.config.attributes["connection"])
with context.begin_transaction():
    context.run_migrations()
