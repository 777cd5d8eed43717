"""WileyML3G full text (``<component xmlns="http://www.wiley.com/namespaces/wiley">``)
-> ``schemas.Article``.

Input is untrusted, so the XML parser never resolves entities, never loads a
DTD and never touches the network, and a document that declares entities at
all is refused: WileyML3G deliveries carry no DTD, and an internal subset in
an article is how entity-expansion ("billion laughs") and external-entity
(XXE) attacks arrive. ``huge_tree`` stays off so libxml2's size and depth
limits hold.

The work is split by concern: metadata (wiley_meta), body structure
(wiley_body), bibliography (wiley_refs), inline text and citations
(wiley_inline), MathML (mathml). This module only assembles them.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from parsers import wiley_meta as meta
from parsers import wiley_refs as refs
from parsers.errors import ParseError
from parsers.wiley_body import BodyReader
from parsers.wiley_inline import InlineRenderer, local
from schemas.article import Article, Section, SourceFormat

WILEY_NS = "http://www.wiley.com/namespaces/wiley"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_ENTITY_DECL = re.compile(r"<!ENTITY", re.I)


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True, encoding="utf-8",
    )


def parse_tree(text: str, path: str | Path):
    """The document's root element, or ParseError for unsafe or malformed XML."""
    head = text[:20000]
    doctype = head.find("<!DOCTYPE")
    if doctype != -1 and _ENTITY_DECL.search(text, doctype):
        raise ParseError(path, "XML declares entities in a DTD (possible entity-expansion or "
                               "external-entity attack); refused, Wiley XML has no DTD")
    try:
        root = etree.fromstring(text.encode("utf-8"), _parser())
    except etree.XMLSyntaxError as e:
        # lxml appends "(<string>, line N)": the file name is ours to give, the line is in msg
        msg = re.sub(r"\s*\(<string>, line \d+\)$", "", str(e))
        raise ParseError(path, f"malformed XML: {msg}")
    if root is None:
        raise ParseError(path, "malformed XML: no root element")
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ParseError(path, "XML declares entities in a DTD; refused")
    return root


def _index(root) -> tuple[object | None, object | None, object | None]:
    header = body = None
    for c in root:
        name = local(c)
        if name == "header" and header is None:
            header = c
        elif name == "body" and body is None:
            body = c
    content_meta = meta.child(header, "contentMeta") if header is not None else None
    return header, content_meta, body


def _drop_ids(root) -> set[str]:
    """Ids of footnotes: links to them are markers, not words."""
    ids = set()
    for el in root.iter():
        if local(el) in ("note", "fn", "footnote") and el.get(XML_ID):
            ids.add(el.get(XML_ID))
    return ids


def parse_text(text: str, path: str | Path) -> Article:
    root = parse_tree(text, path)
    if local(root) != "component" or etree.QName(root).namespace != WILEY_NS:
        raise ParseError(path, f"not WileyML3G: root <{local(root) or '?'}> is not a Wiley <component>")
    header, content_meta, body = _index(root)
    if header is None or content_meta is None:
        raise ParseError(path, "Wiley XML without <header>/<contentMeta>: no article metadata")

    labels = refs.bib_labels(root)
    inline = InlineRenderer(labels, _drop_ids(root))

    title = meta.title(content_meta, inline)
    if not title:
        raise ParseError(path, "Wiley XML without an article title (contentMeta/titleGroup)")
    if body is None:
        raise ParseError(path, "Wiley XML without <body>: a metadata-only record, no full text")

    reader = BodyReader(inline, numbered=body.get("sectionsNumbered") == "yes")
    res = reader.read(body)
    if not any(p for _, s in _walk(res.sections) for p in s.paragraphs):
        raise ParseError(path, "Wiley XML <body> holds no paragraphs: no full text")

    back = list(res.back_matter) + meta.header_back_matter(content_meta, inline)
    if res.equations:
        back.append(Section(title="Display Equations", paragraphs=res.equations))

    p = Path(path)
    return Article(
        id=p.stem,
        source_path=str(path),
        source_format=SourceFormat.WILEY_XML,
        doi=meta.article_doi(header),
        title=title,
        journal=meta.journal_name(header),
        year=meta.year(header),
        authors=meta.authors(content_meta),
        keywords=meta.keywords(content_meta, inline),
        abstracts=meta.abstracts(content_meta, inline),
        sections=res.sections,
        captions=res.captions,
        tables=res.tables,
        references=refs.references(root, labels, inline),
        back_matter=back,
    )


def _walk(sections: list[Section]):
    for s in sections:
        yield from s.walk()


def parse(path: str | Path) -> Article:
    from parsers.detect import read_text
    return parse_text(read_text(path), path)


__all__ = ["parse", "parse_text", "parse_tree"]
