"""Storage in SQLite or PostgreSQL through SQLAlchemy Core (no ORM) and Alembic migrations.

`store.open_store(url, user)` is the entry point. Alembic is imported only when the database
needs migrating, and the ORM never, so opening a store stays fast.
"""
