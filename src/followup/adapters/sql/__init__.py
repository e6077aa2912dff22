"""Storage in SQLite or PostgreSQL: plain DB-API at run time, SQLAlchemy and Alembic to migrate.

`store.open_store(url, user)` is the entry point. `tables.py` (SQLAlchemy Core) and the Alembic
migrations define the schema; they are imported only when the database is new or behind, and by
tests. Commands run on `sqlite3` or psycopg alone (`database`, `dialects`), so opening a store
stays fast.
"""
