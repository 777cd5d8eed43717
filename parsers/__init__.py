"""Readers from publisher formats to ``schemas.Article``. They know nothing of NLP."""
from __future__ import annotations

from pathlib import Path

from parsers.detect import detect, detect_text, read_text
from parsers.errors import ParseError
from schemas.article import Article, SourceFormat

__all__ = ["ParseError", "detect", "detect_text", "parse", "parse_text", "read_text"]


def parse_text(text: str, path: str | Path) -> Article:
    """Parse already-read text; ``path`` names the source (its stem is the article id)."""
    fmt = detect_text(text, path)
    try:
        if fmt is SourceFormat.WILEY_XML:
            from parsers import wiley_xml
            return wiley_xml.parse_text(text, path)
        from parsers import pdf_text
        return pdf_text.parse_text(text, path)
    except ParseError:
        raise
    except RecursionError:
        raise ParseError(path, "document nesting too deep")
    except Exception as e:  # a parser bug must not kill a batch: report it as this file's error
        raise ParseError(path, f"parser failed: {type(e).__name__}: {e}") from e


def parse(path: str | Path) -> Article:
    """Read ``path``, detect its format from content, return the Article or raise ParseError."""
    return parse_text(read_text(path), path)
