"""Markdown-like text from PDF converters -> ``schemas.Article``.

A converted PDF is one stream in which body text, headings, figure captions,
tables, page furniture and the reference list are interleaved in page order,
and paragraphs are cut wherever a page, a column or a float interrupted them.
Parsing therefore happens in two passes:

1. *Reading* (``_Reader``, here): every blank-line-separated block is classified
   (furniture, caption, table, heading, equation, text, back matter,
   references) and turned into an event; metadata is collected on the way.
2. *Assembly* (``parsers.pdf_assemble``): events become nested sections and
   broken paragraphs are re-joined across the floats that interrupted them.

Numbered headings are accepted only when their number continues the
document's numbering (1 -> 1.1 -> 1.1.1 -> 1.2 -> 2 ...), which is what keeps
numbered list items, equations and reference entries from becoming sections.
"""
from __future__ import annotations

import re
from pathlib import Path

from parsers import pdf_front as front
from parsers import pdf_layout as layout
from parsers.pdf_assemble import Assembler, Event, drop_duplicate_quotes
from parsers.pdf_refs import parse_references
from parsers.text_normalize import (Normalized, Vocabulary, clean_unicode, join_hyphenated,
                                    normalize_inline, normalize_text, repair_words)
from schemas.article import Article, Paragraph, Section, SourceFormat, Table

_ABSTRACT_LABEL = re.compile(r"^\W{0,3}(?:ABSTRACT|Abstract)\W{0,3}\s*[:.—–-]\s*")
_KEYWORDS_LABEL = re.compile(r"^\W{0,3}KEY\s*WORDS?\W{0,3}\s*[:.—–-]", re.I)
_LETTERS_COMMA = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,;")
_BACK_ITEM = re.compile(r"^\s*(?:[-•]\s|[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){1,3} [–—] )")


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    cur: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line.rstrip())
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def _join_lines(lines: list[str], vocab: Vocabulary) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if not out:
            out = line
        elif out.endswith("-") and out[-2:-1].isalpha() and line[:1].islower():
            out = join_hyphenated(out, line, vocab)
        else:
            out += " " + line
    return out


_REF_ENTRY = re.compile(r"^\s*(?:[-•]\s*)?(?:\(\d{1,4}\)|\[\d{1,4}\]|\d{1,4}\.?)\s+\S.*\b(?:19|20)\d\d\b")


def _looks_like_reference_list(lines: list[str]) -> bool:
    """Three or more numbered lines each carrying a year: a bibliography, whatever its heading."""
    if len(lines) < 3:
        return False
    hits = sum(1 for l in lines if _REF_ENTRY.match(l))
    return hits >= 3 and hits >= 0.8 * len(lines)


class _Numbering:
    """Accepts a numbered heading only if it continues the paper's numbering."""

    def __init__(self) -> None:
        self.path: list[tuple[int, ...]] = []
        self.last_child: dict[tuple[int, ...], int] = {}

    def accept(self, label: str, strong: bool = False) -> bool:
        """``strong``: an ALL-CAPS or markdown heading may skip a few lost headings."""
        nums = tuple(int(x) for x in label.split("."))
        parent = nums[:-1]
        if parent and parent not in self.path:
            return False
        last = self.last_child.get(parent, 0)
        if not (last < nums[-1] <= last + (5 if strong else 2)):
            return False
        if not parent and not self.last_child and nums[-1] > 2:
            return False
        self.last_child[parent] = nums[-1]
        self.path = [p for p in self.path if len(p) < len(nums)] + [nums]
        return True


