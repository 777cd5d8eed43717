"""`kb eval` command."""
from kb.cli.app import app  # noqa: F401
