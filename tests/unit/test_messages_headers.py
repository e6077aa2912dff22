"""Headers that read back exactly as written, on the Python this machine has (3.11.7 has
CVE-2024-6923: the email package writes a line break that an encoded word decodes to as a
real one), and international addresses. Pure: each message is parsed back as a receiver
parses it (`policy.default`)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from email import message_from_bytes, message_from_string, policy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup.domain import messages
from followup.domain.drafts import Draft
from followup.domain.errors import InvalidInput
from followup.domain.messages import Addressed, Attachment
from followup.domain.model import (
    Application,
    Channel,
    Contact,
    Direction,
    Profile,
    Recipient,
    Relation,
    Touch,
)

NOW = datetime(2026, 7, 1, 9, 15, tzinfo=UTC)
ME = Profile(name="Alex Morgan", email="alex@example.org", timezone="Europe/London")
TO = Addressed(to=(("Priya Shah", "priya@acme.example"),), cc=(("Sam Lee", "sam@acme.example"),))
HEADERS = ["From", "To", "Cc", "Subject", "Date", "Message-ID", "Content-Type",
           "Content-Transfer-Encoding", "MIME-Version"]  # fmt: skip
# The attack of issue #11: a role (or a name) that is one encoded word hiding CRLFs.
EVIL = "=?utf-8?q?Eng=0D=0AReply-To:_attacker@evil.example=0D=0AX-Injected:_yes?="


def draft(subject: str = "Thank you: Data Analyst interview", body: str = "Hi Priya,\n") -> Draft:
    return Draft("thank-you", Channel.EMAIL, body, subject)


def build(subject: str = "Thank you", to: Addressed = TO, me: Profile = ME, **more) -> str:
    return messages.build(me, draft(subject), to, NOW, "<t0k3n@example.org>", **more)


def received(text: str):
    """The message as the receiver reads it."""
    if text.isascii():
        return message_from_bytes(text.encode("ascii"), policy=policy.default)
    return message_from_string(text, policy=policy.default)


# -- header injection through encoded words (CVE-2024-6923) -------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        f"Thank you: {EVIL} interview",  # the role in the thank-you's subject
        EVIL,
        f"Thanks ({EVIL})",  # in the middle of a word: Python's parser still decodes it
        "=?utf-8?b?RW5nDQpYLUluamVjdGVkOiB5ZXM=?=",  # base64: "Eng\r\nX-Injected: yes"
        "=?iso-8859-1?q?a=0AX-Injected:_yes?=",
        "=?utf-8?q?a=00b?=",  # NUL
        "=?utf-8?q?a=E2=80=A8b?=",  # U+2028
        # Encoded twice: decoded once, it is EVIL itself.
        "=?utf-8?b?PT91dGYtOD9xP0VuZz0wRD0wQVJlcGx5LVRvOl9hdHRhY2tlckBldmlsLmV4YW1wbGU/PQ==?=",
    ],
)
def test_a_subject_hiding_a_line_break_is_refused(subject):
    with pytest.raises(InvalidInput, match="the Subject holds an encoded word that decodes to"):
        build(subject)


def test_a_name_hiding_a_line_break_is_refused_in_to_cc_and_from():
    evil_to = Addressed(to=((EVIL, "priya@acme.example"),), cc=())
    with pytest.raises(InvalidInput, match=r"the name of 'priya@acme.example' in To holds"):
        build(to=evil_to)
    evil_cc = Addressed(to=TO.to, cc=((f"Sam {EVIL}", "sam@acme.example"),))
    with pytest.raises(InvalidInput, match=r"in Cc holds an encoded word"):
        build(to=evil_cc)
    with pytest.raises(InvalidInput, match=r"in From holds an encoded word"):
        build(me=Profile(name=EVIL, email="alex@example.org", timezone="UTC"))


@pytest.mark.parametrize("bad", ["a\r\nX-Injected: yes", "a\nb", "a\x00b", "a\u2028b", "a\x85b"])
def test_control_characters_are_refused_naming_the_field(bad):
    with pytest.raises(InvalidInput, match="the Subject contains a control character"):
        build(bad)
    with pytest.raises(InvalidInput, match="in To contains a control character"):
        build(to=Addressed(to=((bad, "priya@acme.example"),), cc=()))


def test_thread_ids_and_file_names_hiding_line_breaks_are_refused():
    bad_id = "<=?utf-8?q?a=0D=0AX-Injected:_yes?=@evil.example>"
    with pytest.raises(InvalidInput, match="In-Reply-To"):
        build(in_reply_to=bad_id, references=(bad_id,))
    with pytest.raises(InvalidInput, match="References"):
        build(references=("<a@b.example>", "<a\r\nX-Injected: yes@b>"))
    evil_file = Attachment(f"{EVIL}.pdf", b"%PDF", "application/pdf")
    with pytest.raises(InvalidInput, match="file name"):
        build(attachments=[evil_file])


def test_an_incoming_message_id_with_an_encoded_word_is_not_threaded():
    priya = Contact(name="Priya Shah", email="priya@acme.example", id=1)

    def touch(hours: int, message_id: str, *references: str) -> Touch:
        at = NOW.replace(hour=hours)
        return Touch(Channel.EMAIL, Direction.IN, at, note="Next steps", message_id=message_id,
                     contact_id=1, references=references)  # fmt: skip

    evil = "<=?utf-8?q?a=0D=0AX-Injected:_yes?=@evil.example>"
    touches = (touch(8, "<good@acme>", evil, "<root@acme>"), touch(9, evil))
    app = Application("Acme", "Analyst", contacts=(priya,), touches=touches)
    to_priya = Draft("thank-you", Channel.EMAIL, "Hi", "S", to=(Recipient("Priya Shah",
                     Relation.INTERVIEWER, contact_id=1),))  # fmt: skip
    thread = messages.thread_of(app, to_priya)
    assert thread.in_reply_to == "<good@acme>"
    assert thread.references == ("<root@acme>", "<good@acme>")


# -- literal `=?`: neutralised, the receiver reads what the user typed ----------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "Thank you: =?utf-8?q?Caf=C3=A9?= interview",  # decodes harmlessly, yet is meant literally
        "=?utf-8?q?" + "Caf=C3=A9_" * 20 + "?=",  # long: folded over several lines
        "Grüße =?utf-8?b?w7Y=?= — ünïcödé",
    ],
)
def test_a_subject_holding_an_encoded_word_arrives_as_typed(subject):
    text = build(subject)
    assert text.isascii() and all(len(line) <= 76 for line in text.split("\r\n"))
    message = received(text)
    assert message["Subject"] == subject
    assert list(message.keys()) == HEADERS


def test_a_name_holding_an_encoded_word_arrives_as_typed():
    to = Addressed(
        to=(("=?utf-8?q?Ren=C3=A9e?=, PhD", "renee@example.fr"), ("Priya", "priya@acme.example")),
        cc=(("", "sam@acme.example"),),
    )
    me = Profile(name="Alex =?x?q?y?= Morgan", email="alex@example.org", timezone="UTC")
    message = received(build(to=to, me=me))
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("=?utf-8?q?Ren=C3=A9e?=, PhD", "renee@example.fr"),
        ("Priya", "priya@acme.example"),
    ]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["sam@acme.example"]
    assert message["From"].addresses[0].display_name == "Alex =?x?q?y?= Morgan"
    assert list(message.keys()) == HEADERS


def test_an_address_that_is_an_encoded_word_is_refused():
    to = Addressed(to=(("Priya", "=?utf-8?q?a?=@acme.example"),), cc=())
    with pytest.raises(InvalidInput, match="looks like an encoded word"):
        build(to=to)


# Text a subject or a name might hold: plain words, and real encoded words (Q or B, in any
# charset a reader knows) of text with CR, LF and would-be headers among it.
WORDS = st.sampled_from(["Thank", "you:", "Zoë", "a,b", '"q"', "<x>", "=?", "?=", "(c)", "x@y"])
HIDDEN = st.lists(
    st.sampled_from(["Eng", "\r\n", "\n", "\r", "Reply-To: a@evil.example", "X-Injected: yes",
                     " ", "é", "_", "?", "="]),
    min_size=1,
    max_size=8,
).map("".join)  # fmt: skip


def encoded(text: str, kind: str, charset: str) -> str:
    data = text.encode(charset, "replace")
    if kind in "bB":
        payload = base64.b64encode(data).decode("ascii")
    else:
        payload = "".join(
            chr(b) if chr(b).isalnum() else "_" if b == 32 else f"={b:02X}" for b in data
        )
    return f"=?{charset}?{kind}?{payload}?="


ENCODED = st.builds(
    encoded, HIDDEN, st.sampled_from("qQbB"), st.sampled_from(["utf-8", "UTF-8", "iso-8859-1"])
)
TEXT = st.lists(st.one_of(WORDS, ENCODED), min_size=1, max_size=6).map(" ".join)


@given(subject=TEXT, name=TEXT)
def test_whatever_the_text_the_receiver_sees_only_the_headers_followup_wrote(subject, name):
    to = Addressed(to=((name, "priya@acme.example"),), cc=(("Sam", "sam@acme.example"),))
    try:
        text = build(subject, to=to)
    except InvalidInput:
        return  # refused: nothing to receive
    message = received(text)
    assert list(message.keys()) == HEADERS
    assert all("\r" not in str(v) and "\n" not in str(v) for v in message.values())
    assert [a.addr_spec for a in message["To"].addresses] == ["priya@acme.example"]
    if "=?" in subject:
        assert message["Subject"] == subject  # as typed, not decoded


# -- international addresses ---------------------------------------------------------------------


def test_a_non_ascii_domain_is_written_as_idna():
    to = Addressed(to=(("Uwe", "uwe@bücher.example"),), cc=(("X", "x@straße.de"),))
    text = build(to=to)
    assert text.isascii()
    message = received(text)
    assert [a.addr_spec for a in message["To"].addresses] == ["uwe@xn--bcher-kva.example"]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["x@xn--strae-oqa.de"]  # IDNA 2008


def test_a_non_ascii_local_part_makes_utf8_headers():
    to = Addressed(to=(("Ölga Ünal", "ölga@example.com"),), cc=(("Uwe", "uwe@bücher.example"),))
    text = build("Grüße", to=to)
    assert not text.isascii()
    head, _, body = text.partition("\r\n\r\n")
    assert "To: Ölga Ünal <ölga@example.com>" in head.split("\r\n")
    assert body.isascii()  # the body stays quoted-printable
    message = received(text)
    assert [a.addr_spec for a in message["To"].addresses] == ["ölga@example.com"]
    assert [a.addr_spec for a in message["Cc"].addresses] == ["uwe@xn--bcher-kva.example"]
    assert message["Subject"] == "Grüße"
    assert list(message.keys()) == HEADERS


def test_a_domain_without_an_ascii_form_is_refused():
    with pytest.raises(InvalidInput, match="has no ASCII"):
        build(to=Addressed(to=(("X", "x@snow☃man.example"),), cc=()))


def test_message_ids_use_idna_2008():
    assert messages.message_id("t1", "x@Straße.de") == "<t1@xn--strae-oqa.de>"
    assert messages.message_id("t1", "Zoë@Exämple.IE") == "<t1@xn--exmple-cua.ie>"
