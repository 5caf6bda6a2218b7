"""The page's footnote area laid out one note at a time (a hook into WeasyPrint 70.0).

WeasyPrint keeps the footnote area at the foot of the page as tall as the notes called so far:
each time a line calls a note (and each time a note is moved to the next page or taken back)
``LayoutContext._update_footnote_area`` lays out a copy of the *whole* area again, with every
note of the page, only to learn its height. A page with n notes lays its first note out n
times or more; on the report's pages (about four notes each) that was a fifth of the layout.

The hook below keeps, for the page being laid out, the notes already laid out and where each
one ends (``y``). When the area's notes are those of the last call plus some more (a note
added), or fewer (a note moved to the next page), it lays out only the new notes, each one
alone but continuing the area at the ``y`` where the previous one ended, through WeasyPrint's
own code (``block_level_layout`` of the area resumed at that note, as on a new page, with the
area's top border and padding cut, as WeasyPrint does for a box split across pages). The
area's height is then computed from the last note's end as ``block_container_layout`` does.
Every number is the same float that the full layout computes, so the page is the same.

It is used only when that equivalence holds, checked at every call, and else WeasyPrint's own
method runs (and the kept notes are forgotten):

- each note is a block (``footnote-display: block``) of inline content, with no vertical
  margins, no clearance, no forced break or named page, static position, visible overflow,
  no ``max-lines`` and no note called inside it (so its layout does not depend on the notes
  before it, other than by where it starts, and margins do not collapse between notes);
- the area (``@footnote``) is a plain block: ``box-decoration-break: slice``, no
  ``max-lines``, visible overflow, no columns;
- the page has no floats (``excluded_shapes``) nor any box broken across pages out of flow,
  and the layout is not in a column.

A note laid out alone that ends where it starts (nothing laid out) or not where the area
resumes, or an area whose full layout's height is not the one computed from its last note,
gets WeasyPrint's full layout of the area instead.

When the page is done, ``make_page`` lays the area out once more: the notes kept from the last
call are that area (``_page_block_level_layout``). And ``context.footnotes`` (the notes not
laid out yet, which WeasyPrint scans for every box of every line) answers ``in`` from a
dictionary (``_NoteList``).

``FOOTNOTES_CHECK`` (tests) also runs WeasyPrint's full layout at every call and at the end of
every page and raises if any height or position differs. ``test_pdf_footnotes.py`` compares
every box of every page, and the PDF bytes, with and without the hook on a document of 12–14
notes a page, and fails if the hook stops being used. The hook is installed only on the WeasyPrint
version it was written against (``SUPPORTED``); on another the stock method runs.
"""

from __future__ import annotations

from math import inf

import weasyprint
import weasyprint.layout.page
from weasyprint.formatting_structure import boxes, build
from weasyprint.layout import LayoutContext
from weasyprint.layout.block import (
    block_level_layout,
    block_level_page_break,
    block_level_page_name,
    force_page_break,
)

SUPPORTED = {"70.0"}
# Tests: also lay out the whole area at every call and raise if the results differ.
FOOTNOTES_CHECK = False

_stock_update = LayoutContext._update_footnote_area
_stock_page_block_level_layout = weasyprint.layout.page.block_level_layout


class _Kept:
    """The notes laid out on the page whose footnote area is ``area``, in order."""

    __slots__ = ("area", "children", "ends", "laid", "notes")

    def __init__(self, area, laid) -> None:
        self.area = area  # the page's FootnoteAreaBox (context.current_footnote_area)
        self.laid = laid  # the area as WeasyPrint laid it out with its first notes
        self.notes: list = []  # the notes (boxes before layout), in order
        self.children: list = []  # each note laid out
        self.ends: list[float] = []  # where each laid-out note ends (border box bottom)


