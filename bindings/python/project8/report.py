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
from typing import Any

from ._core import report as _native

Document = _native.Document
build = _native.build

try:
    import pandas as _pd
except ImportError:  # pragma: no cover
    _pd = None


def tables(self: Document, lang: str = "vi", *, keys: bool = False) -> dict[str, Any]:
    """Every table as a DataFrame (suppressed cells as ``'<N'``), by id. The
    columns are titled in ``lang`` ('vi' or 'en'); ``keys=True`` names them by
    their stable keys instead (the same in every language)."""
    doc = json.loads(self.to_json(lang))
    out: dict[str, Any] = {}
    for t in doc["tables"]:
        names = [c["key"] if keys else c["title"] for c in t["columns"]]
        out[t["id"]] = (_pd.DataFrame(t["rows"], columns=names) if _pd is not None
                        else {"columns": names, "rows": t["rows"]})
    return out


Document.tables = tables

__all__ = ["Document", "build"]
