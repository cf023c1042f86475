"""Where the bundled datasets are (inside the installed package, or the source tree)."""

from __future__ import annotations

import os
import pathlib


def data_dir() -> pathlib.Path:
    """The folder of bundled data (geo/, plans/): ``$PROJECT8_DATA_DIR`` if set,
    else the package's own ``data`` folder, else the source tree's ``data``."""
    env = os.environ.get("PROJECT8_DATA_DIR")
    if env:
        return pathlib.Path(env)
    here = pathlib.Path(__file__).resolve().parent
    for candidate in (here / "data", here.parents[2] / "data"):
        if (candidate / "geo").is_dir():
            return candidate
    raise FileNotFoundError("project8's bundled data was not found; set PROJECT8_DATA_DIR")
