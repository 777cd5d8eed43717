"""Run benches by discovery so adding ``bench/foo_bench.py`` needs no edit here.

    python -m bench                 # every *_bench module, in name order
    python -m bench parse [ARGS]    # only parse_bench, ARGS passed to its main()
    python -m bench --list
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
import traceback

import bench

SUFFIX = "_bench"


def available() -> list[str]:
    return sorted(m.name[: -len(SUFFIX)] for m in pkgutil.iter_modules(bench.__path__)
                  if m.name.endswith(SUFFIX))


def run(name: str, args: list[str]) -> int:
    """Run one bench; a crash is reported and counted, it does not stop the others."""
    try:
        module = importlib.import_module(f"bench.{name}{SUFFIX}")
        main = getattr(module, "main")
        takes_args = bool(inspect.signature(main).parameters)
        result = main(args) if takes_args else main()
        return int(result or 0)
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except Exception as e:  # noqa: BLE001 - one broken bench must not hide the others
        sys.stderr.write(f"bench: {name}: failed: {type(e).__name__}: {e}\n")
        if "-v" in args or "--verbose" in args:
            traceback.print_exc()
        return 1


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    names = available()
    if argv and argv[0] in ("-l", "--list"):
        print("\n".join(names))
        return 0
    if argv and not argv[0].startswith("-"):
        name, rest = argv[0].removesuffix(SUFFIX), argv[1:]
        if name not in names:
            sys.stderr.write(f"bench: no bench named {name!r} (available: {', '.join(names) or 'none'})\n")
            return 2
        return run(name, rest)
    status = 0
    for name in names:
        print(f"\n== {name} ==", flush=True)
        status |= run(name, argv) != 0
    return int(status)


if __name__ == "__main__":
    sys.exit(main())