def _note_fits(note) -> bool:
    """Whether ``note`` can be laid out alone, after the notes before it, with the same result."""
    if type(note) is not boxes.BlockBox:
        return False
    style = note.style
    if (
        style["margin_top"].value != 0
        or style["margin_bottom"].value != 0
        or style["clear"] != "none"
        or style["position"] != "static"
        or style["overflow"] != "visible"
        or style["max_lines"] != "none"
        or style["column_width"] != "auto"
        or style["column_count"] != "auto"
        or style["break_before"] not in ("auto", "avoid")
        or style["break_after"] not in ("auto", "avoid")
    ):
        return False
    for child in note.children:
        if not isinstance(child, boxes.InlineLevelBox):
            return False
    for descendant in note.descendants():
        if getattr(descendant, "footnote", None) is not None:
            return False
        if isinstance(descendant, boxes.Box) and (
            descendant.style["float"] != "none" or descendant.style["position"] != "static"
        ):
            return False
    return True


def _area_fits(area) -> bool:
    style = area.style
    return (
        style["box_decoration_break"] == "slice"
        and style["max_lines"] == "none"
        and style["overflow"] == "visible"
        and style["position"] == "static"
        and style["column_width"] == "auto"
        and style["column_count"] == "auto"
    )


def _end(child) -> float:
    # As _in_flow_layout: the position after a child that does not collapse through.
    return child.border_box_y() + child.border_height()


def _full_layout(context, area):
    """WeasyPrint's own layout of the whole area (as in ``_update_footnote_area``)."""
    footnote_area = build.create_anonymous_boxes(area.deepcopy())
    return block_level_layout(context, footnote_area, -inf, None, area.page)[0]


def _layout_after(context, kept: _Kept, note, start: float):
    """Lay out ``note`` as the area's next child, the previous one ending at ``start``.

    The area is resumed at this note as on a new page (skip stack), its top border, padding
    and margin cut (``remove_decoration``), and placed at ``start``: the note gets the
    position, containing block and adjoining margins ([0]) it gets in the full layout.
    """
    area = kept.area.copy()
    area.children = [note]
    area.remove_decoration_sides = set()  # copy() shares the set; keep the page's area clean
    area = build.create_anonymous_boxes(area.deepcopy())
    area.position_y = start
    laid = block_level_layout(context, area, -inf, {0: None}, kept.area.page, page_is_empty=False)[
        0
    ]
    if laid is None or len(laid.children) != 1:
        return None
    child = laid.children[0]
    if child.position_y != start or child.clearance is not None:
        return None
    child.index = len(kept.children)  # its index in the whole area, as the full layout sets
    return child


def _height(laid, end: float) -> float:
    # As block_container_layout for an area of height auto that is not fragmented.
    height = max(0, end - laid.content_box_y())
    return max(min(height, laid.max_height), laid.min_height)


def _usable(context) -> bool:
    """Whether the page, its footnote area and its notes allow the incremental layout."""
    if context.in_column or context.excluded_shapes or context.broken_out_of_flow:
        return False
    if not _area_fits(context.current_footnote_area):
        return False
    fits = context.__dict__.setdefault("_avance_note_fits", {})
    for note in context.current_page_footnotes:
        known = fits.get(id(note))
        if known is None or known[0] is not note:
            known = fits[id(note)] = (note, _note_fits(note))
        if not known[1]:
            return False
    return True


def _keep_full(context, area):
    """WeasyPrint's layout of the whole area, kept to continue from; the laid-out area."""
    laid = _full_layout(context, area)
    context._avance_kept = None
    notes = context.current_page_footnotes
    if len(laid.children) != len(notes):
        return laid
    kept = _Kept(area, laid)
    kept.notes = list(notes)
    kept.children = list(laid.children)
    kept.ends = [_end(child) for child in laid.children]
    if _height(laid, kept.ends[-1]) == laid.height:
        context._avance_kept = kept
    return laid


