"""Insights from hand-built applications, every number worked out by hand; then properties."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from followup.domain import insights
from followup.domain.model import (
    AUTO_REPLY,
    Application,
    Channel,
    Decision,
    DecisionKind,
    Direction,
    Interview,
    Stage,
    Step,
    StepStatus,
    Touch,
)

NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def interview(start: str) -> Interview:
    begins = at(start)
    return Interview(start=begins, end=begins + timedelta(hours=1), timezone="UTC")


def done(kind: str, channel: Channel, when: str, status: StepStatus = StepStatus.DONE) -> Step:
    moment = at(when)
    finished = moment if status in (StepStatus.DONE, StepStatus.SKIPPED) else None
    return Step(kind, channel, moment, moment, status=status, done_at=finished)


def reply(when: str, outcome: str | None = None, direction: Direction = Direction.IN) -> Touch:
    return Touch(Channel.EMAIL, direction, at(when), outcome=outcome)


def decided(kind: DecisionKind, when: str) -> Decision:
    return Decision(kind, at(when))


def app(company: str = "Acme", stage: Stage = Stage.INTERVIEWING, **parts: object) -> Application:
    return Application(company=company, role="Analyst", stage=stage, **parts)  # type: ignore[arg-type]


# -- the funnel ---------------------------------------------------------------------------------

ONE = (interview("2026-06-01T10:00+00:00"),)


def test_funnel_counts_each_stage_reached_and_how_applications_ended() -> None:
    offer = decided(DecisionKind.OFFER, "2026-06-10T10:00+00:00")
    applications = [
        app(stage=Stage.APPLIED),  # applied only
        app(interviews=ONE),  # interviewing
        app(stage=Stage.OFFER, interviews=ONE, decisions=(offer,)),  # offer
        app(  # hired
            stage=Stage.HIRED,
            interviews=ONE,
            decisions=(offer, decided(DecisionKind.HIRED, "2026-06-12T10:00+00:00")),
        ),
        app(  # rejected after an interview: reached interviewing
            stage=Stage.REJECTED,
            interviews=ONE,
            decisions=(decided(DecisionKind.REJECTED, "2026-06-12T10:00+00:00"),),
        ),
        app(  # an offer declined: reached offer, ended withdrawn
            stage=Stage.WITHDRAWN,
            interviews=ONE,
            decisions=(offer, decided(DecisionKind.WITHDRAWN, "2026-06-12T10:00+00:00")),
        ),
        app(stage=Stage.CLOSED),  # closed before any interview: applied only
        app(stage=Stage.OFFER),  # an offer with no interview recorded: interviewing too
    ]
    funnel = insights.funnel(applications)
    assert [(c.stage, c.applications) for c in funnel.reached] == [
        (Stage.APPLIED, 8),
        (Stage.INTERVIEWING, 6),
        (Stage.OFFER, 4),
        (Stage.HIRED, 1),
    ]
    assert [(c.stage, c.applications) for c in funnel.ended] == [
        (Stage.REJECTED, 1),
        (Stage.WITHDRAWN, 1),
        (Stage.CLOSED, 1),
    ]
    assert funnel.total == 8


def test_furthest_stage_of_one_application() -> None:
    assert insights.furthest(app(stage=Stage.APPLIED)) is Stage.APPLIED
    assert insights.furthest(app(stage=Stage.APPLIED, interviews=ONE)) is Stage.INTERVIEWING
    hired = decided(DecisionKind.HIRED, "2026-06-12T10:00+00:00")
    assert insights.furthest(app(stage=Stage.CLOSED, decisions=(hired,))) is Stage.HIRED


# -- reply rates --------------------------------------------------------------------------------


def test_reply_rates_by_kind_and_channel() -> None:
    first = app(  # a reply to the thank-you; only an auto-reply after the call; one waiting
        steps=(
            done("thank-you", Channel.EMAIL, "2026-06-01T09:00+00:00"),
            done("check-in-call", Channel.PHONE, "2026-06-08T10:00+00:00"),
            done("keep-in-touch", Channel.EMAIL, "2026-06-20T10:00+00:00"),
        ),
        touches=(
            reply("2026-06-03T12:00+00:00"),
            reply("2026-06-09T12:00+00:00", outcome=AUTO_REPLY),
        ),
    )
    second = app(  # three steps done at one moment share the reply; the rest do not count
        steps=(
            done("thank-you", Channel.EMAIL, "2026-06-01T09:00+00:00"),
            done("thank-you", Channel.EMAIL, "2026-06-01T09:00+00:00"),
            done("reference-heads-up", Channel.PHONE, "2026-06-01T09:00+00:00"),
            done("check-in-call", Channel.PHONE, "2026-06-02T09:00+00:00", StepStatus.SKIPPED),
            done("keep-in-touch", Channel.LETTER, "2026-06-02T09:00+00:00", StepStatus.PLANNED),
        ),
        touches=(
            reply("2026-06-01T10:00+00:00", direction=Direction.OUT),
            reply("2026-06-10T12:00+00:00"),
        ),
    )
    third = app(  # the reply came after the 14 days
        steps=(done("thank-you", Channel.LETTER, "2026-06-01T09:00+00:00"),),
        touches=(reply("2026-06-15T09:00:01+00:00"),),
    )
    fourth = app(  # answered inside a window still open: settled
        steps=(done("keep-in-touch", Channel.EMAIL, "2026-06-25T10:00+00:00"),),
        touches=(reply("2026-06-26T10:00+00:00"),),
    )
    rates = insights.reply_rates([first, second, third, fourth], NOW)
    assert [(r.label, r.sent, r.answered) for r in rates.by_kind] == [
        ("check-in-call", 1, 0),
        ("keep-in-touch", 1, 1),
        ("reference-heads-up", 1, 1),
        ("thank-you", 4, 3),
    ]
    assert [(r.label, r.sent, r.answered) for r in rates.by_channel] == [
        ("email", 4, 4),
        ("phone", 2, 1),
        ("letter", 1, 0),
    ]
    assert rates.by_kind[3].share == 0.75
    assert rates.waiting == 1 and rates.window_days == 14


def test_the_window_ends_at_the_next_step_done_and_includes_its_last_moment() -> None:
    steps = (
        done("thank-you", Channel.EMAIL, "2026-06-01T09:00+00:00"),
        done("check-in-call", Channel.PHONE, "2026-06-05T09:00+00:00"),
    )
    on_the_dot = app(steps=steps, touches=(reply("2026-06-05T09:00+00:00"),))
    rates = insights.reply_rates([on_the_dot], NOW)
    assert [(r.label, r.sent, r.answered) for r in rates.by_kind] == [
        ("check-in-call", 1, 0),
        ("thank-you", 1, 1),
    ]
    at_fourteen_days = app(
        steps=steps[:1], touches=(reply("2026-06-01T09:00+00:00"), reply("2026-06-15T09:00+00:00"))
    )
    assert insights.reply_rates([at_fourteen_days], NOW).by_kind[0].answered == 1
    shorter = insights.reply_rates([at_fourteen_days], NOW, window_days=7)
    assert (shorter.by_kind[0].answered, shorter.window_days) == (0, 7)


def test_the_window_is_whole_24_hour_days_across_a_change_of_summer_time() -> None:
    """Done at 10:00 in London in winter (10:00 UTC); 14 days on London keeps summer time, so
    the window's 14 x 24 hours end at 11:00 there (not at 10:00, 14 calendar days on)."""
    london = ZoneInfo("Europe/London")
    moment = datetime(2026, 3, 20, 10, tzinfo=london)
    sent = Step("thank-you", Channel.EMAIL, moment, moment, status=StepStatus.DONE, done_at=moment)

    def answered(at: datetime) -> int:
        one = app(steps=(sent,), touches=(reply(at.isoformat()),))
        return insights.reply_rates([one], NOW).by_kind[0].answered

    assert answered(datetime(2026, 4, 3, 10, 30, tzinfo=london)) == 1
    assert answered(datetime(2026, 4, 3, 11, 0, tzinfo=london)) == 1
    assert answered(datetime(2026, 4, 3, 11, 0, 1, tzinfo=london)) == 0


