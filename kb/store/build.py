"""`kb build`: corpus files -> knowledge base, incremental, parallel, crash-safe.

Workers only run the pure per-file function; the main process is the one writer
and commits each paper in its own transaction as soon as its result arrives. So:
- a SIGKILL loses at most the papers in flight; everything committed stays, and
  the rerun skips it (same content hash) and finishes the rest;
- an unchanged file is recognised by its hash before any parsing;
- memory is bounded by the executor's in-flight window, not the corpus size;
- failures are data (status 'failed' + reason), never the end of the batch.
"""
from __future__ import annotations

import functools
import hashlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kb.executor import make_executor
from parsers.batch import iter_input_files
from kb.store.store import Store



@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    pruned: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        return len(self.added) + len(self.updated) + len(self.failed)

    @property
    def papers_per_s(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> dict:
        return {"added": len(self.added), "updated": len(self.updated),
                "unchanged": len(self.unchanged), "failed": len(self.failed),
                "pruned": len(self.pruned), "seconds": round(self.seconds, 2),
                "papers_per_s": round(self.papers_per_s, 2),
                "failures": [{"file": f, "reason": r} for f, r in self.failed]}


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """(file, None) for every input file, (path, reason) for a path that is not one.

    Same selection as `kb parse` (parsers.batch.iter_input_files: *.txt/*.xml in
    folders, hidden files skipped, one entry per real file, sorted).
    """
    for p in iter_input_files(paths):
        if p.is_file():
            yield p, None
        elif p.exists():
            yield p, "not a regular file"
        else:
            yield p, "no such file or directory"


# The code whose output the store keeps: a change here makes every paper "changed".
_PIPELINE_PACKAGES = ("parsers", "schemas", "kb.nlp", "kb.facts", "kb.chem", "kb.vocab")
_PIPELINE_MODULES = ("kb.pipeline",)
_PIPELINE_SUFFIXES = (".py", ".tsv", ".txt", ".json")


def pipeline_version() -> str:
    """Hash of the parser/extractor source and vocabularies (not of the store or CLI).

    Stored per paper; a paper whose content hash is unchanged but whose version
    differs was extracted by older code and is processed again. $KB_PIPELINE_VERSION
    pins it (e.g. a cosmetic code change that should not trigger a full rebuild).
    """
    return os.environ.get("KB_PIPELINE_VERSION") or source_version()


@functools.cache
def source_version() -> str:
    import importlib.util
    h = hashlib.sha256()
    files: list[tuple[str, Path]] = []
    for name in _PIPELINE_PACKAGES + _PIPELINE_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None:
            continue
        if spec.submodule_search_locations:
            for root in spec.submodule_search_locations:
                for f in Path(root).rglob("*"):
                    if f.suffix in _PIPELINE_SUFFIXES and "__pycache__" not in f.parts:
                        files.append((f"{name}/{f.relative_to(root).as_posix()}", f))
        elif spec.origin:
            files.append((name, Path(spec.origin)))
    for rel, f in sorted(files):
        h.update(rel.encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _file_hash(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def _unchanged(state, path: Path, fstat: tuple[int, int], version: str) -> bool:
    """Same content, processed by the same code, successfully.

    An identical (size, mtime) at the same place is trusted without reading the
    file (what git and make do); otherwise the content hash decides, so a touched
    or moved file is still unchanged.
    """
    if state is None or state.status != "ok" or state.pipeline_version != version:
        return False
    if (state.file_size, state.file_mtime_ns) == fstat and state.source_path == str(path.resolve()):
        return True
    return state.content_hash == _file_hash(path)


def _safe(fn: Callable, path: str):
    """Run ``fn`` in a worker; a bug in it costs this file, never the batch."""
    try:
        return fn(path)
    except Exception as e:  # noqa: BLE001 - reported per file
        from kb.pipeline import Processed
        return Processed(path, None, error=f"processing failed: {type(e).__name__}: {e}")


def _default_process(path: str):
    from kb.pipeline import process_file
    return process_file(path)


def _warm_up() -> None:
    """Load the NLP pipeline in the writer before the pool forks.

    Importing spaCy and building our pipeline costs seconds per process; with the
    fork start method (Linux default) workers inherit a warmed parent and start at
    once instead of each paying that again. The price is the pipeline's memory in
    the writer. Best effort: a failure here only loses the speed-up.
    """
    import multiprocessing as mp
    if mp.get_start_method(allow_none=True) not in (None, "fork") or sys.platform != "linux":
        return
    try:
        from kb.facts import extract_facts
        from schemas.article import Article, Paragraph, Section, SourceFormat
        text = ("The Bi2S3 anode delivers 500 mAh/g at 0.1 A/g in sodium-ion batteries, "
                "and in situ TEM shows Na3Bi forms after conversion.")
        extract_facts(Article(id="warm-up", source_path="warm-up",
                              source_format=SourceFormat.PDF_TEXT, title="Warm-up",
                              sections=[Section(title="Results",
                                                paragraphs=[Paragraph(text=text)])]))
    except Exception:  # noqa: BLE001 - optional optimisation
        pass


def build(db_path: str | Path, inputs: Iterable[str | Path], workers: int = 1,
          prune: bool = False, force: bool = False, process: Callable | None = None,
          on_progress: Callable[[str, str, str | None], None] | None = None,
          on_total: Callable[[int], None] | None = None, scheduler=None) -> BuildReport:
    """Build or update the knowledge base at ``db_path`` from ``inputs`` (files/dirs).

    ``process`` is the per-file function (default kb.pipeline.process_file); it must
    be picklable for workers > 1. ``on_progress(file, outcome, reason)`` is called in
    the writer after each file: outcome in added/updated/unchanged/failed.
    A file is unchanged (skipped before parsing) when its content hash and the
    pipeline_version() it was processed with both match; ``force`` re-processes
    every file anyway. Failed files are always retried. ``scheduler`` (a Dask
    scheduler address or client) runs the per-file work on a Dask cluster instead of
    local processes; the writer stays here.
    """
    t0 = time.perf_counter()
    report = BuildReport()
    fn = functools.partial(_safe, process or _default_process)
    note = on_progress or (lambda *a: None)
    inputs = list(inputs)
    if on_total:
        on_total(sum(1 for _ in iter_inputs(inputs)))
    version = pipeline_version()
    with Store.open(db_path) as store:
        seen: dict[str, Path] = {}
        stats: dict[str, tuple[int, int] | None] = {}  # only files in flight
        warm = [workers > 1 and process is None and scheduler is None]

        def todo() -> Iterator[str]:
            for path, bad in iter_inputs(inputs):
                if bad:
                    report.failed.append((str(path), bad))
                    note(str(path), "failed", bad)
                    continue
                stem = path.stem
                if stem in seen:
                    reason = f"duplicate paper id '{stem}' (already read from {seen[stem]})"
                    report.failed.append((str(path), reason))
                    note(str(path), "failed", reason)
                    continue
                seen[stem] = path
                try:
                    st = path.stat()
                    fstat = (st.st_size, st.st_mtime_ns)
                except OSError:
                    fstat = None  # the worker reports why it cannot be read
                if not force and fstat and _unchanged(store.paper_state(stem), path, fstat,
                                                      version):
                    store.mark_unchanged(stem, path, fstat)
                    report.unchanged.append(str(path))
                    note(str(path), "unchanged", None)
                    continue
                stats[str(path)] = fstat
                if warm[0]:  # first real work: warm up before the pool forks its workers
                    warm[0] = False
                    _warm_up()
                yield str(path)

        with make_executor(workers, scheduler) as ex:
            for path, result in ex.map_unordered(fn, todo()):
                outcome = store.write_paper(result, pipeline_version=version,
                                            file_stat=stats.pop(path, None))
                if result.error is not None:
                    report.failed.append((path, result.error))
                    note(path, "failed", result.error)
                else:
                    (report.added if outcome == "added" else report.updated).append(path)
                    note(path, outcome, None)
        if prune:
            report.pruned = store.prune_missing()
        store.refresh_entities()
    report.seconds = time.perf_counter() - t0
    return report