def _incremental(context):
    """The laid-out area for ``context.current_page_footnotes`` (``_usable`` holds)."""
    area = context.current_footnote_area
    notes = context.current_page_footnotes
    kept = getattr(context, "_avance_kept", None)
    same = 0
    if kept is not None and kept.area is area:
        limit = min(len(notes), len(kept.notes))
        while same < limit and notes[same] is kept.notes[same]:
            same += 1
    if same == 0:
        return _keep_full(context, area)
    del kept.notes[same:], kept.children[same:], kept.ends[same:]
    for note in notes[same:]:
        previous = kept.children[-1]
        if force_page_break(
            block_level_page_break(previous, note), context
        ) or block_level_page_name(previous, note):
            return _keep_full(context, area)
        child = _layout_after(context, kept, note, kept.ends[-1])
        if child is None or _end(child) == kept.ends[-1]:
            return _keep_full(context, area)
        kept.notes.append(note)
        kept.children.append(child)
        kept.ends.append(_end(child))
    laid = kept.laid.copy()
    laid.children = list(kept.children)
    laid.height = _height(kept.laid, kept.ends[-1])
    return laid


def _update_footnote_area(self):
    """``LayoutContext._update_footnote_area`` of WeasyPrint 70.0, the area laid out by note.

    The stock method's statements; only the area's layout is ``_incremental``.
    """
    if not _usable(self):
        self._avance_kept = None
        return _stock_update(self)
    area = self.current_footnote_area
    if area.height != "auto" and not self.in_column:
        self.page_bottom += area.margin_height()
    area.children = self.current_page_footnotes
    if area.children:
        footnote_area = _incremental(self)
        if FOOTNOTES_CHECK:
            _check(self, area, footnote_area)
        area.height = footnote_area.height
        if not self.in_column:
            self.page_bottom -= footnote_area.margin_height()
        last_child = footnote_area.children[-1]
        last_child_bottom = (
            last_child.position_y + last_child.margin_height() - last_child.margin_bottom
        )
        footnote_area_bottom = (
            footnote_area.position_y + footnote_area.margin_height() - footnote_area.margin_bottom
        )
        return last_child_bottom > footnote_area_bottom
    self._avance_kept = None
    area.height = 0
    if not self.in_column:
        self.page_bottom -= area.margin_height()
    return False


def _page_block_level_layout(context, box, *args, **kwargs):
    """``block_level_layout`` as ``layout/page.py`` calls it; the page's final footnote area.

    ``make_page`` lays out the page's footnote area once more when the page is done
    (``bottom_space=-inf``, no skip stack), with the notes of the last
    ``_update_footnote_area``: the notes kept then, already laid out where that layout puts
    them, make that area. Any other box, or notes not kept, go to WeasyPrint.
    """
    kept = getattr(context, "_avance_kept", None)
    if (
        kept is None
        or not isinstance(box, boxes.FootnoteAreaBox)
        or args
        or kwargs.get("bottom_space") != -inf
        or kwargs.get("skip_stack", 0) is not None
        or kwargs.get("containing_block") is not kept.area.page
        or kept.area is not context.current_footnote_area
        or len(kept.area.children) != len(kept.notes)
        or any(a is not b for a, b in zip(kept.area.children, kept.notes, strict=True))
        or not _usable(context)
    ):
        return _stock_page_block_level_layout(context, box, *args, **kwargs)
    context._avance_kept = None  # the page moves these boxes (translate): not reusable
    laid = kept.laid.copy()
    laid.children = list(kept.children)
    laid.height = _height(kept.laid, kept.ends[-1])
    if FOOTNOTES_CHECK:
        full = _stock_page_block_level_layout(context, box, *args, **kwargs)[0]
        if _signature(full) != _signature(laid):
            raise AssertionError("final footnote area differs from WeasyPrint's")
    return laid, None, {"break": "any", "page": laid.page_values()[1]}, [], False, None


def _signature(box) -> tuple:
    """A laid-out box tree as plain values: types, text, geometry (for the checks)."""
    geometry = tuple(
        getattr(box, name, None)
        for name in (
            "position_x",
            "position_y",
            "width",
            "height",
            "margin_top",
            "margin_bottom",
            "padding_top",
            "padding_bottom",
            "border_top_width",
            "border_bottom_width",
            "baseline",
            "index",
        )
    )
    children = tuple(_signature(child) for child in getattr(box, "children", ()))
    return (type(box).__name__, getattr(box, "text", None), geometry, children)


