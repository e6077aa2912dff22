"""What a phone needs to keep followup on its home screen: a web app manifest served as one,
naming icons that exist at the sizes it says; card photos taken with the camera."""

from __future__ import annotations

import io
import json
import re

from fastapi.testclient import TestClient
from PIL import Image


def test_every_page_links_a_manifest_whose_icons_are_real(client: TestClient) -> None:
    page = client.get("/").text
    link = re.search(r'<link rel="manifest" href="[^"]*?(/static/[^"]+)"', page)
    assert link, "the page links no manifest"
    answer = client.get(link[1])
    assert answer.headers["content-type"].startswith("application/manifest+json")
    manifest = json.loads(answer.text)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    sizes = set()
    for icon in manifest["icons"]:
        got = client.get(icon["src"])
        assert got.status_code == 200, icon["src"]
        if icon["type"] == "image/png":
            with Image.open(io.BytesIO(got.content)) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"]
                sizes.add(image.width)
    assert {192, 512} <= sizes  # what Android asks of an installable app


def test_a_card_photo_field_opens_the_camera(client: TestClient) -> None:
    page = client.get("/interviews/new").text
    fields = re.findall(r'<input type="file"[^>]*>', page)
    assert fields and all('capture="environment"' in f and 'accept="image/*"' in f for f in fields)