def test_replies_and_steps_after_now_do_not_count() -> None:
    late = app(
        steps=(done("thank-you", Channel.EMAIL, "2026-06-10T09:00+00:00"),),
        touches=(reply("2026-06-12T09:00+00:00"),),
    )
    before_the_reply = insights.reply_rates([late], at("2026-06-11T09:00+00:00"))
    assert before_the_reply.by_kind == () and before_the_reply.waiting == 1
    assert insights.reply_rates([late], at("2026-06-01T09:00+00:00")).waiting == 0


# -- time to decision ---------------------------------------------------------------------------


def test_time_to_decision_by_kind_with_median_and_weeks() -> None:
    applications = [
        app(  # from the first of two interviews: 11 days 23 hours is 11 days
            company="A",
            interviews=(interview("2026-06-08T10:00+00:00"), interview("2026-06-01T10:00+00:00")),
            decisions=(decided(DecisionKind.REJECTED, "2026-06-13T09:00+00:00"),),
        ),
        app(
            company="B",
            interviews=ONE,
            decisions=(
                decided(DecisionKind.OFFER, "2026-06-04T10:00+00:00"),
                decided(DecisionKind.HIRED, "2026-06-20T10:00+00:00"),
            ),
        ),
        app(  # 10:00 at +02:00 is 08:00 UTC: exactly 25 days
            company="C",
            interviews=(interview("2026-06-01T10:00+02:00"),),
            decisions=(decided(DecisionKind.REJECTED, "2026-06-26T08:00+00:00"),),
        ),
        app(company="D", decisions=(decided(DecisionKind.REJECTED, "2026-06-20T10:00+00:00"),)),
        app(  # decided before its first interview: left out
            company="E",
            interviews=(interview("2026-06-10T10:00+00:00"),),
            decisions=(decided(DecisionKind.CLOSED, "2026-06-05T10:00+00:00"),),
        ),
        app(
            company="F",
            interviews=ONE,
            decisions=(decided(DecisionKind.REJECTED, "2026-06-03T10:00+00:00"),),
        ),
    ]
    times = insights.time_to_decision(applications)
    assert [(t.kind, [(w.company, w.days) for w in t.decisions]) for t in times] == [
        (DecisionKind.OFFER, [("B", 3)]),
        (DecisionKind.REJECTED, [("F", 2), ("A", 11), ("C", 25)]),
        (DecisionKind.HIRED, [("B", 19)]),
    ]
    assert [(t.median, t.weeks) for t in times] == [
        (3.0, (1,)),
        (11.0, (1, 1, 0, 1)),
        (19.0, (0, 0, 1)),
    ]


