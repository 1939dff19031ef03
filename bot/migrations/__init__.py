"""The schema's history as Alembic revisions, run by `bot.database` (no alembic.ini needed).

`versions/` holds one file per revision. The revisions never import vanthu's own modules: each
spells out the tables as they were at that point, so later changes to the models cannot change
what an old revision does.
"""
