"""Use cases: keep a send-promised step's promise with the thing itself, a file or a link
(domain/promised.py), or let go of it. One transaction each."""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from datetime import datetime
from typing import BinaryIO

from followup.domain import promised
from followup.domain.errors import Conflict, InvalidInput
from followup.domain.messages import Attachment
from followup.domain.model import OPEN_STATUSES, Application, Step
from followup.domain.promised import MB, Promised
from followup.ports import Applications, PromisedThings, Store


def attachment(file_name: str, stream: BinaryIO, limit_mb: int, mime_type: str = "") -> Attachment:
    """The file `stream` holds, as it goes out with a message: its base name, its MIME type
    (the one given, else guessed from its name), its bytes. Over `limit_mb` megabytes it is
    refused (TooLarge), the rest read only to say its size, never kept."""
    content = stream.read(limit_mb * MB + 1)
    size = len(content)
    while size > limit_mb * MB and (more := stream.read(MB)):
        size += len(more)
    kind = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
    name, kind = promised.check_file(file_name, size, kind, limit_mb)
    return Attachment(name, content, kind)


def _promise_of(repo: Applications, step_id: int) -> tuple[Step, int]:
    """The step and the id of the promise it keeps; refused for any other step."""
    step = repo.get_step(step_id)
    number = promised.promise_id(step)
    if number is None:
        raise InvalidInput(
            f"step {step_id} is a {step.kind} step: only a send-promised step takes what was "
            "promised (see `followup plan`)"
        )
    return step, number


def _open(step: Step) -> None:
    if step.status not in OPEN_STATUSES:
        raise Conflict(f"step {step.id} is {step.status.value}: what it sends cannot change now")


def kept(
    repo: PromisedThings,
    application: Application,
    step: Step,
    attached: Sequence[Attachment] = (),
) -> tuple[str | None, Promised | None]:
    """(what was promised, what it is kept with) for the application's send-promised step;
    (None, None) for any other. Without a file or link kept, the first file attached when
    approving (`send --attach`) is what it is kept with."""
    number = promised.promise_id(step)
    if number is None:
        return None, None
    what = next((p.what for p in application.promises if p.id == number), None)
    found = repo.promised([number]).get(number)
    if found is None and attached:
        first = attached[0]
        found = Promised(number, first.filename, first.mime_type, len(first.content))
    return what, found


def attach_file(store: Store, step_id: int, file: Attachment, now: datetime) -> Promised:
    """Keep the step's promise with this file, in place of any file or link before."""
    with store.transaction() as repo:
        step, number = _promise_of(repo, step_id)
        _open(step)
        found = Promised(number, file.filename, file.mime_type, len(file.content))
        repo.keep_promised(found, file.content, now)
        return found


def attach_link(store: Store, step_id: int, link: str, now: datetime) -> Promised:
    """Keep the step's promise with this link (http or https), in place of anything before."""
    checked = promised.check_link(link)
    with store.transaction() as repo:
        step, number = _promise_of(repo, step_id)
        _open(step)
        found = Promised(number, link=checked)
        repo.keep_promised(found, None, now)
        return found


def detach(store: Store, step_id: int) -> bool:
    """Forget the file or link the step's promise is kept with; whether there was one."""
    with store.transaction() as repo:
        step, number = _promise_of(repo, step_id)
        _open(step)
        return repo.drop_promised(number)


def shown(store: Store, step_id: int) -> Promised | None:
    """What the step's promise is kept with, if anything (None for other steps too)."""
    with store.transaction() as repo:
        step = repo.get_step(step_id)
        if step.application_id is None:
            return None
        return kept(repo, repo.get_application(step.application_id), step)[1]
