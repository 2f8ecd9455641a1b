"""Read and write studies as YAML or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from alcarbon.atomic import atomic_write
from alcarbon.errors import InputError
from alcarbon.inventory.errors_map import validation_error
from alcarbon.inventory.model import Study


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
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            # libyaml's C parser, same safe constructors: 6-18x faster (coal example)
            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception as exc:  # yaml and json raise various errors with line numbers
        raise InputError(f"cannot parse: {exc}", where=str(path)) from None
    return study_from_data(data, str(path))


def study_to_data(study: Study) -> dict[str, Any]:
    """Plain, JSON-compatible data of a study (defaults omitted for readability)."""
    return study.model_dump(mode="json", exclude_defaults=True)


def write_text_study(study: Study, path: Path) -> None:
    data = study_to_data(study)
    if path.suffix.lower() == ".json":
        text = json.dumps(data, ensure_ascii=False, indent=2)
    else:
        import yaml

        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    atomic_write(path, text.encode("utf-8"))
