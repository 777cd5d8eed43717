"""Shared fixtures. Real papers and gold live in ../shared, never in the repo.

Tests that need them skip with a reason on a developer machine without
../shared, and fail in CI (CI=true), where a missing ../shared is a broken setup.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KB_SHARED", REPO.parent / "shared"))
CORPUS = REPO / "corpus"


def _need(path: Path) -> Path:
    if path.exists():
        return path
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{path} is missing: CI must run with ../shared beside the clone")
    pytest.skip(f"{path} not found (real papers and gold live in ../shared)")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    return _need(SHARED / "corpus")


@pytest.fixture(scope="session")
def shared_gold() -> Path:
    return _need(SHARED / "gold")


def real_paper(stem_prefix: str) -> Path:
    """Path of the real paper whose file name starts with ``stem_prefix`` ("000", "002" ...)."""
    corpus = _need(SHARED / "corpus")
    hits = sorted(corpus.glob(f"{stem_prefix}*.txt"))
    if not hits:
        pytest.fail(f"no paper {stem_prefix}* in {corpus}")
    return hits[0]


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    return CORPUS
