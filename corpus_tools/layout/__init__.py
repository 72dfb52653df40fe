"""Layout: pages, paragraphs and the repairs text extraction needs.

``lay_out`` splits a ``SourceText`` into pages of paragraphs, joins hard-wrapped
lines, removes blocks the extractor printed twice and joins paragraphs broken
at column breaks.  Every repair is logged on the paragraph it touched.
"""

from __future__ import annotations

from corpus_tools.layout import flat
from corpus_tools.layout.pages import split_pages
from corpus_tools.layout.paras import make_paras, uses_indent, wrap_width
from corpus_tools.layout.repairs import remove_duplicates
from corpus_tools.types import Layout, Page, SourceText


def lay_out(src: SourceText) -> Layout:
    """Pages → paragraphs → de-duplicated → column breaks joined."""
    spans = split_pages(src)
    width, indent_mode = wrap_width(src), uses_indent(src)
    paged = [flat.split_flat_lines(src, make_paras(src, s, width, indent_mode)) for s in spans]
    paged, dup_repairs = remove_duplicates(paged)
    pages: list[Page] = []
    for s, paras in zip(spans, paged, strict=True):
        if not paras and s.header is None:  # a page of header lines only (a full-page ad) is kept
            continue
        pages.append(Page(index=len(pages) + 1, paras=tuple(flat.join_breaks(paras, indent_mode)),
                          printed_number=s.printed_number, header=s.header, section=s.section,
                          line_start=s.line_start, line_end=s.line_end))
    repairs = tuple(dup_repairs) + tuple(r for p in pages for para in p.paras for r in para.repairs
                                         if r.kind != "duplicate_removed")
    return Layout(pages=tuple(pages), repairs=repairs, indent_mode=indent_mode)


__all__ = ["lay_out"]
