"""`followup templates list|show|edit|reset`: the message templates and your own copies."""

from typing import TYPE_CHECKING, Annotated

import typer

from followup.cli.context import current
from followup.cli.output import Json, emit, table
from followup.domain.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(help="The message templates, and your own copies of them.", no_args_is_help=True)

Name = Annotated[
    str,
    typer.Argument(
        help="A template name, e.g. thank-you.email.warm (the .txt.j2 may be left out)."
    ),
]


@app.command("list")
def list_(json_: Json = False) -> None:
    """Every template, and whether you have your own copy."""
    from followup.adapters import templates

    dirs = current().templates
    rows = []
    for name in templates.template_names(dirs):
        _, path, overridden = templates.template_source(name, dirs)
        rows.append({"name": name, "overridden": overridden, "path": str(path)})

    def human(out: "Console") -> None:
        marks = [(r["name"], "yours" if r["overridden"] else "", r["path"]) for r in rows]
        table(out, None, ["template", "yours?", "file"], marks)

    emit(rows, json_, human)


@app.command()
def show(name: Name, json_: Json = False) -> None:
    """Print a template (your copy if you have one)."""
    from followup.adapters import templates

    name = templates.template_file(name)
    text, path, overridden = templates.template_source(name, current().templates)
    emit(
        {"name": name, "path": str(path), "overridden": overridden, "text": text},
        json_,
        lambda out: out.print(text, markup=False, highlight=False),
    )


@app.command()
def edit(name: Name, json_: Json = False) -> None:
    """Copy a template into your config directory (once) and open it in $EDITOR."""
    from followup.adapters import templates
    from followup.cli.drafts import edit_in_editor

    dirs = current().templates
    name = templates.template_file(name)  # the name the drafts look for, ending and all
    text, _, _ = templates.template_source(name, dirs)
    changed = edit_in_editor(text)
    if not changed.strip():
        raise InvalidInput("the edited template is empty; nothing was kept")
    target = templates.keep_template(name, changed, dirs)
    emit(
        {"name": name, "path": str(target), "overridden": True},
        json_,
        lambda out: out.print(f"Kept your copy of {name} at {target}."),
    )


@app.command()
def reset(name: Name, json_: Json = False) -> None:
    """Delete your copy of a template: the shipped one applies again."""
    from followup.adapters import templates

    dirs = current().templates
    name = templates.template_file(name)
    _, path, overridden = templates.template_source(name, dirs)
    if overridden:
        path.unlink()
    emit(
        {"name": name, "reset": overridden},
        json_,
        lambda out: out.print(
            f"Removed your copy of {name}." if overridden else f"You had no copy of {name}."
        ),
    )