class _Reader:
    def __init__(self, text: str, path: str | Path):
        self.vocab = Vocabulary.of(text)
        self.art = Article(id=Path(path).stem, source_path=str(path),
                           source_format=SourceFormat.PDF_TEXT)
        self.events: list[Event] = []
        self.numbering = _Numbering()
        self.mode = "front"
        self.author_marks: list[list[str]] = []
        self.affiliations: dict[str, str] = {}
        # (priority, order, doi): a "DOI:" line or page-1 furniture beats back matter beats
        # a DOI mentioned in running text; a reference's DOI never counts
        self.doi_candidates: list[tuple[int, int, str]] = []
        self.years: list[int] = []  # from Received/Accepted/Published lines
        self.cite_year: int | None = None  # from "Cite this: Journal, 2021, ..."
        self.masthead_journal: str | None = None
        self.copyright_years: list[int] = []
        self.body_from: int | None = None  # first block after title/authors
        self.ref_lines: list[str] = []
        self.back: list[Section] = []
        self.table: Table | None = None
        self.md_min: int | None = None
        self._last_back_listy = False
        self.blocks = _blocks(text)

    # ------------------------------------------------------------ helpers
    def _norm(self, raw: str) -> Normalized:
        n = normalize_inline(raw)
        n.text = repair_words(n.text, self.vocab)
        return n

    def _metadata_line(self, line: str) -> bool:
        """Record metadata carried by a furniture line; True if the line is furniture."""
        s = line.strip()
        j, y = front.cite_this(s)
        if j:
            self.art.journal = self.art.journal or j
            self.cite_year = self.cite_year or y
        if layout.DATE_LINE.match(s.strip("*")):
            self.years.extend(front.years_in(s))
        elif layout.COPYRIGHT.match(s) and len(s) < 200:
            self.copyright_years.extend(front.years_in(s))
        if _KEYWORDS_LABEL.match(s):
            self.art.keywords = front.parse_keywords(s)
            return True
        aff = layout.affiliation(s)
        if aff:
            mark, txt = aff
            txt = re.split(r"\s*E-?mail\s*:", txt)[0].strip()
            self.affiliations[mark] = normalize_text(txt)
            return True
        furniture = layout.is_furniture(s)
        self._doi(s, 0 if furniture or self.mode == "front" else 2)
        return furniture

    def _doi(self, line: str, priority: int) -> None:
        doi = front.find_doi(line) if self.mode != "refs" else None
        if doi:
            self.doi_candidates.append((priority, len(self.doi_candidates), doi))

    def _heading(self, line: str) -> layout.HeadingLine | None:
        h = layout.heading(line)
        if h is None:
            return None
        if h.label is not None:
            letters = re.sub(r"[^A-Za-z]", "", h.title)
            strong = not h.run_in and (h.markdown_level is not None or (len(letters) > 3 and letters.isupper()))
            return h if self.numbering.accept(h.label, strong) else None
        return h

    # ------------------------------------------------------------ reading
    def read(self) -> None:
        blocks = self.blocks
        i = 0
        while i < len(blocks):
            i = self._block(blocks, i)
        if self.mode == "front" and self.body_from is not None:
            # no abstract and no heading anywhere: everything after the byline is body text
            self.mode = "body"
            i = self.body_from
            while i < len(blocks):
                i = self._block(blocks, i)

    def _block(self, blocks: list[list[str]], i: int) -> int:
        lines = blocks[i]
        joined = " ".join(l.strip() for l in lines)
        if front.cite_this(joined)[0]:
            self._metadata_line(joined)
            return i + 1
        if self.mode == "refs":
            h = layout.heading(lines[0])
            name = layout.heading_name(lines[0])
            if h and h.label is None and (name in layout.BACK_NAMES or name in layout.BODY_NAMES):
                self.mode = "back"
                return self._block(blocks, i)
            self.ref_lines.extend(lines)
            return i + 1
        if self.mode == "back":
            return self._back_block(blocks, i)
        if self.mode == "front":
            return self._front_block(blocks, i)
        return self._body_block(lines, i)

    def _front_block(self, blocks: list[list[str]], i: int) -> int:
        lines = blocks[i]
        rest = [l for l in lines if not self._metadata_line(l)]
        if not rest:
            return i + 1
        text = " ".join(l.strip() for l in rest)
        first = rest[0]
        if _ABSTRACT_LABEL.match(first):
            self.mode = "body"
            self.events.append(Event("abstract", single=True))
            body = _ABSTRACT_LABEL.sub("", _join_lines(rest, self.vocab), count=1)
            self.events.append(Event("text", self._norm(body)))
            return i + 1
        if layout.heading_name(first) == "abstract":
            self.mode = "body"
            self.events.append(Event("abstract"))
            if len(rest) > 1:
                self.events.append(Event("text", self._norm(_join_lines(rest[1:], self.vocab))))
            return i + 1
        h = layout.heading(first)
        if h is not None and (h.label is not None or layout.heading_name(first) in layout.BODY_NAMES):
            self.mode = "body"
            return self._body_block(lines, i)
        mast = front.masthead(text)
        if mast is not None:
            self.masthead_journal = self.masthead_journal or mast or None
            return i + 1
        if not self.art.title:
            text = re.sub(r"^#{1,6}\s+", "", text)
            if len(text.split()) >= 3 and front.parse_authors(text) is None:
                self.art.title = normalize_text(text)
                self.body_from = i + 1
            return i + 1
        if not self.art.authors:
            authors = front.parse_authors(text)
            if authors:
                self.art.authors = [a for a, _ in authors]
                self.author_marks = [m for _, m in authors]
                self.body_from = i + 1
                return i + 1
        if len(text.split()) >= 40 and not layout.caption(first):
            self.mode = "body"
            self.events.append(Event("abstract", single=True))
            self.events.append(Event("text", self._norm(_join_lines(rest, self.vocab))))
        return i + 1

    def _body_block(self, lines: list[str], i: int) -> int:
        text_lines: list[str] = []

        def flush() -> None:
            if text_lines:
                raw = _join_lines(text_lines, self.vocab)
                kind = "equation" if layout.is_equation(raw) else "text"
                self.events.append(Event(kind, self._norm(raw)))
                text_lines.clear()

        if _looks_like_reference_list(lines):
            self.mode = "refs"  # a reference list without its heading
            self.ref_lines.extend(lines)
            return i + 1
        k = 0
        while k < len(lines):
            line = lines[k]
            if "\t" in line:
                flush()
                self._table_row(line)
                k += 1
                continue
            if self._metadata_line(line):
                flush()
                k += 1
                continue
            cap = layout.caption(line) if not text_lines else None
            if cap:
                flush()
                raw = _join_lines([cap.text] + [l for l in lines[k + 1:] if "\t" not in l], self.vocab)
                if cap.kind == "Table":
                    self.table = Table(label=cap.label, caption=normalize_text(raw))
                    self.art.tables.append(self.table)
                    self.events.append(Event("table", label=cap.label, table_index=len(self.art.tables) - 1))
                    lines = lines[:k + 1] + [l for l in lines[k + 1:] if "\t" in l]
                else:
                    self.events.append(Event("caption", self._norm(raw), label=cap.label))
                    return i + 1
                k += 1
                continue
            name = layout.heading_name(line)
            if name in layout.REF_NAMES:
                flush()
                self.mode = "refs"
                self.ref_lines.extend(lines[k + 1:])
                return i + 1
            if name in layout.BACK_NAMES and len(line) < 80:
                flush()
                self.mode = "back"
                self.back.append(Section(title=normalize_text(layout.plain(line)).strip(" :")))
                if lines[k + 1:]:
                    self._back_paragraph(lines[k + 1:])
                return i + 1
            h = self._heading(line) if not text_lines else None
            if h:
                flush()
                self._heading_event(h)
                k += 1
                continue
            text_lines.append(line)
            k += 1
        flush()
        return i + 1

    def _heading_event(self, h: layout.HeadingLine) -> None:
        title = normalize_text(h.title).strip(" .:")
        if h.label:
            depth = h.label.count(".") + 1
        elif h.markdown_level:
            if self.md_min is None:
                self.md_min = h.markdown_level
            depth = max(1, h.markdown_level - self.md_min + 1)
        else:
            depth = 1
        self.events.append(Event("heading", label=h.label, title=title, depth=depth))
        self.table = None  # tab rows after a heading belong to a new table
        if h.run_in:
            self.events.append(Event("text", self._norm(h.run_in)))

    def _table_row(self, line: str) -> None:
        cells = [normalize_text(c) for c in line.split("\t")]
        if self.table is None:
            self.table = Table()
            self.art.tables.append(self.table)
            self.events.append(Event("table", table_index=len(self.art.tables) - 1))
        if not self.table.header:
            self.table.header = cells
        else:
            self.table.rows.append(cells)

    def _back_block(self, blocks: list[list[str]], i: int) -> int:
        lines = blocks[i]
        first = lines[0]
        name = layout.heading_name(first)
        if name in layout.REF_NAMES:
            self.mode = "refs"
            self.ref_lines.extend(lines[1:])
            return i + 1
        plain = layout.plain(first)
        is_title = (name in layout.BACK_NAMES or (
            len(plain.split()) <= 6 and not re.search(r"[.,;:]$", plain) and plain[:1].isupper()
            and not first.lstrip().startswith(("-", "•")) and len(lines) == 1))
        if is_title:
            self.back.append(Section(title=normalize_text(plain).strip(" :")))
            if lines[1:]:
                self._back_paragraph(lines[1:])
            return i + 1
        self._back_paragraph(lines)
        return i + 1

    def _back_paragraph(self, lines: list[str]) -> None:
        if not self.back:
            self.back.append(Section(title="Back matter"))
        items: list[list[str]] = []
        for line in lines:
            self._doi(line, 1)
            # list items, and "Name – Affiliation" entries whose dash was lost, start new items
            if _BACK_ITEM.match(line) or not items:
                items.append([line])
            else:
                items[-1].append(line)
        for item in items:
            raw = _join_lines(item, self.vocab)
            raw = re.sub(r"^\s*[-•]\s+", "", raw)
            # "...interest. **Biographies**": a heading glued to the end of a paragraph
            m = re.search(r"\s*\*\*([A-Z][A-Za-z ]{2,40})\*\*\s*$", raw)
            tail_title = None
            if m and layout.heading_name(m.group(1)) in layout.BACK_NAMES:
                raw, tail_title = raw[:m.start()], m.group(1)
            txt = normalize_text(raw)
            paras = self.back[-1].paragraphs
            listy = bool(_BACK_ITEM.match(item[0]))
            if txt and paras and not listy and not self._last_back_listy and paras[-1].text[-1:] in _LETTERS_COMMA:
                paras[-1].text += " " + txt  # a paragraph broken by a page
            elif txt:
                paras.append(Paragraph(text=txt))
            self._last_back_listy = listy
            if tail_title:
                self.back.append(Section(title=tail_title))


