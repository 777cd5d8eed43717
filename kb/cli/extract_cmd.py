"""`kb extract` commands."""
from kb.cli.app import app  # noqa: F401
