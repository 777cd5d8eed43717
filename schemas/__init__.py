"""Typed models shared by every layer of kb. One place defines each name."""
from schemas.article import (Abstract, AbstractKind, Article, Author, Caption, Paragraph,
                             Reference, Section, SourceFormat, Table)
from schemas.fact import Evidence, Fact, FactType

__all__ = ["Abstract", "AbstractKind", "Article", "Author", "Caption", "Paragraph",
           "Reference", "Section", "SourceFormat", "Table", "Evidence", "Fact", "FactType"]
