"""The typed document model every parser produces.

Both input formats (Wiley XML, PDF-text) land in this one shape so that nothing
downstream ever needs to know where a paper came from. Text fields hold plain
Unicode with chemistry flattened (``Bi2S3``, ``mAh g−1``): no markup, no LaTeX,
no citation markers.
"""
from __future__ import annotations

from enum import Enum
from typing import Iterator

from pydantic import BaseModel, Field


class SourceFormat(str, Enum):
    WILEY_XML = "wiley_xml"
    PDF_TEXT = "pdf_text"


class Author(BaseModel):
    name: str
    affiliations: list[str] = Field(default_factory=list)
    email: str | None = None


class Paragraph(BaseModel):
    """One paragraph of running text.

    ``citations`` keeps the reference labels/ids that were removed from ``text``
    so that nothing is lost while sentences stay clean for NLP.
    """

    text: str
    citations: list[str] = Field(default_factory=list)


class Section(BaseModel):
    title: str
    label: str | None = None  # "3.1.2" when the paper numbers its sections
    paragraphs: list[Paragraph] = Field(default_factory=list)
    subsections: list["Section"] = Field(default_factory=list)

    def walk(self, parents: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], "Section"]]:
        path = parents + (self.title,)
        yield path, self
        for sub in self.subsections:
            yield from sub.walk(path)


class AbstractKind(str, Enum):
    MAIN = "main"
    GRAPHICAL = "graphical"
    OTHER = "other"


class Abstract(BaseModel):
    kind: AbstractKind = AbstractKind.MAIN
    paragraphs: list[Paragraph] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


class Caption(BaseModel):
    """A figure caption, taken out of the reading flow of the body."""

    label: str  # "Figure 3"
    text: str
    section: str | None = None  # title of the section it was found in, when known


class Table(BaseModel):
    label: str | None = None  # "Table 1"
    caption: str = ""
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    footnotes: list[str] = Field(default_factory=list)
    section: str | None = None


class Reference(BaseModel):
    label: str | None = None  # "1", "cit12", the id used by citation links
    authors: list[str] = Field(default_factory=list)
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    pages: str | None = None
    doi: str | None = None
    text: str = ""  # the reference as printed, flattened


class Article(BaseModel):
    """A parsed paper. ``id`` is the source file's stem: the key facts use (``paper``)."""

    id: str
    source_path: str
    source_format: SourceFormat
    doi: str | None = None
    title: str = ""
    journal: str | None = None
    year: int | None = None
    authors: list[Author] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    abstracts: list[Abstract] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    captions: list[Caption] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    # Kept apart from the body so they never pollute extraction:
    # acknowledgements, funding, supporting information, conflict of interest ...
    back_matter: list[Section] = Field(default_factory=list)

    # -- traversal helpers used by NLP and storage -------------------------
    def walk_sections(self) -> Iterator[tuple[tuple[str, ...], Section]]:
        for sec in self.sections:
            yield from sec.walk()

    def iter_text_blocks(self) -> Iterator[tuple[str, str]]:
        """(section title, text) for every block a reader would read, in order.

        Abstracts come first (section "Abstract"/"Graphical Abstract"), then body
        paragraphs, then captions ("<section> / Figure N caption") and table
        captions. Back matter is not included: it holds no findings.
        """
        for ab in self.abstracts:
            name = {"main": "Abstract", "graphical": "Graphical Abstract"}.get(ab.kind.value, "Abstract")
            for p in ab.paragraphs:
                yield name, p.text
        for path, sec in self.walk_sections():
            for p in sec.paragraphs:
                yield path[-1], p.text
        for cap in self.captions:
            where = f"{cap.section} / {cap.label} caption" if cap.section else f"{cap.label} caption"
            yield where, f"{cap.label}. {cap.text}" if cap.text else cap.label
        for tab in self.tables:
            if tab.caption:
                label = tab.label or "Table"
                where = f"{tab.section} / {label} caption" if tab.section else f"{label} caption"
                yield where, tab.caption

    def counts(self) -> dict[str, int]:
        secs = list(self.walk_sections())
        return {
            "sections": len(secs),
            "paragraphs": sum(len(s.paragraphs) for _, s in secs),
            "captions": len(self.captions),
            "tables": len(self.tables),
            "references": len(self.references),
        }


Section.model_rebuild()
