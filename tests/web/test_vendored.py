"""/api/docs: Swagger UI from the package's own static folder, under the app's CSP, and the
vendored files exactly as `make vendor` copied them (web-assets/vendor.py)."""

from __future__ import annotations

import hashlib
import json
import re
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from tests.web.conftest import BASE

STATIC = Path(str(files("followup.web"))) / "static"
ROOT = Path(__file__).resolve().parents[2]


def test_the_docs_page_loads_its_scripts_and_styles_from_this_server(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert page.headers["content-security-policy"].startswith("default-src 'self'; script-src")
    assert "<script>" not in page.text and "style=" not in page.text  # nothing inline
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        where = urlsplit(asset)
        assert where.netloc in ("", urlsplit(BASE).netloc), f"{asset} is not served by followup"
        answer = client.get(where.path)
        assert answer.status_code == 200, asset
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert "javascript" in bundle.headers["content-type"]
    assert b"SwaggerUIBundle" in bundle.content


def test_the_docs_page_describes_the_api_it_serves(client: TestClient) -> None:
    page = client.get("/api/docs").text
    spec = re.search(r'data-spec="([^"]+)"', page)
    assert spec and client.get(spec[1]).json()["info"]["title"] == "followup"


def test_vendored_files_are_what_the_manifest_pins() -> None:
    """Each copied file has the SHA-256 vendor.py recorded, at the version package.json pins,
    and nothing unlisted sits in the vendor folder."""
    manifest = json.loads((STATIC / "vendor" / "MANIFEST.json").read_text())
    pins = json.loads((ROOT / "web-assets" / "package.json").read_text())["dependencies"]
    assert set(manifest) == set(pins)
    listed = {STATIC / "vendor" / "MANIFEST.json"}
    for package, entry in manifest.items():
        assert entry["version"] == pins[package]
        for name, digest in entry["files"].items():
            path = STATIC / "vendor" / entry["into"] / name
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path
            listed.add(path)
        assert any(n.startswith("LICENSE") for n in entry["files"]), f"{package}: no licence"
    assert {p for p in (STATIC / "vendor").rglob("*") if p.is_file()} == listed
