"""Decide an input's format from its content (all real files end in .txt)."""
from __future__ import annotations

import re
from pathlib import Path

from parsers.errors import ParseError
from schemas.article import SourceFormat

WILEY_NS = "http://www.wiley.com/namespaces/wiley"
_ROOT_TAG = re.compile(r"<\s*([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)([^>]*)>", re.S)
_MIN_TEXT_WORDS = 50
# XML declaration, comments, processing instructions and a DOCTYPE, including one
# with an internal subset ("<!DOCTYPE x [ <!ENTITY ...> ]>"), before the root element.
_PROLOG = re.compile(r"^(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>|\s)+", re.S)


def read_text(path: str | Path) -> str:
    """The file as UTF-8 text, or a ParseError saying why it is not."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError:
        raise ParseError(p, "is a directory, not a file")
    except OSError as e:
        raise ParseError(p, f"cannot read file ({e.strerror or e})")
    if not data.strip():
        raise ParseError(p, "empty file")
    if b"\x00" in data[:8192]:
        raise ParseError(p, "binary file (contains NUL bytes), not an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ParseError(p, f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}; "
                            "Latin-1 or another legacy encoding?): re-encode it as UTF-8")
    return text.lstrip("\ufeff")


def detect_text(text: str, path: str | Path = "<text>") -> SourceFormat:
    head = text.lstrip()[:4096]
    if head.startswith("<"):
        body = _PROLOG.sub("", text.lstrip()[:65536])
        m = _ROOT_TAG.match(body)
        if not m:
            raise ParseError(path, "looks like XML but has no root element")
        root, attrs = m.group(2), m.group(3)
        if root == "component" and WILEY_NS in attrs:
            return SourceFormat.WILEY_XML
        if root.lower() == "html":
            raise ParseError(path, "HTML page, not a supported article format")
        raise ParseError(path, f"XML of another vocabulary (root <{root}>), not Wiley XML")
    if len(re.findall(r"[A-Za-z]{2,}", text[:200_000])) < _MIN_TEXT_WORDS:
        raise ParseError(path, "too little text to be an article")
    return SourceFormat.PDF_TEXT


def detect(path: str | Path) -> SourceFormat:
    return detect_text(read_text(path), path)
