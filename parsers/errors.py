"""The one error every parser raises for input that is not a readable article."""
from __future__ import annotations

from pathlib import Path


class ParseError(Exception):
    """``path`` could not be read as an article; ``reason`` is one line for people."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")
