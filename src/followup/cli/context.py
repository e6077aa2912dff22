"""The App for this process, built once from the settings."""

from __future__ import annotations

from functools import cache

from followup.bootstrap import App, build
from followup.config.settings import load


@cache
def current() -> App:
    return build(load())
