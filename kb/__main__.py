"""``python -m kb ...``: the ``kb`` command without the console script (e.g. from a checkout)."""
import sys

from kb.cli import main

if __name__ == "__main__":
    sys.exit(main())
