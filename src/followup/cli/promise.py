"""`followup promise attach|detach STEP`: what a send-promised step sends, kept with its
promise: a file (sent attached) or a link (in the text)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from followup import views
from followup.cli.context import current
from followup.cli.output import Json, emit
from followup.domain.errors import InvalidInput

if TYPE_CHECKING:
    from followup.domain.messages import Attachment
    from followup.domain.promised import Promised

app = typer.Typer(help="What you promised, kept with the thing itself: a file or a link.")

StepId = Annotated[
    int, typer.Argument(help="The send-promised step's id (see `followup plan APP_ID`).")
]


def read_attachment(path: Path, limit_mb: int) -> "Attachment":
    """The file at `path` as an attachment (its name, guessed type, bytes); refused over
    `limit_mb` megabytes (services/promised.py)."""
    from followup.services.promised import attachment

    try:
        with path.open("rb") as handle:
            return attachment(path.name, handle, limit_mb)
    except OSError as exc:
        raise InvalidInput(f"cannot read the file {path}: {exc.strerror}") from None


@app.command()
def attach(
    step_id: StepId,
    file: Annotated[
        Path | None, typer.Argument(help="The file you promised (sent attached to the email).")
    ] = None,
    link: Annotated[
        str | None,
        typer.Option("--link", help="Instead of a file, a link to it (http or https)."),
    ] = None,
    json_: Json = False,
) -> None:
    """Attach what you promised to its send-promised step: a file, or --link URL. A later
    attach replaces it; the file goes out with the email, the link in its text."""
    from followup.services import promised

    if (file is None) == (link is None):
        raise InvalidInput("give the file you promised, or --link URL (one of them)")
    app = current()
    if link is not None:
        kept = promised.attach_link(app.store, step_id, link, app.now())
    else:
        assert file is not None
        item = read_attachment(file, app.settings["attachment_max_mb"])
        kept = promised.attach_file(app.store, step_id, item, app.now())
    _emit(step_id, kept, json_)


def _emit(step_id: int, kept: "Promised", as_json: bool) -> None:
    where = "in the email's text" if kept.link else "attached to the email"
    data = {"step_id": step_id, "promised": views.promised_record(kept)}
    emit(
        data,
        as_json,
        lambda out: out.print(
            f"Step {step_id} sends {kept.shown}, {where}. See it: followup draft {step_id}",
            highlight=False,
            soft_wrap=True,
        ),
    )


@app.command()
def detach(step_id: StepId, json_: Json = False) -> None:
    """Remove the file or link attached to a send-promised step."""
    from followup.services import promised

    app = current()
    removed = promised.detach(app.store, step_id)
    text = "Removed" if removed else "Nothing was attached to"
    emit(
        {"step_id": step_id, "removed": removed},
        json_,
        lambda out: out.print(f"{text} step {step_id}'s promise.", highlight=False),
    )
