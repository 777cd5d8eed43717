"""WileyML3G ``<header>`` -> article metadata, abstracts and header back matter.

The header holds three ``publicationMeta`` levels, each with its own DOI:
``product`` (the journal, ``10.1002/(ISSN)…``), ``part`` (the issue,
``10.1002/smtd.v6.11``) and ``unit`` (the article). Only the unit DOI
identifies the paper, so it is the only one taken.
"""
from __future__ import annotations

import re

from parsers.wiley_inline import Cites, InlineRenderer, finish, flat_text, local, normalise
from schemas.article import Abstract, AbstractKind, Author, Paragraph, Section

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def children(el, name: str) -> list:
    return [c for c in el if local(c) == name]


def child(el, name: str):
    for c in el:
        if local(c) == name:
            return c
    return None


def descendants(el, name: str) -> list:
    return [c for c in el.iter() if local(c) == name]


def plain(el) -> str:
    return normalise(flat_text(el)) if el is not None else ""


def publication_meta(header, level: str):
    for pm in children(header, "publicationMeta"):
        if pm.get("level") == level:
            return pm
    return None


def article_doi(header) -> str | None:
    unit = publication_meta(header, "unit")
    doi = child(unit, "doi") if unit is not None else None
    text = plain(doi)
    return text or None


def journal_name(header) -> str | None:
    product = publication_meta(header, "product")
    if product is None:
        return None
    group = child(product, "titleGroup")
    titles = children(group, "title") if group is not None else []
    for t in titles:
        if t.get("type") == "main":
            return plain(t) or None
    return plain(titles[0]) or None if titles else None


def _year_of(value: str | None) -> int | None:
    m = _YEAR.search(value or "")
    return int(m.group(1)) if m else None


def year(header) -> int | None:
    """Issue cover date first (the citable year), then online-publication events."""
    part = publication_meta(header, "part")
    if part is not None:
        cover = child(part, "coverDate")
        if cover is not None:
            y = _year_of(cover.get("startDate")) or _year_of(plain(cover))
            if y:
                return y
    unit = publication_meta(header, "unit")
    if unit is not None:
        events = {e.get("type"): e.get("date") for e in descendants(unit, "event")}
        for kind in ("publishedOnlineFinalForm", "firstOnline", "publishedOnlineEarlyUnpaginated",
                     "publishedOnlineAcceptedOrEarlyUnpaginated"):
            y = _year_of(events.get(kind))
            if y:
                return y
        for cr in descendants(unit, "copyright"):
            y = _year_of(plain(cr))
            if y:
                return y
    return None


def title(content_meta, inline: InlineRenderer) -> str:
    group = child(content_meta, "titleGroup") if content_meta is not None else None
    if group is None:
        return ""
    titles = children(group, "title")
    main = [t for t in titles if t.get("type") in (None, "main")]
    chosen = (main or titles or [None])[0]
    return inline.text(chosen) if chosen is not None else ""


def _affiliation_text(aff) -> str:
    unparsed = child(aff, "unparsedAffiliation")
    if unparsed is not None:
        return plain(unparsed)
    parts: list[str] = []
    for node in aff.iter():
        if node is aff or not isinstance(node.tag, str):
            continue
        if len(node) == 0 and local(node) not in ("label",):
            text = plain(node)
            if text:
                parts.append(text)
    return ", ".join(parts)


def authors(content_meta) -> list[Author]:
    if content_meta is None:
        return []
    affs = {a.get(XML_ID): _affiliation_text(a) for a in descendants(content_meta, "affiliation")}
    out: list[Author] = []
    for cr in descendants(content_meta, "creator"):
        if (cr.get("creatorRole") or "author") != "author":
            continue
        person = child(cr, "personName")
        if person is not None:
            given = " ".join(plain(g) for g in children(person, "givenNames"))
            family = " ".join(plain(f) for f in children(person, "familyName"))
            name = " ".join(p for p in (given, family) if p)
        else:
            group = child(cr, "groupName")
            name = plain(group) if group is not None else ""
        if not name:
            continue
        refs = [r.lstrip("#") for r in (cr.get("affiliationRef") or "").split()]
        email = next((plain(e) for e in descendants(cr, "email")), None)
        out.append(Author(name=name, affiliations=[affs[r] for r in refs if affs.get(r)],
                          email=email or None))
    return out


def keywords(content_meta, inline: InlineRenderer) -> list[str]:
    out: list[str] = []
    if content_meta is None:
        return out
    for group in children(content_meta, "keywordGroup"):
        if (group.get(_LANG) or "en").lower()[:2] != "en":
            continue
        for kw in children(group, "keyword"):
            text = inline.text(kw)
            if text and text not in out:
                out.append(text)
    return out


_KIND = {"main": AbstractKind.MAIN, "graphical": AbstractKind.GRAPHICAL}


def abstracts(content_meta, inline: InlineRenderer) -> list[Abstract]:
    out: list[Abstract] = []
    if content_meta is None:
        return out
    for group in children(content_meta, "abstractGroup"):
        for ab in children(group, "abstract"):
            kind = _KIND.get(ab.get("type") or "main", AbstractKind.OTHER)
            if (ab.get(_LANG) or "en").lower()[:2] != "en":
                kind = AbstractKind.OTHER
            paras = []
            blocks = descendants(ab, "p") or [ab]
            for p in blocks:
                cites = Cites()
                text = finish(inline.raw(p, cites)) if p is not ab else _abstract_loose_text(ab, inline)
                if text:
                    paras.append(Paragraph(text=text, citations=cites.labels))
            if paras:
                out.append(Abstract(kind=kind, paragraphs=paras))
    return out


def _abstract_loose_text(ab, inline: InlineRenderer) -> str:
    parts = [inline.text(c) for c in ab if local(c) not in ("title",)]
    return " ".join(p for p in parts if p)


def header_back_matter(content_meta, inline: InlineRenderer) -> list[Section]:
    """Funding, supporting-information items and notes declared in the header."""
    out: list[Section] = []
    if content_meta is None:
        return out
    funding = []
    for info in children(content_meta, "fundingInfo"):
        agency = ", ".join(plain(a) for a in children(info, "fundingAgency") if plain(a))
        numbers = ", ".join(plain(n) for n in children(info, "fundingNumber") if plain(n))
        text = f"{agency}: {numbers}" if agency and numbers else agency or numbers
        if text:
            funding.append(Paragraph(text=text))
    if funding:
        out.append(Section(title="Funding", paragraphs=funding))
    for si in children(content_meta, "supportingInformation"):
        items = []
        for item in descendants(si, "supportingInfoItem"):
            cap = child(item, "caption")
            media = child(item, "mediaResource")
            text = inline.text(cap) if cap is not None else ""
            href = media.get("href") if media is not None else None
            if href:
                text = f"{text} ({href.rsplit('/', 1)[-1]})" if text else href.rsplit("/", 1)[-1]
            if text:
                items.append(Paragraph(text=text))
        for p in children(si, "p"):
            text = inline.text(p)
            if text:
                items.append(Paragraph(text=text))
        if items:
            out.append(Section(title="Supporting Information", paragraphs=items))
    for ng in children(content_meta, "noteGroup"):
        notes = [Paragraph(text=t) for t in (inline.text(n) for n in descendants(ng, "note")) if t]
        if notes:
            out.append(Section(title="Notes", paragraphs=notes))
    return out
