"""The Insights page's record of the search: a form (from, to, format) whose GET answers with
the file to download, the same as `followup report activity` gives; bad dates are refused."""

from __future__ import annotations

import csv
import io
import re

import pypdf
import pytest
from fastapi.testclient import TestClient

DECEMBER = {"from": "2026-12-01", "to": "2026-12-31"}


def test_the_insights_page_offers_the_form(client: TestClient) -> None:
    page = client.get("/insights").text
    form = re.search(r'<form method="get" action="/insights/activity".*?</form>', page, re.S)
    assert form, "no form for the record of the search"
    for name in ("from", "to", "format"):
        assert f'name="{name}"' in form[0]
    assert 'value="2026-12-01"' in form[0] and 'value="2026-12-18"' in form[0]  # this month


def test_the_pdf_downloads_as_an_attachment(client: TestClient) -> None:
    response = client.get("/insights/activity", params={**DECEMBER, "format": "pdf"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == (
        'attachment; filename="activity-2026-12-01-to-2026-12-31.pdf"'
    )
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Alex Morgan" in text and "Offer received" in text and "November" not in text


@pytest.mark.parametrize(("kind", "media"), [("csv", "text/csv"), ("md", "text/markdown")])
def test_csv_and_markdown_download_too(client: TestClient, kind: str, media: str) -> None:
    response = client.get("/insights/activity", params={**DECEMBER, "format": kind})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert response.headers["content-disposition"].endswith(f'.{kind}"')
    if kind == "csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == 10 and all(r["Date"].startswith("2026-12-") for r in rows)
    else:
        assert response.text.startswith("# Job search activity: Alex Morgan")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-12-31", "to": "2026-12-01"}, "after it ends"),
        ({"from": "yesterday", "to": "2026-12-01"}, "is not a date"),
        ({**DECEMBER, "format": "docx"}, "format"),
    ],
)
def test_bad_input_is_refused_with_a_message(client: TestClient, params, message) -> None:
    response = client.get("/insights/activity", params=params)
    assert response.status_code == 422
    assert "attachment" not in response.headers.get("content-disposition", "")
    assert message in response.text
