"""WileyML3G ``<body>`` -> sections, captions, tables, displayed equations, back matter.

Decisions (why):
- Sections without a title (Wiley wraps "Experimental Section" subsections in
  untitled ``<section numbered="no">`` shells) are hoisted into their parent:
  an untitled section is packaging, not structure.
- Labels: when ``<body sectionsNumbered="yes">`` the printed paper numbers every
  section not marked ``numbered="no"`` ("1", "2", "2.1"); we reproduce that.
- Back matter (acknowledgements, conflict of interest, data availability,
  funding, author contributions …) is recognised by the section ``type`` Wiley
  gives it, or by its title, and goes to ``Article.back_matter``.
- Displayed equations (``<displayedItem>``) split the paragraph that holds
  them: the text before stays a paragraph, the text after starts a new one.
  A displayed *reaction* (it has a reaction arrow, e.g.
  ``WSSe + 4Na+ + 4e− → Na2Se + Na2S + W``) is findings-bearing text, so it is
  kept in the body as its own Paragraph right after the paragraph that
  introduces it. Other displayed math (rate laws, GITT formulas) carries no
  facts and would feed junk tokens to NLP, so it is kept out of the body and
  recorded in a back-matter section "Display Equations" as "(n) text".
- Figures and tables are taken out of the reading flow into captions/tables,
  with the title of the section they sit in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from parsers import mathml
from parsers.wiley_inline import (Cites, InlineRenderer, entity_text, finish, flat_text, local,
                                  normalise, source_text)
from schemas.article import Caption, Paragraph, Section, Table

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

BACK_TYPES = {
    "acknowledgments", "acknowledgements", "acknowledgment", "acknowledgement",
    "conflictofinterest", "competinginterests", "dataavailability", "openresearch",
    "funding", "fundinginformation", "supportinginformation", "authorcontributions",
    "ethics", "ethicsstatement", "abbreviations", "glossary", "biography", "biographies",
    "disclosure", "notes", "permissions", "peerreview", "transparentpeerreview",
}
_BACK_TITLE = re.compile(
    r"^\s*(acknowledge?ments?|conflicts? of interests?|competing (financial )?interests?|"
    r"declaration of (competing )?interests?|data availability|funding( information)?|"
    r"supporting information|supplementary (information|material)|author contributions?|"
    r"ethics( statement)?|open research|abbreviations)\b",
    re.I,
)
# Elements inside <p> that are blocks of their own and split the paragraph.
_P_BLOCKS = {"displayedItem", "list", "blockFixed", "mathStatement", "blockQuote", "feature"}
# Elements inside <p> that leave the reading flow without splitting it.
_OUT_OF_FLOW = {"figure", "tabular"}


def _has_text_blocks(el) -> bool:
    return any(local(d) == "p" for d in el.iter())


@dataclass
class BodyResult:
    sections: list[Section] = field(default_factory=list)
    back_matter: list[Section] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    equations: list[Paragraph] = field(default_factory=list)


def _title_el(sec):
    for c in sec:
        if local(c) == "title" and c.get("type") in (None, "main"):
            return c
    return None


def is_back_matter(sec, title: str) -> bool:
    kind = re.sub(r"[^a-z]", "", (sec.get("type") or "").lower())
    return kind in BACK_TYPES or bool(title and _BACK_TITLE.match(title))


class BodyReader:
    def __init__(self, inline: InlineRenderer, numbered: bool):
        self.inline = inline
        self.numbered = numbered
        self.out = BodyResult()

    # -- sections ----------------------------------------------------------
    def read(self, body) -> BodyResult:
        loose = Section(title="Main Text")
        counter = 0
        for el in body:
            name = local(el)
            if name == "section":
                counter = self._top_section(el, counter, loose)
            elif name == "bibliography":
                continue
            else:
                self._block(el, loose, loose.title)
        if loose.paragraphs or loose.subsections:
            self.out.sections.insert(0, loose)
        return self.out

    def _top_section(self, el, counter: int, loose: Section) -> int:
        title_el = _title_el(el)
        title = self.inline.text(title_el) if title_el is not None else ""
        if is_back_matter(el, title):
            self._back(el, title)
            return counter
        if not title:
            # untitled top-level shell: its children are top-level sections or loose text
            for c in el:
                if local(c) == "section":
                    counter = self._top_section(c, counter, loose)
                elif local(c) != "title":
                    self._block(c, loose, loose.title)
            return counter
        label = None
        if self.numbered and el.get("numbered") != "no":
            counter += 1
            label = str(counter)
        self.out.sections.append(self._section(el, title, self._own_label(el) or label))
        return counter

    def _own_label(self, el) -> str | None:
        for c in el:
            if local(c) == "label":
                text = normalise(flat_text(c))
                return text or None
        return None

    def _section(self, el, title: str, label: str | None) -> Section:
        sec = Section(title=title, label=label)
        self._fill(sec, el, label)
        return sec

    def _fill(self, sec: Section, el, label: str | None, counter: list[int] | None = None) -> None:
        counter = counter if counter is not None else [0]
        for c in el:
            name = local(c)
            if name in ("title", "label", ""):
                continue
            if name == "section":
                title_el = _title_el(c)
                title = self.inline.text(title_el) if title_el is not None else ""
                if title and is_back_matter(c, title):
                    self._back(c, title)
                elif title:
                    sub_label = None
                    if label and self.numbered and c.get("numbered") != "no":
                        counter[0] += 1
                        sub_label = f"{label}.{counter[0]}"
                    sub = Section(title=title, label=self._own_label(c) or sub_label)
                    self._fill(sub, c, sub.label)
                    sec.subsections.append(sub)
                else:
                    self._fill(sec, c, label, counter)  # hoist the untitled shell's content
            else:
                self._block(c, sec, sec.title)

    def _back(self, el, title: str) -> None:
        if title:
            sec = Section(title=title)
            self._fill_back(sec, el)
            if sec.paragraphs or sec.subsections:
                self.out.back_matter.append(sec)
            return
        for c in el:  # untitled wrapper (openResearch): each child is back matter
            if local(c) == "section":
                t_el = _title_el(c)
                self._back(c, self.inline.text(t_el) if t_el is not None else "")
            elif local(c) == "p":
                text = self.inline.text(c)
                if text:
                    self.out.back_matter.append(Section(title="Notes", paragraphs=[Paragraph(text=text)]))

    def _fill_back(self, sec: Section, el) -> None:
        for c in el:
            name = local(c)
            if name == "section":
                t_el = _title_el(c)
                title = self.inline.text(t_el) if t_el is not None else ""
                if title:
                    sub = Section(title=title)
                    self._fill_back(sub, c)
                    sec.subsections.append(sub)
                else:
                    self._fill_back(sec, c)
            elif name not in ("title", "label", ""):
                self._block(c, sec, sec.title)

    # -- blocks ------------------------------------------------------------
    def _block(self, el, sec: Section, where: str) -> None:
        name = local(el)
        if name == "p":
            self._paragraph(el, sec, where)
        elif name == "figure":
            self._figure(el, where)
        elif name == "tabular":
            self._table(el, where)
        elif name == "displayedItem":
            self._display(el, sec)
        elif name == "list":
            self._list(el, sec, where)
        elif name in ("mediaResourceGroup", "mediaResource", "noteGroup", ""):
            return
        else:
            # containers (blockFixed, mathStatement, feature, …): read their blocks
            kids = [c for c in el if isinstance(c.tag, str)]
            if kids:
                for c in kids:
                    if local(c) not in ("mediaResourceGroup", "mediaResource", "label"):
                        if local(c) == "title":
                            text = self.inline.text(c)
                            if text:
                                sec.paragraphs.append(Paragraph(text=text))
                        else:
                            self._block(c, sec, where)
            else:
                text = self.inline.text(el)
                if text:
                    sec.paragraphs.append(Paragraph(text=text))

    def _paragraph(self, p, sec: Section, where: str) -> None:
        buf: list[str] = []
        cites = Cites()

        def flush():
            nonlocal buf, cites
            text = finish("".join(buf))
            if text:
                sec.paragraphs.append(Paragraph(text=text, citations=cites.labels))
            buf, cites = [], Cites()

        if p.text:
            buf.append(source_text(p.text))
        for c in p:
            name = local(c)
            if name in _OUT_OF_FLOW or (name == "blockFixed" and not _has_text_blocks(c)):
                self._block(c, sec, where)  # figure/table/graphic: taken out, sentence not split
            elif name in _P_BLOCKS:
                flush()
                self._block(c, sec, where)
            elif isinstance(c.tag, str):
                self.inline.walk(c, buf, cites)
            elif c.tag is etree.Entity:
                buf.append(entity_text(c))
            if c.tail:
                buf.append(source_text(c.tail))
        flush()

    def _list(self, el, sec: Section, where: str) -> None:
        for item in el:
            if local(item) in ("listItem", "item", "li"):
                if any(local(c) == "p" for c in item):
                    for c in item:
                        self._block(c, sec, where)
                else:
                    self._paragraph(item, sec, where)
            elif local(item) == "title":
                text = self.inline.text(item)
                if text:
                    sec.paragraphs.append(Paragraph(text=text))

    def _display(self, el, sec: Section) -> None:
        label = None
        parts: list[str] = []
        for c in el:
            name = local(c)
            if name == "label":
                label = normalise(flat_text(c))
            elif name == "math":
                parts.append(source_text(mathml.render(c)))
            elif isinstance(c.tag, str) and name not in ("mediaResourceGroup", "mediaResource"):
                parts.append(self.inline.text(c))
        text = normalise(" ".join(p for p in parts if p))
        if not text:
            return
        if mathml.is_reaction(text) and el.get("type") in (None, "mathematics", "chemistry", "chemical"):
            sec.paragraphs.append(Paragraph(text=text))
        else:
            self.out.equations.append(Paragraph(text=f"({label}) {text}" if label else text))

    # -- figures and tables -----------------------------------------------
    def _figure(self, el, where: str) -> None:
        name = "Figure"
        label = None
        caption = None
        for c in el:
            n = local(c)
            if n == "title" and c.get("type") == "figureName":
                name = normalise(flat_text(c)) or name
            elif n == "label":
                label = normalise(flat_text(c))
            elif n == "caption":
                caption = c
        text = self.inline.text(caption) if caption is not None else ""
        full = f"{name} {label}" if label else name
        self.out.captions.append(Caption(label=full, text=text, section=where or None))

    def _table(self, el, where: str) -> None:
        name, label, caption = "Table", None, ""
        for c in el:
            n = local(c)
            if n == "title" and c.get("type") == "tableName":
                name = normalise(flat_text(c)) or name
            elif n == "title" or n == "caption":
                caption = " ".join(t for t in (caption, self.inline.text(c)) if t)
            elif n == "label":
                label = normalise(flat_text(c))
        header: list[list[str]] = []
        rows: list[list[str]] = []
        for row in el.iter():
            if local(row) not in ("row", "tr"):
                continue
            if any(local(a) == "tfoot" for a in row.iterancestors()):
                continue  # footer rows are footnotes, read below
            cells = [c for c in row if local(c) in ("entry", "td", "th")]
            texts = [self.inline.text(c) for c in cells]
            in_head = any(local(a) == "thead" for a in row.iterancestors())
            all_th = bool(cells) and all(local(c) == "th" for c in cells)
            (header if in_head or (all_th and not rows) else rows).append(texts)
        footnotes = []
        for note_group in (c for c in el.iter() if local(c) in ("noteGroup", "tfoot", "tableFooter")):
            for note in note_group:
                if not isinstance(note.tag, str):
                    continue
                text = self.inline.text(note)
                if text:
                    footnotes.append(text)
        self.out.tables.append(Table(
            label=f"{name} {label}" if label else None,
            caption=caption,
            header=_merge_header(header),
            rows=rows,
            footnotes=footnotes,
            section=where or None,
        ))


def _merge_header(rows: list[list[str]]) -> list[str]:
    """Several header rows (a spanning group row over unit rows) -> one label per column."""
    if not rows:
        return []
    width = max(len(r) for r in rows)
    same = [r for r in rows if len(r) == width]
    if len(same) == 1:
        return same[0]
    return [" ".join(r[i] for r in same if r[i]).strip() for i in range(width)]