def _finish_metadata(r: _Reader) -> None:
    art = r.art
    art.doi = min(r.doi_candidates)[2] if r.doi_candidates else None
    if not art.journal:
        art.journal = r.masthead_journal or front.journal_from_doi(art.doi) or front.journal_from_url(
            "\n".join(" ".join(b) for b in r.blocks[:5]))
    # the citable year: "Cite this" line, else the latest of received/accepted/published
    # dates, else a copyright line
    years = [r.cite_year] if r.cite_year else (r.years or r.copyright_years)
    if years:
        art.year = max(years)
    if art.year is None and art.doi:
        # a sample or preprint that cites its own published version
        art.year = next((ref.year for ref in art.references if ref.doi and ref.doi.lower() == art.doi.lower()), None)
    for author, marks in zip(art.authors, r.author_marks):
        author.affiliations = [r.affiliations[m] for m in marks if m in r.affiliations]
    _authors_from_back_matter(art)


def _authors_from_back_matter(art: Article) -> None:
    """ACS "AUTHOR INFORMATION" lists: "Name – Affiliation; orcid; Email: x"."""
    by_name = {a.name: a for a in art.authors}
    for sec in art.back_matter:
        if "author" not in sec.title.lower():
            continue
        for p in sec.paragraphs:
            for name, author in by_name.items():
                if not p.text.startswith(name):
                    continue
                rest = p.text[len(name):].lstrip(" –—-:")
                parts = [x.strip() for x in rest.split(";")]
                email = next((re.sub(r"^E-?mail\s*:\s*", "", x, flags=re.I).replace(" ", "")
                              for x in parts if re.match(r"E-?mail", x, re.I)), None)
                affs = [x for x in parts if x and not re.match(r"(E-?mail|orcid|Occid)", x, re.I)
                        and "orcid.org" not in x]
                if affs and not author.affiliations:
                    author.affiliations = affs
                if email and not author.email:
                    author.email = email


def parse_text(text: str, path: str | Path) -> Article:
    text = clean_unicode(text.replace("\r\n", "\n").replace("\r", "\n"))
    reader = _Reader(text, path)
    reader.read()
    asm = Assembler(reader.art, reader.vocab)
    asm.run(reader.events)
    art = reader.art
    art.abstracts = [a for a in art.abstracts if a.paragraphs]
    drop_duplicate_quotes(art)
    art.back_matter = [s for s in reader.back if s.paragraphs or s.subsections]
    art.references = parse_references("\n".join(reader.ref_lines))
    _finish_metadata(reader)
    return art
