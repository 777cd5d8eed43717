"""Command-line interface. ``main`` turns user errors into one line and an exit code."""
from __future__ import annotations

import sys

from kb.cli.app import VERBOSE, UserError, app, error_line
# Command groups register themselves on ``app`` when imported.
from kb.cli import parse_cmd, extract_cmd, eval_cmd, build_cmd, query_cmd, export_cmd  # noqa: F401,E402


def main() -> None:
    try:
        app()
    except UserError as e:
        if VERBOSE["on"]:
            raise
        error_line("", str(e))
        sys.exit(e.code)
    except KeyboardInterrupt:
        error_line("", "interrupted")
        sys.exit(130)