def test_median_of_an_even_number_of_decisions() -> None:
    applications = [
        app(interviews=ONE, decisions=(decided(DecisionKind.CLOSED, day),))
        for day in ("2026-06-04T10:00+00:00", "2026-06-11T10:00+00:00")
    ]
    [closed] = insights.time_to_decision(applications)
    assert (closed.kind, closed.median, closed.weeks) == (DecisionKind.CLOSED, 6.5, (1, 1))


def test_nothing_yet() -> None:
    empty = insights.insights([], NOW)
    assert empty.funnel.total == 0
    assert all(c.applications == 0 for c in (*empty.funnel.reached, *empty.funnel.ended))
    assert empty.replies.by_kind == () and empty.replies.by_channel == ()
    assert empty.decisions == ()


# -- properties ---------------------------------------------------------------------------------

START = datetime(2026, 1, 1, tzinfo=UTC)
moments = st.integers(0, 200 * 24).map(lambda hours: START + timedelta(hours=hours))
steps = st.builds(
    lambda kind, channel, status, moment: Step(
        kind,
        channel,
        moment,
        moment,
        status=status,
        done_at=moment if status is not StepStatus.PLANNED else None,
    ),
    st.sampled_from(["thank-you", "check-in-call", "keep-in-touch"]),
    st.sampled_from(Channel),
    st.sampled_from([StepStatus.DONE, StepStatus.SKIPPED, StepStatus.PLANNED]),
    moments,
)
touches = st.builds(
    lambda direction, outcome, moment: Touch(Channel.EMAIL, direction, moment, outcome=outcome),
    st.sampled_from(Direction),
    st.sampled_from([None, AUTO_REPLY, "looks-like-offer"]),
    moments,
)
applications = st.builds(
    lambda stage, starts, decisions, steps, touches: Application(
        company="Acme",
        role="Analyst",
        stage=stage,
        interviews=tuple(
            Interview(start=s, end=s + timedelta(hours=1), timezone="UTC") for s in starts
        ),
        decisions=tuple(Decision(k, m) for k, m in decisions),
        steps=tuple(steps),
        touches=tuple(touches),
    ),
    st.sampled_from(Stage),
    st.lists(moments, max_size=2),
    st.lists(st.tuples(st.sampled_from(DecisionKind), moments), max_size=3),
    st.lists(steps, max_size=6),
    st.lists(touches, max_size=4),
)


@given(st.lists(applications, max_size=8), moments, st.integers(1, 30))
def test_properties_of_any_set_of_applications(
    apps: list[Application], now: datetime, window: int
) -> None:
    found = insights.insights(apps, now, window)
    counts = [c.applications for c in found.funnel.reached]
    assert counts[0] == len(apps)
    assert counts == sorted(counts, reverse=True), "the funnel never widens"
    assert sum(c.applications for c in found.funnel.ended) <= len(apps)
    for rate in (*found.replies.by_kind, *found.replies.by_channel):
        assert 0 <= rate.answered <= rate.sent and 0.0 <= rate.share <= 1.0
    sent = sum(r.sent for r in found.replies.by_kind)
    assert sent == sum(r.sent for r in found.replies.by_channel)
    done = sum(1 for a in apps for s in a.steps if s.status is StepStatus.DONE and s.done_at <= now)
    assert sent + found.replies.waiting == done
    for times in found.decisions:
        days = [w.days for w in times.decisions]
        assert min(days) <= times.median <= max(days) and sum(times.weeks) == len(days)
        assert all(d >= 0 for d in days)
