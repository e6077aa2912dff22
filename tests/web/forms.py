"""Forms as the pages send them, for tests that post to any page (tests/web/test_prg.py,
test_downloads.py): an interview and its next round that succeed, and a page's form read
back as it is filled."""

from __future__ import annotations

import html
import re

INTERVIEW = {  # Monday 14 December 2026, 10:00-11:00 in London
    "company": "Quillon",
    "role": "Data Engineer",
    "start": "2026-12-14T10:00",
    "duration": "60m",
    "tz": "Europe/London",
    "country": "GB-ENG",
    "format": "video",
    "round": "1",
    "people-0-role": "interviewer",
    "people-0-name": "Priya Shah",
    "people-0-email": "priya@quillon.example",
}
NEXT_ROUND = {  # Monday 21 December 2026, 14:00-15:00
    "start": "2026-12-21T14:00",
    "duration": "1h",
    "tz": "Europe/London",
    "country": "GB-ENG",
    "format": "in-person",
    "round": "2",
    "people-0-role": "interviewer",
    "people-0-name": "Tom Reed",
    "people-0-email": "tom@quillon.example",
}


def filled(page: str) -> dict[str, str]:
    """The text fields, text areas and selects of a page's forms, as the page fills them."""
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input[^>]* name="([^"]+)" value="([^"]*)"', page)
    }
    for name, value in re.findall(r'<textarea[^>]* name="([^"]+)"[^>]*>([^<]*)</textarea>', page):
        fields[name] = html.unescape(value)
    for name, options in re.findall(r'<select[^>]* name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        if chosen:
            fields[name] = chosen[1]
    fields.pop("csrf_token", None)
    return fields
