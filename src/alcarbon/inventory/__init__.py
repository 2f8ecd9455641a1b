"""Inventory: the Study model and its readers/writers (YAML, JSON, Appendix C workbook)."""

from __future__ import annotations

from pathlib import Path

from alcarbon.errors import InputError
from alcarbon.inventory.model import Input, Output, Study, UnitProcess

__all__ = ["Study", "UnitProcess", "Input", "Output", "load_study", "save_study"]


def load_study(path: str | Path) -> Study:
    """Read a study from .yaml/.yml, .json or an Appendix C .xlsx workbook."""
    p = Path(path)
    if not p.exists():
        raise InputError("file not found", where=str(p))
    if p.is_dir():
        raise InputError("is a directory", where=str(p),
                         expected="a study file (.yaml, .yml, .json or .xlsx)")
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        from alcarbon.inventory.io_yaml import read_text_study

        return read_text_study(p)
    if suffix == ".xlsx":
        from alcarbon.inventory.io_xlsx import read_workbook

        return read_workbook(p)
    raise InputError(f"unsupported file type {suffix!r}", where=str(p),
                     expected=".yaml, .yml, .json or .xlsx")


def save_study(study: Study, path: str | Path, lang: str = "zh") -> None:
    """Write a study to .yaml/.json, or to an Appendix C workbook (.xlsx)."""
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        from alcarbon.inventory.io_xlsx import write_workbook

        write_workbook(study, p, lang=lang)
    else:
        from alcarbon.inventory.io_yaml import write_text_study

        write_text_study(study, p)
