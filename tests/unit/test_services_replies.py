"""take_replies and replies_to_show with the in-memory store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from followup import services
from followup.bootstrap import default_playbook
from followup.domain.errors import Conflict
from followup.domain.mail import IncomingMail
from followup.domain.model import (
    AUTO_REPLY,
    Application,
    Channel,
    Contact,
    DecisionKind,
    Direction,
    Interview,
    Relation,
    StepStatus,
    Touch,
)
from followup.domain.playbook import NUDGES
from followup.services import replies

from .fakes import FakeStore

PLAYBOOK = default_playbook()
INTERVIEW = datetime(2026, 12, 1, 10, tzinfo=UTC)  # a Tuesday
NOW = datetime(2026, 12, 9, 9, tzinfo=UTC)  # the check-in call is planned by now


def recorded(store: FakeStore, company: str = "Acme", email: str = "priya@acme.example") -> int:
    app = Application(
        company=company,
        role="Data Analyst",
        interviews=(
            Interview(start=INTERVIEW, end=INTERVIEW + timedelta(hours=1), timezone="UTC"),
        ),
        contacts=(
            Contact(name="Priya Shah", email=email),
            Contact(name="Tom Ellis", relation=Relation.HR, email="tom@acme.example"),
        ),
    )
    stored = services.applications.record_interview(store, app, PLAYBOOK, INTERVIEW)
    assert stored.id is not None
    return stored.id


def mail(text: str = "Thanks Alex, we will be in touch.", **changes: object) -> IncomingMail:
    base = IncomingMail(
        message_id="<r1@acme.example>",
        sender="priya@acme.example",
        subject="Re: Thank you",
        at=NOW - timedelta(hours=1),
        text=text,
    )
    return replace(base, **changes)


def nudges(store: FakeStore, app_id: int) -> list:
    return [s for s in services.applications.application(store, app_id).steps if s.kind in NUDGES]


def test_a_reply_is_logged_pauses_nudges_and_shows_in_today() -> None:
    store = FakeStore()
    app_id = recorded(store)
    assert [s.status for s in nudges(store, app_id)] == [StepStatus.PLANNED]
    [logged] = replies.take_replies(store, [mail()], PLAYBOOK, NOW)
    assert (logged.application_id, logged.company, logged.contact) == (app_id, "Acme", "Priya Shah")
    assert logged.touch.id is not None and logged.touch.direction is Direction.IN
    assert (
        logged.touch.contact_id == services.applications.application(store, app_id).contacts[0].id
    )
    assert [s.status for s in nudges(store, app_id)] == [StepStatus.CANCELLED]
    assert replies.replies_to_show(store, NOW) == [logged]
    assert services.agenda.agenda(store, PLAYBOOK, NOW, timedelta(days=1)).replies == [logged]
    # The user answers: the reply is no longer shown, and the nudge is back.
    answer = Touch(Channel.EMAIL, Direction.OUT, NOW)
    services.applications.log_touch(store, app_id, answer, PLAYBOOK, NOW)
    assert replies.replies_to_show(store, NOW + timedelta(minutes=1)) == []
    assert [s.status for s in nudges(store, app_id)] == [StepStatus.PLANNED]


def test_an_auto_reply_is_logged_and_changes_nothing() -> None:
    store = FakeStore()
    app_id = recorded(store)
    before = services.applications.application(store, app_id)
    # An absence notice that names no return date.
    auto = mail("I am out of the office with limited access to email.", subject="Automatic reply")
    [logged] = replies.take_replies(store, [auto], PLAYBOOK, NOW)
    assert logged.touch.outcome == AUTO_REPLY
    after = services.applications.application(store, app_id)
    assert after.steps == before.steps
    assert after.touches == (logged.touch,)
    assert replies.replies_to_show(store, NOW) == []


def test_a_mail_already_logged_is_not_logged_twice() -> None:
    store = FakeStore()
    app_id = recorded(store)
    assert len(replies.take_replies(store, [mail(), mail()], PLAYBOOK, NOW)) == 1
    assert replies.take_replies(store, [mail(message_id=" r1@acme.example")], PLAYBOOK, NOW) == []
    assert len(services.applications.application(store, app_id).touches) == 1


def test_our_own_mail_and_mail_we_sent_are_not_replies() -> None:
    store = FakeStore()
    app_id = recorded(store)
    services.people.update_profile(store, {"name": "Alex Morgan", "email": "alex@example.org"})
    store.data.sent["<sent-1@followup>"] = app_id
    own = mail(sender="alex@example.org", in_reply_to="<sent-1@followup>", message_id="<m2@x>")
    sent = mail(message_id="<sent-1@followup>")
    assert replies.take_replies(store, [own, sent], PLAYBOOK, NOW) == []
    assert services.applications.application(store, app_id).touches == ()


def test_unmatched_mail_is_ignored_and_not_stored() -> None:
    store = FakeStore()
    app_id = recorded(store)
    commits = store.commits
    stranger = mail(sender="news@shop.example", message_id="<n1@shop>")
    assert replies.take_replies(store, [stranger], PLAYBOOK, NOW) == []
    assert store.commits == commits + 1  # one transaction, with nothing in it
    assert services.applications.application(store, app_id).touches == ()


def test_replies_in_one_batch_follow_their_thread_and_each_application() -> None:
    store = FakeStore()
    acme = recorded(store)
    beta = recorded(store, "Beta", "jo@beta.example")
    first = mail(at=NOW - timedelta(hours=3))
    # From an address nobody knows, answering Priya's mail: Acme's, by its thread.
    second = mail(
        "Looping in our CTO.",
        sender="cto@acme-holding.example",
        message_id="<r2@acme>",
        in_reply_to="<r1@acme.example>",
        at=NOW - timedelta(hours=2),
    )
    third = mail(
        "We are delighted to offer you the position.",
        sender="jo@beta.example",
        message_id="<b1@beta>",
        at=NOW - timedelta(minutes=30),
    )
    logged = replies.take_replies(store, [third, second, first], PLAYBOOK, NOW)
    assert [(r.application_id, r.touch.message_id) for r in logged] == [
        (acme, "<r1@acme.example>"),
        (acme, "<r2@acme>"),
        (beta, "<b1@beta>"),
    ]
    assert (logged[1].contact, logged[1].sender) == (None, "cto@acme-holding.example")
    shown = replies.replies_to_show(store, NOW)
    assert [r.touch.message_id for r in shown] == ["<b1@beta>", "<r2@acme>", "<r1@acme.example>"]
    assert (shown[0].company, shown[0].decision) == ("Beta", DecisionKind.OFFER)


def test_a_flag_is_never_a_decision_and_deciding_clears_the_reply() -> None:
    store = FakeStore()
    app_id = recorded(store)
    no = mail("Unfortunately, we have decided not to proceed with your application.")
    [logged] = replies.take_replies(store, [no], PLAYBOOK, NOW)
    assert logged.flag == "rejection"
    app = services.applications.application(store, app_id)
    assert app.decisions == () and app.stage.value == "interviewing"
    services.applications.decide(store, app_id, DecisionKind.REJECTED, PLAYBOOK, NOW)
    assert replies.replies_to_show(store, NOW) == []


def test_a_reply_logged_by_hand_shows_too() -> None:
    store = FakeStore()
    app_id = recorded(store)
    call = Touch(Channel.PHONE, Direction.IN, NOW - timedelta(hours=2), note="Called back")
    services.applications.log_touch(store, app_id, call, PLAYBOOK, NOW)
    [shown] = replies.replies_to_show(store, NOW)
    assert (shown.subject, shown.sender, shown.flag) == ("Called back", None, None)
    assert replies.replies_to_show(store, NOW - timedelta(hours=3)) == []  # not arrived yet then


def test_an_out_of_office_reply_with_a_return_date_moves_its_writers_steps_after_it() -> None:
    """Interview Tue 1 Dec (UTC, no holidays): thank-you Tue 1 12:00 - Thu 3 17:00 (overdue by
    now), check-in call Tue 8 09:00 - Fri 11 17:00. Priya is away until Friday 11 December."""
    store = FakeStore()
    app_id = recorded(store)
    auto = mail(
        "I am out of the office until Friday 11 December, with no access to email.",
        subject="Automatic reply: Thank you",
    )
    [logged] = replies.take_replies(store, [auto], PLAYBOOK, NOW)
    assert logged.touch.outcome == AUTO_REPLY
    steps = {s.kind: s for s in services.applications.application(store, app_id).steps}
    thanks, call = steps["thank-you"], steps["check-in-call"]
    # Her first working morning after Friday 11: Monday 14 09:00. Each keeps its working days:
    # the thank-you 2 more (Tue 15, Wed 16), the call 3 more (Tue 15, Wed 16, Thu 17).
    assert (thanks.status, thanks.earliest, thanks.due) == (
        StepStatus.SNOOZED,
        datetime(2026, 12, 14, 9, tzinfo=UTC),
        datetime(2026, 12, 16, 17, tzinfo=UTC),
    )
    assert (call.status, call.earliest, call.due) == (
        StepStatus.SNOOZED,
        datetime(2026, 12, 14, 9, tzinfo=UTC),
        datetime(2026, 12, 17, 17, tzinfo=UTC),
    )
    assert replies.replies_to_show(store, NOW) == []  # an auto-reply pauses nothing


def test_an_out_of_office_reply_of_someone_only_copied_moves_nothing() -> None:
    store = FakeStore()
    app_id = recorded(store)
    before = services.applications.application(store, app_id).steps
    auto = mail(
        "I am on leave until Friday 11 December.",
        sender="tom@acme.example",
        subject="Out of office",
    )
    replies.take_replies(store, [auto], PLAYBOOK, NOW)
    assert services.applications.application(store, app_id).steps == before


def test_resume_goes_on_without_answering_and_spaces_the_next_nudge_from_then() -> None:
    store = FakeStore()
    app_id = recorded(store)
    assert len(replies.take_replies(store, [mail()], PLAYBOOK, NOW)) == 1  # Wed 9 Dec 08:00
    [shown] = replies.replies_to_show(store, NOW)
    assert (shown.paused, shown.resume) == (
        "paused: Priya Shah replied on Wed 9 Dec",
        f"followup resume {app_id}",
    )
    later = NOW + timedelta(hours=5)  # Wed 9 Dec 14:00
    resumed = replies.resume(store, app_id, PLAYBOOK, later)
    act = resumed.touches[-1]
    assert (act.direction, act.channel, act.outcome, act.at) == (
        Direction.OUT,
        Channel.OTHER,
        "resumed",
        later,
    )
    assert replies.replies_to_show(store, later) == []
    [call] = nudges(store, app_id)
    # A week after the resume (not after the reply, Wed 16 09:00): Wed 16 14:00, due at the
    # end of working day 3 after it (Thu 17, Fri 18, Mon 21).
    assert (call.status, call.earliest, call.due) == (
        StepStatus.PLANNED,
        datetime(2026, 12, 16, 14, tzinfo=UTC),
        datetime(2026, 12, 21, 17, tzinfo=UTC),
    )
    with pytest.raises(Conflict, match="nothing to resume"):
        replies.resume(store, app_id, PLAYBOOK, later)
    assert services.applications.application(store, app_id).touches[-1] == act


def test_the_pause_is_said_in_the_users_time_zone() -> None:
    store = FakeStore()
    recorded(store)
    services.people.update_profile(store, {"name": "Alex Morgan", "timezone": "Asia/Tokyo"})
    late = mail(at=datetime(2026, 12, 8, 20, tzinfo=UTC))  # Wed 9 05:00 in Tokyo
    replies.take_replies(store, [late], PLAYBOOK, NOW)
    [shown] = services.agenda.agenda(store, PLAYBOOK, NOW, timedelta(days=1)).replies
    assert shown.paused == "paused: Priya Shah replied on Wed 9 Dec"
