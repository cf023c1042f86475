"""Every public name has a docstring that says more than its signature (help() is readable)."""

from __future__ import annotations

import inspect
import re

import project8
from project8 import budget, core, geo, legal, plan, report, rules, synthetic, tracking, workspace


def _only_signature(doc: str | None) -> bool:
    lines = [line for line in (doc or "").strip().splitlines() if line.strip()]
    return all(re.match(r"^\s*(\w+)?\(.*\)( -> .*)?$", line) or re.match(r"^\s*\d+\. ", line)
               or line.strip() == "Overloaded function." for line in lines)


def test_every_public_name_is_documented() -> None:
    missing = []
    for mod in (project8, budget, core, geo, legal, plan, report, rules, tracking, synthetic, workspace):
        for name in getattr(mod, "__all__", [n for n in dir(mod) if not n.startswith("_")]):
            obj = getattr(mod, name)
            if inspect.ismodule(obj):
                continue
            if _only_signature(getattr(obj, "__doc__", None)):
                missing.append(f"{mod.__name__}.{name}")
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    doc = getattr(value, "__doc__", None)
                    if isinstance(value, property):
                        doc = value.__doc__ or (value.fget.__doc__ if value.fget else None)
                    if _only_signature(doc):
                        missing.append(f"{mod.__name__}.{name}.{attr}")
    assert not missing, sorted(set(missing))
