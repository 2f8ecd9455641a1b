"""Workbook junk that used to be dropped or overwritten without a word (issue 12): each is now
refused with the sheet, row and column the user sees."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from alcarbon.errors import InputError
from alcarbon.inventory import load_study, save_study

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "hydro_smelter_yunnan.xlsx"


def _edited(tmp_path: Path, edit) -> Path:
    wb = load_workbook(EXAMPLE)
    edit(wb)
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    return out


def _refused(tmp_path: Path, edit) -> str:
    with pytest.raises(InputError) as info:
        load_study(_edited(tmp_path, edit))
    return str(info.value)


def test_cutoff_junk_row_named(tmp_path):
    """A 'total' line under the (empty) cut-off table: row 4 is the first data row (row 1 keys,
    2 labels, 3 example), column A holds the unit id, and '合计' is no unit of the study."""
    msg = _refused(tmp_path, lambda wb: wb["取舍"].append(["合计", None, 12]))
    assert "sheet '取舍', row 4, column A (unit)" in msg and "'合计'" in msg
    assert "casting" in msg  # the unit ids that would be right


def test_cutoff_value_in_column_without_key(tmp_path):
    """The cut-off sheet has keys in A-D; a note typed in F4 would be dropped: the header cell
    F1 is named."""
    msg = _refused(tmp_path, lambda wb: wb["取舍"].__setitem__("F4", "see notes"))
    assert "sheet '取舍', row 1, column F" in msg and "from row 4" in msg


def test_valid_cutoff_row_still_accepted(tmp_path):
    """A well-formed omitted flow of an existing unit is read as before (5.3.4)."""
    study = load_study(_edited(tmp_path, lambda wb: wb["取舍"].append(
        ["casting", "drossing_flux", 5, "small"])))
    assert [(o.unit, o.flow, o.estimated_t_co2e) for o in study.omitted_flows] == [
        ("casting", "drossing_flux", 5.0)]


def test_study_sheet_key_of_another_sheet(tmp_path):
    """'units.0.id' on the study sheet was overwritten by the unit sheets; the appended row is
    max_row + 1 of the study sheet."""
    row = load_workbook(EXAMPLE)["研究信息"].max_row + 1
    msg = _refused(tmp_path, lambda wb: wb["研究信息"].append(["units.0.id", "", "smelter"]))
    assert f"sheet '研究信息', row {row}, column A" in msg
    assert "unknown key 'units.0.id'" in msg


@pytest.mark.parametrize("key", ["factors.0.value", "omitted_flows.0.unit",
                                 "electricity.supplies.grid.value"])
def test_other_sheet_keys_refused(tmp_path, key):
    msg = _refused(tmp_path, lambda wb: wb["研究信息"].append([key, "", "1"]))
    assert f"unknown key {key!r}" in msg


def test_factor_sheet_without_id_header(tmp_path):
    """Deleting A1 ('id') of the user-factor sheet read the whole sheet as empty (the error came
    later: 'factor neither packaged nor in the study'); now A1 itself is named."""
    msg = _refused(tmp_path, lambda wb: wb["用户排放因子"].__setitem__("A1", None))
    assert "sheet '用户排放因子', row 1, column A" in msg and "lacks: id" in msg


def test_round_trip_unchanged(tmp_path):
    """The writer's own output still reads back (no keyless column, no study-sheet sheet key)."""
    original = load_study(ROOT / "examples" / "coal_captive_smelter.yaml")
    save_study(original, tmp_path / "s.xlsx", lang="en")
    assert load_study(tmp_path / "s.xlsx") == original
