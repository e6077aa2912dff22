"""`followup promise attach|detach`: what was promised goes with its email, as a real MIME
part to a real (strict) SMTP server on loopback, read back with Python's `email`; an email
with nothing attached is refused with the error finding; the size limit; the .eml file."""

from __future__ import annotations

import sys
from email import message_from_bytes, policy
from pathlib import Path

from tests.e2e.cli_cases import record, status

WHAT = "my churn notebook"
LINK = "https://notebooks.example/alex/churn?v=2"


def promised_step(cli) -> str:
    return record(cli, "--promise", f"{WHAT} -> Priya Shah")["send-promised"]


def test_a_promised_file_arrives_as_a_proper_mime_part(cli, smtp_server_strict, tmp_path):
    step = promised_step(cli)
    env = smtp_server_strict.env()
    # Nothing attached: the error finding refuses it, and nothing reaches the server.
    refused = cli("send", step, "--yes", ok=False, **env)
    assert refused.code == 4
    assert f"you promised {WHAT}: attach it or add its link" in refused.err
    assert f"fix it with `followup promise attach {step} FILE` (or --link URL)" in refused.err
    assert smtp_server_strict.mail_froms == [] and status(cli, step) == ("planned", None)
    notebook = tmp_path / "Churn notebook – Müller.pdf"
    notebook.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 300)
    kept = cli("promise", "attach", step, str(notebook), "--json").json
    assert kept == {
        "step_id": int(step),
        "promised": {
            "promise_id": kept["promised"]["promise_id"],
            "file_name": notebook.name,
            "mime_type": "application/pdf",
            "size": notebook.stat().st_size,
            "link": None,
        },
    }
    draft = cli("draft", step, "--json").json
    assert draft["errors"] == 0 and draft["attached"] == kept["promised"]
    assert notebook.name in draft["body"]  # the text says what is attached
    sent = cli("send", step, "--yes", "--json", **env).json
    assert sent["sent"] is True and smtp_server_strict.refused == []
    [got] = smtp_server_strict.messages
    message = got.checked()  # Python's email, policy.default: no defects, line limits
    again = message_from_bytes(got.data, policy=policy.default)
    for read in (message, again):
        assert read.get_content_type() == "multipart/mixed"
        [part] = read.iter_attachments()
        assert part.get_filename() == notebook.name
        assert part.get_content_type() == "application/pdf"
        assert part.get_content() == notebook.read_bytes()
        body = read.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert body == draft["body"]
    assert status(cli, step) == ("done", "sent")
    # Done: what it sent cannot change.
    assert cli("promise", "detach", step, ok=False).code == 4


def test_a_link_goes_in_the_text_and_replaces_the_file(cli, smtp_server, tmp_path):
    step = promised_step(cli)
    paper = tmp_path / "notes.txt"
    paper.write_text("notes\n")
    cli("promise", "attach", step, str(paper))
    out = cli("promise", "attach", step, "--link", LINK).out
    assert LINK in out and "in the email's text" in out
    draft = cli("draft", step, "--json").json
    assert draft["attached"]["link"] == LINK and draft["attached"]["file_name"] is None
    assert LINK in draft["body"] and draft["errors"] == 0
    cli("send", step, "--yes", **smtp_server.env())
    [got] = smtp_server.messages
    message = got.checked()
    assert list(message.iter_attachments()) == []  # the link replaced the file
    assert LINK in message.get_content()


def test_a_link_missing_from_a_kept_text_is_an_error(cli, tmp_path):
    step = promised_step(cli)
    cli("draft", step, "--json")
    edit = tmp_path / "edit.py"
    edit.write_text("import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
                    "p.write_text(p.read_text().replace('I hope', 'I do hope'))\n")  # fmt: skip
    cli("draft", step, "--edit", EDITOR=f"{sys.executable} {edit}")
    cli("promise", "attach", step, "--link", LINK)
    draft = cli("draft", step, "--json").json
    assert draft["errors"] == 1
    [finding] = [f for f in draft["findings"] if f["check"] == "promised"]
    assert finding["severity"] == "error" and LINK in finding["message"]


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(cli, tmp_path):
    steps = record(cli, "--promise", f"{WHAT} -> Priya Shah")
    step, thanks = steps["send-promised"], steps["thank-you"]
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * (2**20 + 1))
    refused = cli("promise", "attach", step, str(big), ok=False, FOLLOWUP_ATTACHMENT_MAX_MB="1")
    assert refused.code == 2 and refused.out == ""
    assert "big.pdf is 1 MB (1,048,577 bytes), over the 1 MB limit" in refused.err
    assert cli("draft", step, "--json").json["attached"] is None
    # The default is 10 MB; send --attach keeps to the limit too.
    cli("promise", "attach", step, str(big))
    over = cli("send", thanks, "--yes", "--attach", str(big), ok=False,
               FOLLOWUP_ATTACHMENT_MAX_MB="1")  # fmt: skip
    assert over.code == 2 and "over the 1 MB limit" in over.err


def test_wrong_steps_links_and_arguments_are_refused_clearly(cli, tmp_path):
    steps = record(cli, "--promise", f"{WHAT} -> Priya Shah")
    step, thanks = steps["send-promised"], steps["thank-you"]
    paper = tmp_path / "cv.pdf"
    paper.write_bytes(b"%PDF")
    wrong = cli("promise", "attach", thanks, str(paper), ok=False)
    assert wrong.code == 2 and "only a send-promised step takes what was promised" in wrong.err
    for args, said in (
        (["--link", "javascript:alert(1)"], "is not a web address"),
        ([], "give the file you promised, or --link URL"),
        ([str(paper), "--link", LINK], "give the file you promised, or --link URL"),
        ([str(tmp_path / "missing.pdf")], "cannot read the file"),
    ):
        refused = cli("promise", "attach", step, *args, ok=False)
        assert refused.code == 2 and said in refused.err, refused.err
    assert cli("draft", step, "--json").json["attached"] is None
    assert cli("promise", "detach", step, "--json").json == {"step_id": int(step), "removed": False}
    cli("promise", "attach", step, "--link", LINK)
    assert cli("promise", "detach", step, "--json").json["removed"] is True
    assert cli("draft", step, "--json").json["attached"] is None


def test_without_smtp_the_eml_carries_the_file_and_mailto_needs_it_by_hand(cli, tmp_path):
    step = promised_step(cli)
    notebook = tmp_path / "notebook.pdf"
    notebook.write_bytes(b"%PDF-1.7 notebook")
    cli("promise", "attach", step, str(notebook))
    exported = cli("send", step, "--yes", "--json").json
    assert exported["attachments"] == ["notebook.pdf"] and exported["sent"] is False
    eml = message_from_bytes(Path(exported["file"]).read_bytes(), policy=policy.default)
    [part] = eml.iter_attachments()
    assert part.get_filename() == "notebook.pdf" and part.get_content() == notebook.read_bytes()
    said = " ".join(cli("send", step, "--yes", COLUMNS="200").out.split())
    assert "The .eml file carries the attachment (notebook.pdf); a mailto: link cannot" in said
    assert "attach it by hand" in said
