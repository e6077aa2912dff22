"""One thank-you per interviewer, HR once (issue #15): two interviewers and one HR contact,
every thank-you approved and sent to a real SMTP server on loopback; HR receives exactly one
copy (read back with `email`, policy=default: To and Cc headers and the SMTP envelope). Every
draft view shows To and Cc, with addresses, before approval."""

from __future__ import annotations

from email.headerregistry import Address

from tests.e2e.cli_cases import ADD, PRIYA, PROFILE, SAM

TOM = "Tom Reed, CTO, tom@acme.example"


def thank_yous(cli) -> dict[str, str]:
    """Profile, and an interview with Priya (typed first: the lead), Tom and Sam of HR: the
    thank-you steps by their first recipient's name."""
    cli(*PROFILE)
    plan = cli(*ADD, "--interviewer", PRIYA, "--interviewer", TOM, "--hr", SAM).json
    steps = [s for s in plan["steps"] if s["kind"] == "thank-you"]
    return {s["recipients"][0]["name"]: str(s["id"]) for s in steps}


def test_each_interviewer_is_thanked_and_hr_receives_exactly_one_copy(cli, smtp_server):
    steps = thank_yous(cli)
    assert sorted(steps) == ["Priya Shah", "Tom Reed"]  # no note of HR's own: it is copied
    for step in steps.values():
        sent = cli("send", step, "--yes", "--json", **smtp_server.env()).json
        assert sent["sent"] is True
    assert len(smtp_server.messages) == 2
    sam = "sam@acme.example"
    heads = {}
    for got in smtp_server.messages:
        message = got.checked()
        to = [a.addr_spec for a in message["To"].addresses]
        cc = [a.addr_spec for a in message["Cc"].addresses] if message["Cc"] else []
        heads[to[0]] = (to, cc, got.rcpt_tos)
    assert heads == {
        "priya@acme.example": (["priya@acme.example"], [sam], ["priya@acme.example", sam]),
        "tom@acme.example": (["tom@acme.example"], [], ["tom@acme.example"]),
    }
    envelopes = [r for got in smtp_server.messages for r in got.rcpt_tos]
    assert envelopes.count(sam) == 1
    lead = next(m.message for m in smtp_server.messages if sam in m.rcpt_tos)
    assert lead["Cc"].addresses == (Address("Sam Lee", addr_spec=sam),)
    bodies = {str(m.message["To"]): m.message.get_content() for m in smtp_server.messages}
    assert bodies["Priya Shah <priya@acme.example>"].startswith("Dear Priya")
    assert bodies["Tom Reed <tom@acme.example>"].startswith("Dear Tom")


def test_the_draft_shows_to_and_cc_with_their_addresses(cli):
    steps = thank_yous(cli)
    lead, other = steps["Priya Shah"], steps["Tom Reed"]
    shown = cli("draft", lead).out
    assert "To: Priya Shah <priya@acme.example>\n" in shown
    assert "Cc: Sam Lee <sam@acme.example>\n" in shown
    shown = cli("draft", other).out
    assert "To: Tom Reed <tom@acme.example>\n" in shown and "Cc: nobody\n" in shown
    record = cli("draft", lead, "--json").json
    assert record["addressees"] == {
        "to": [{"name": "Priya Shah", "email": "priya@acme.example"}],
        "cc": [{"name": "Sam Lee", "email": "sam@acme.example"}],
    }
    assert (record["to"], record["cc"]) == (["Priya Shah"], ["Sam Lee"])


def test_send_shows_to_and_cc_before_it_asks(cli, smtp_server):
    steps = thank_yous(cli)
    shown = cli("send", steps["Priya Shah"], "--yes", **smtp_server.env()).out
    before = shown.index("Cc: Sam Lee <sam@acme.example>\n")
    assert shown.index("To: Priya Shah <priya@acme.example>\n") < before
    assert before < shown.index("Dear Priya")  # shown above the text, before sending
    sent = cli("send", steps["Tom Reed"], "--yes", "--json", **smtp_server.env()).json
    assert sent["draft"]["addressees"]["cc"] == []


def test_an_email_draft_says_who_has_no_address(cli):
    cli(*PROFILE)
    plan = cli(*ADD, "--interviewer", "Ana Lima, Analyst", "--hr", SAM).json
    steps = {
        s["recipients"][0]["name"]: str(s["id"]) for s in plan["steps"] if s["kind"] == "thank-you"
    }
    # No interviewer can be emailed: HR gets a note of its own; Ana's waits for her address.
    assert "To: Sam Lee <sam@acme.example>\nCc: nobody\n" in cli("draft", steps["Sam Lee"]).out
    assert "To: Ana Lima (no email address)\n" in cli("draft", steps["Ana Lima"]).out
