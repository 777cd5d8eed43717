"""``python -m kb`` runs the same CLI as the ``kb`` console script."""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_python_dash_m_kb_lists_the_commands():
    out = subprocess.run([sys.executable, "-m", "kb", "--help"], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0
    for command in ("extract", "eval", "build", "ask"):
        assert command in out.stdout
