"""Copy the front-end files the web app serves from npm's node_modules into the package.

Run by `make vendor` after `npm ci --prefix web-assets`. vendor.json lists, per npm package,
the files to copy and the folder under src/followup/web/static/vendor/ they go to; the
versions are the exact pins in package.json (package-lock.json records what was installed).
The manifest src/followup/web/static/vendor/MANIFEST.json lists every copied file with its
SHA-256, which tests/web/test_vendored.py checks, so a hand-edited or half-copied asset
fails the suite. Nothing is fetched when followup runs: the files ship inside the package.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

HERE = Path(__file__).parent
STATIC = HERE.parent / "src" / "followup" / "web" / "static" / "vendor"


def main() -> None:
    wanted = json.loads((HERE / "vendor.json").read_text())
    pins = json.loads((HERE / "package.json").read_text())["dependencies"]
    manifest: dict[str, dict[str, object]] = {}
    for package, spec in sorted(wanted.items()):
        source = HERE / "node_modules" / package
        installed = json.loads((source / "package.json").read_text())["version"]
        if installed != pins[package]:
            raise SystemExit(f"{package}: node_modules has {installed}, package.json pins "
                             f"{pins[package]}; run `npm ci --prefix web-assets`")  # fmt: skip
        target = STATIC / spec["into"]
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        files = {}
        for name in spec["files"]:
            shutil.copyfile(source / name, target / name)
            files[name] = hashlib.sha256((target / name).read_bytes()).hexdigest()
        manifest[package] = {"version": installed, "into": spec["into"], "files": files}
    (STATIC / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    done = ", ".join(f"{package} {entry['version']}" for package, entry in manifest.items())
    print(f"vendored {done}")


if __name__ == "__main__":
    main()
