"""Alembic's environment for followup.

followup runs migrations itself (`followup.adapters.sql.migrate`), handing over its connection
in `config.attributes["connection"]`. Without one (a developer writing a revision with
`alembic.command.revision(migrate.alembic_config(url=...), autogenerate=True)`), an engine is
made from `sqlalchemy.url` the same way followup makes it.
"""

from alembic import context
from sqlalchemy import Connection

from followup.adapters.sql.tables import metadata

config = context.config


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()
elif (given := config.attributes.get("connection")) is not None:
    run_on(given)
else:
    from followup.adapters.sql.engine import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as connection:
        run_on(connection)
    engine.dispose()
