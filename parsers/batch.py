"""Parse many inputs in one pass without letting one bad file stop the rest.

Real corpora contain empty downloads, binary blobs and files in the wrong
encoding. A batch therefore reports each failure as a value (a ParseError in
the result stream) instead of raising, and the caller decides how to show it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from parsers import parse
from parsers.errors import ParseError
from schemas.article import Article

# Inside a folder only these are inputs (all real papers end in .txt, whatever
# their format). A file named explicitly is always an input, whatever its name.
INPUT_SUFFIXES = (".txt", ".xml")

ProgressCallback = Callable[[int, int, Path], None]
"""progress(done, total, path): called after each file, ``done`` counts from 1."""


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def iter_input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every input file under ``paths``: files as given, folders recursively.

    The result is sorted and free of duplicates (one entry per real file, however it
    was reached) so the same corpus always gives
    the same order (and byte-identical summaries). Hidden files and folders
    below a given folder are skipped. A path that does not exist is kept, so
    that parsing reports it like any other unreadable input instead of it
    silently disappearing.
    """
    found: dict[Path, Path] = {}  # real location -> first spelling seen

    def add(f: Path) -> None:
        try:
            key = f.resolve()
        except OSError:
            key = f
        found.setdefault(key, f)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in p.rglob("*"):
                if (f.is_file() and f.suffix.lower() in INPUT_SUFFIXES
                        and not _hidden(f.relative_to(p))):
                    add(f)
        else:
            add(p)
    return sorted(found.values(), key=lambda q: (str(q).casefold(), str(q)))


def parse_one(path: str | Path) -> Article | ParseError:
    """The Article, or the ParseError explaining why ``path`` is not one. Never raises."""
    try:
        return parse(path)
    except ParseError as e:
        return e
    except Exception as e:  # noqa: BLE001 - a batch must survive anything one file does
        return ParseError(path, f"unexpected error: {type(e).__name__}: {e}")


def parse_many(paths: Iterable[str | Path],
               progress: ProgressCallback | None = None) -> Iterator[tuple[Path, Article | ParseError]]:
    """(path, Article | ParseError) for every input file of ``paths``, in sorted order."""
    files = iter_input_files(paths)
    total = len(files)
    for done, path in enumerate(files, 1):
        result = parse_one(path)
        if progress is not None:
            progress(done, total, path)
        yield path, result