def _check(context, area, footnote_area) -> None:
    full = _full_layout(context, area)
    ours = (
        footnote_area.height,
        footnote_area.margin_height(),
        footnote_area.position_y,
        [(c.position_y, c.margin_height()) for c in footnote_area.children],
    )
    theirs = (
        full.height,
        full.margin_height(),
        full.position_y,
        [(c.position_y, c.margin_height()) for c in full.children],
    )
    if ours != theirs:
        raise AssertionError(f"footnote area differs: {ours} != {theirs}")


class _NoteList(list):
    """``context.footnotes`` (the notes not laid out yet) whose ``in`` is a dictionary look-up.

    WeasyPrint asks, for every box of every line laid out, whether its note is in this list
    (``_linebox_layout``): a scan of the list, as long as the notes still to come (1,700 at
    the start of a part of the 10,000-activity year). Boxes compare by identity (no
    ``__eq__``), so counting the list's items by ``id`` answers the same. Every method that
    changes the list keeps the count; an item that is not a box makes ``in`` scan again.
    """

    __slots__ = ("_ids", "_plain")

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self._ids: dict[int, int] = {}
        self._plain = False
        self._count(self, 1)

    def _count(self, items, step: int) -> None:
        ids = self._ids
        for item in items:
            if not isinstance(item, boxes.Box):
                self._plain = True
            key = id(item)
            left = ids.get(key, 0) + step
            if left:
                ids[key] = left
            else:
                del ids[key]

    def __contains__(self, item) -> bool:
        if self._plain:
            return list.__contains__(self, item)
        return id(item) in self._ids

    def copy(self):
        return _NoteList(self)

    def append(self, item) -> None:
        list.append(self, item)
        self._count((item,), 1)

    def extend(self, items) -> None:
        items = list(items)
        list.extend(self, items)
        self._count(items, 1)

    def __iadd__(self, items):
        self.extend(items)
        return self

    def insert(self, index, item) -> None:
        list.insert(self, index, item)
        self._count((item,), 1)

    def remove(self, item) -> None:
        index = self.index(item)
        removed = self[index]
        list.__delitem__(self, index)
        self._count((removed,), -1)

    def pop(self, index=-1):
        item = list.pop(self, index)
        self._count((item,), -1)
        return item

    def clear(self) -> None:
        list.clear(self)
        self._ids.clear()
        self._plain = False

    def __delitem__(self, index) -> None:
        removed = self[index] if isinstance(index, slice) else [self[index]]
        list.__delitem__(self, index)
        self._count(removed, -1)

    def __setitem__(self, index, value) -> None:
        removed = self[index] if isinstance(index, slice) else [self[index]]
        added = list(value) if isinstance(index, slice) else [value]
        list.__setitem__(self, index, added if isinstance(index, slice) else value)
        self._count(removed, -1)
        self._count(added, 1)

    def __imul__(self, times):
        list.__imul__(self, times)
        self._ids.clear()
        self._plain = False
        self._count(self, 1)
        return self


_stock_context_init = LayoutContext.__init__


def _context_init(self, *args, **kwargs) -> None:
    _stock_context_init(self, *args, **kwargs)
    self.footnotes = _NoteList(self.footnotes)


def install() -> bool:
    """Use the incremental footnote area for every render; False on an unknown WeasyPrint."""
    if weasyprint.__version__ not in SUPPORTED:
        return False
    LayoutContext.__init__ = _context_init
    LayoutContext._update_footnote_area = _update_footnote_area
    weasyprint.layout.page.block_level_layout = _page_block_level_layout
    return True


def uninstall() -> None:
    LayoutContext.__init__ = _stock_context_init
    LayoutContext._update_footnote_area = _stock_update
    weasyprint.layout.page.block_level_layout = _stock_page_block_level_layout


def installed() -> bool:
    return LayoutContext._update_footnote_area is _update_footnote_area
