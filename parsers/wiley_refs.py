"""WileyML3G ``<bibliography>`` -> ``schemas.Reference`` list + the citation-link map.

One Reference per ``<bib>``, because citation links point at bibs: a bib that
groups several works ("a) … ; b) … ; c) …") keeps all of them in ``text`` and
takes its structured fields (authors, title, journal, year …) from the first.

Labels: in a numbered bibliography the printed number (the bib's position,
or its own ``<label>``), which is what readers see in "[12]"; otherwise the
bib's xml:id. The returned map sends every bib id *and* every citation id to
that label, so ``Paragraph.citations`` and ``Reference.label`` always agree.
"""
from __future__ import annotations

import re

from parsers.wiley_inline import InlineRenderer, flat_text, local, normalise
from schemas.article import Reference

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_DOI = re.compile(r"10\.\d{4,9}/\S+")


def _first(el, name: str):
    for node in el.iter():
        if local(node) == name:
            return node
    return None


def _plain(el) -> str:
    return normalise(flat_text(el)) if el is not None else ""


def _author(el) -> str:
    given = _first(el, "givenNames")
    family = _first(el, "familyName")
    if given is None and family is None:
        return _plain(el)
    return " ".join(p for p in (_plain(given), _plain(family)) if p)


def _doi(cit) -> str | None:
    for node in cit.iter():
        name = local(node)
        if name == "accessionId" and (node.get("ref") or "").startswith("info:doi/"):
            return node.get("ref")[len("info:doi/"):]
        if name == "doi":
            m = _DOI.search(_plain(node))
            if m:
                return m.group(0)
        if name in ("url", "link", "uri"):
            href = node.get("href") or _plain(node)
            if "doi.org/" in href or href.startswith("doi:"):
                m = _DOI.search(href)
                if m:
                    return m.group(0).rstrip(".")
    return None


def _reference(bib, label: str, inline: InlineRenderer) -> Reference:
    cits = [c for c in bib if local(c) == "citation"] or [bib]
    first = cits[0]
    authors = [_author(a) for a in first if local(a) in ("author", "groupName")]
    title_el = _first(first, "articleTitle")
    if title_el is None:
        title_el = _first(first, "chapterTitle")
    journal_el = _first(first, "journalTitle")
    book_el = _first(first, "bookTitle")
    if title_el is None and book_el is not None and journal_el is None:
        title_el, book_el = book_el, None
    year = None
    year_el = _first(first, "pubYear")
    if year_el is not None:
        m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", (year_el.get("year") or "") + " " + _plain(year_el))
        year = int(m.group(1)) if m else None
    vol = _first(first, "vol")
    p1, p2, eloc = _first(first, "pageFirst"), _first(first, "pageLast"), _first(first, "eLocator")
    pages = None
    if p1 is not None:
        pages = _plain(p1) + (f"–{_plain(p2)}" if p2 is not None and _plain(p2) else "")
    elif eloc is not None:
        pages = _plain(eloc)
    text = " ".join(t for t in (inline.text(c) for c in cits) if t)
    return Reference(
        label=label,
        authors=[a for a in authors if a],
        title=(inline.text(title_el) or None) if title_el is not None else None,
        journal=(inline.text(journal_el) or None) if journal_el is not None
        else ((inline.text(book_el) or None) if book_el is not None else None),
        year=year,
        volume=(_plain(vol) or None) if vol is not None else None,
        pages=pages or None,
        doi=_doi(first),
        text=text,
    )


def bib_labels(root) -> dict[str, str]:
    """xml:id of every bib and citation in the bibliography -> its reference label."""
    labels: dict[str, str] = {}
    n = 0
    for biblio in root.iter():
        if local(biblio) != "bibliography":
            continue
        numbered = (biblio.get("style") or "numbered") == "numbered"
        for bib in biblio.iter():
            if local(bib) != "bib":
                continue
            n += 1
            bib_id = bib.get(XML_ID) or f"bib{n}"
            own = next((c for c in bib if local(c) == "label"), None)
            label = _plain(own) if own is not None and _plain(own) else (str(n) if numbered else bib_id)
            labels[bib_id] = label
            for cit in bib.iter():
                if local(cit) == "citation" and cit.get(XML_ID):
                    labels[cit.get(XML_ID)] = label
    return labels


def references(root, labels: dict[str, str], inline: InlineRenderer) -> list[Reference]:
    refs: list[Reference] = []
    n = 0
    for biblio in root.iter():
        if local(biblio) != "bibliography":
            continue
        for bib in biblio.iter():
            if local(bib) != "bib":
                continue
            n += 1
            bib_id = bib.get(XML_ID) or f"bib{n}"
            refs.append(_reference(bib, labels.get(bib_id, str(n)), inline))
    return refs
