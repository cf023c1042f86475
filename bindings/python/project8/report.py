"""Reports from a workspace (``project8::report``): bilingual tables rendered to
Markdown, CSV, JSON or Excel; small sensitive counts suppressed.

    >>> import tempfile, pathlib
    >>> from project8 import data_dir
    >>> from project8.workspace import Workspace
    >>> ws = Workspace.create(pathlib.Path(tempfile.mkdtemp()) / "ws.p8db",
    ...                       data_dir() / "plans" / "tam-duong-2025" / "plan.yaml")
    >>> doc = build(ws, "2025-12-31")
    >>> doc.table_ids[:3]
    ['content_areas', 'targets', 'progress_01_2022']
    >>> "## Chỉ tiêu" in doc.to_markdown()
    True
"""

from __future__ import annotations

import json
import os
from typing import Any

from ._convert import to_reporting_period
from ._core import report as _native
from ._core.core import ReportingPeriod
from ._result import table_from_rows
from ._wrap import Wrapped
from .workspace import Workspace


class Document(Wrapped[_native.Document]):
    """A report: facts and bilingual tables, ready to render (Markdown, JSON,
    CSV, Excel) in Vietnamese or English; small sensitive counts suppressed.
    Made by :func:`build`."""

    __slots__ = ()

    def __init__(self) -> None:
        raise TypeError("use project8.report.build(workspace, as_of)")

    @property
    def suppress_below(self) -> int:
        """The threshold applied to sensitive counts."""
        return self._native.suppress_below

    @property
    def suppressed_cells(self) -> int:
        """How many cells were suppressed."""
        return self._native.suppressed_cells

    @property
    def internal(self) -> bool:
        """Built without suppression (``no_suppression``): every format is
        stamped "internal — not for publication"."""
        return self._native.internal

    @property
    def table_ids(self) -> list[str]:
        """The tables' ids, in order."""
        return self._native.table_ids

    def to_markdown(self, lang: str = "vi") -> str:
        """Markdown, in 'vi' or 'en'."""
        return self._native.to_markdown(lang)

    def to_json(self, lang: str = "vi") -> str:
        """JSON with raw values (suppressed cells as '<N'); keys the same in every language."""
        return self._native.to_json(lang)

    def to_csv(self, lang: str = "vi") -> list[tuple[str, str]]:
        """One CSV per table: a list of (file name, content); headers are the stable keys."""
        return self._native.to_csv(lang)

    def write_xlsx(self, file: str | os.PathLike[str], lang: str = "vi") -> None:
        """Writes an Excel workbook: one sheet per table."""
        self._native.write_xlsx(file, lang)

    def tables(self, lang: str = "vi", *, keys: bool = False) -> dict[str, Any]:
        """Every table (a DataFrame, or without pandas a dict of arrays; suppressed
        cells as ``'<N'``), by id. The columns are titled in ``lang`` ('vi' or
        'en'); ``keys=True`` names them by their stable keys instead (the same in
        every language)."""
        doc = json.loads(self.to_json(lang))
        return {t["id"]: table_from_rows(t["rows"], [c["key"] if keys else c["title"] for c in t["columns"]])
                for t in doc["tables"]}



def build(workspace: Workspace, as_of: Any, period: ReportingPeriod | str | None = None,
          suppress_below: int = 5, no_suppression: bool = False) -> Document:
    """Builds the report of ``workspace`` as of a date (required), optionally for
    a period (a :class:`project8.ReportingPeriod` or its label, such as
    '2025-H1'); sensitive counts below ``suppress_below`` (at least 3) are
    hidden. ``no_suppression`` hides nothing and stamps the document "internal —
    not for publication" in every format."""
    return Document._wrap(_native.build(workspace._native, as_of, to_reporting_period(period, "period"),
                                        suppress_below, no_suppression))


__all__ = ["Document", "build"]
