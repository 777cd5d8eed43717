"""The Typer application and the conventions every command shares.

Commands live in sibling modules (one group each) and register on ``app``;
each is a few lines over a library function that tests call directly.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="kb: literature-mining knowledge base for battery materials.")

VERBOSE = {"on": False}


def default_db() -> Path:
    return Path(os.environ.get("KB_DB", "kb.sqlite"))


DB_OPTION = typer.Option(None, "--db", help="SQLite knowledge base (default ./kb.sqlite or $KB_DB).")


def resolve_db(db: Path | None) -> Path:
    return db if db is not None else default_db()


def error_line(where: str, reason: str) -> None:
    """The one error shape: ``kb: <file>: <reason>`` on stderr."""
    sys.stderr.write(f"kb: {where}: {reason}\n" if where else f"kb: {reason}\n")


class UserError(Exception):
    """An error caused by the user's input: printed as one line, exit code ``code``."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


@app.callback()
def _root(verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks.")) -> None:
    VERBOSE["on"] = verbose
