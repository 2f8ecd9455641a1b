"""Read and write studies as YAML or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alcarbon.atomic import atomic_write
from alcarbon.errors import InputError
from alcarbon.inventory.errors_map import validation_error
from alcarbon.inventory.model import Study, catalogue_kind
from alcarbon.textdata import load_json, load_yaml
from alcarbon.textio import read_text, refuse_nul


def study_from_data(data: Any, source: str = "<data>") -> Study:
    """Validate plain data (dicts/lists) into a Study; errors name every bad field."""
    if not isinstance(data, dict):
        raise InputError("the study is not a mapping", where=source,
                         expected="a YAML/JSON object with 'period' and 'units'")
    try:
        return Study.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, data, source) from None


def read_text_study(path: Path) -> Study:
    text = read_text(path)
    if path.suffix.lower() == ".json":
        data = load_json(text, str(path))
        refuse_nul(data, str(path))
    else:
        data = load_yaml(text, str(path))
        # read_text refused a NUL in the text; YAML makes one only from an escape in a
        # double-quoted scalar ("\0", "\x00", "\u0000"), so without a backslash there is none
        if "\\" in text:
            refuse_nul(data, str(path))
    return study_from_data(data, str(path))


def study_to_data(study: Study) -> dict[str, Any]:
    """Plain, JSON-compatible data of a study (defaults omitted for readability) that reads back
    into the same study."""
    data = study.model_dump(mode="json", exclude_defaults=True)
    # An input row's kind is left out when it is 'material' (the default); read back, the row
    # would take the catalogue's kind instead (Input._kind_from_catalogue: a fuel is burnt). A
    # row saying 'material' for a flow the catalogue files otherwise (a fuel used as a
    # feedstock) keeps the word, so a saved revision means what was entered.
    for unit, out in zip(study.units, data.get("units", ()), strict=True):
        for row, row_out in zip(unit.inputs, out.get("inputs", ()), strict=True):
            if row.kind == "material" and "kind" not in row_out \
                    and catalogue_kind(row.flow) not in (None, "material"):
                row_out["kind"] = "material"
    return data


def write_text_study(study: Study, path: Path) -> None:
    data = study_to_data(study)
    if path.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    else:
        import yaml

        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    atomic_write(path, text.encode("utf-8"))
