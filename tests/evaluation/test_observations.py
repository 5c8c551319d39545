"""Loading observations: what is parsed, and every problem reported with its row number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from planwatch.errors import EvaluationError
from planwatch.evaluation.observations import (
    ObservationsError,
    load_observations,
    observations_from_rows,
)


def rows(*items: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [{"indicator": i, "period": p, "value": v} for i, p, v in items]


def problems(plan: dict, data: list[dict]) -> list[tuple[int, str, str]]:
    with pytest.raises(ObservationsError) as info:
        observations_from_rows(data, plan)
    return [(p.row, p.column, p.en) for p in info.value.problems]


def test_ids_names_and_formats_are_accepted(seed_plan: dict) -> None:
    frame = observations_from_rows(
        rows(
            ("5g", "2021", "5,000"),
            ("5G基站开通数", "2022-Q2", "６０００"),
            ("5g", "2023-06", "6 500,5"),
            ("gigabit", "2022", "57%"),
            ("dc", "2023", "在建"),
            ("5G网络三期工程", "2022", "3.5"),
        ),
        seed_plan,
    )
    got = frame.select("indicator", "kind", "period", "t", "value", "state").rows()
    assert got == [
        ("5g", "indicator", "2021", 2021.0, 5000.0, None),
        ("5g", "indicator", "2022-Q2", 2021.5, 6000.0, None),
        ("5g", "indicator", "2023-06", 2022.5, 6500.5, None),
        ("gigabit", "indicator", "2022", 2022.0, 57.0, None),
        ("dc", "milestone", "2023", 2023.0, None, "in_progress"),
        ("p1", "project", "2022", 2022.0, 3.5, None),
    ]


def test_every_problem_with_its_row(seed_plan: dict) -> None:
    found = problems(
        seed_plan,
        rows(
            ("5g", "2021", "4100"),  # row 2: fine
            ("6G基站", "2021", "1"),  # row 3: unknown indicator
            ("5g", "2022", "12,3"),  # row 4: ambiguous
            ("5g", "2023", "约50"),  # row 5: approximate
            ("5g", "2024", "—"),  # row 6: dash
            ("5g", "2021", "4200"),  # row 7: duplicates row 2
            ("5g", "20x1", "1"),  # row 8: malformed period
            ("5g", "2031", "1"),  # row 9: outside the plan
            ("gigabit", "2022-13", "1"),  # row 10: month 13
            ("gigabit", "2022", None),  # row 11: missing value
            ("gigabit", "2021", "已完成"),  # row 12: a state word for a numeric indicator
        ),
    )
    assert [(r, c) for r, c, _ in found] == [
        (3, "indicator"),
        (4, "value"),
        (5, "value"),
        (6, "value"),
        (7, "period"),
        (8, "period"),
        (9, "period"),
        (10, "period"),
        (11, "value"),
        (12, "value"),
    ]
    assert "unknown indicator '6G基站'" in found[0][2]
    assert "ambiguous" in found[1][2]
    assert "duplicates row 2" in found[4][2]
    assert "outside the plan" in found[6][2]


def test_problem_report_is_bilingual(seed_plan: dict) -> None:
    with pytest.raises(ObservationsError) as info:
        observations_from_rows(rows(("无此指标", "2021", "1")), seed_plan)
    text = info.value.one_line()
    assert "第 2 行" in text and "row 2" in text
    assert "规划中没有指标或项目" in text and "unknown indicator" in text


def test_same_end_time_in_two_frequencies_is_a_duplicate(seed_plan: dict) -> None:
    found = problems(seed_plan, rows(("5g", "2022", "1"), ("5g", "2022-Q4", "2")))
    assert found[0][:2] == (3, "period")


def test_regions_and_series_are_separate_series(seed_plan: dict) -> None:
    data = [
        {"indicator": "gigabit", "period": "2022", "value": "60", "series": "城镇"},
        {"indicator": "gigabit", "period": "2022", "value": "40", "series": "农村"},
        {"indicator": "5g", "period": "2022", "value": "600", "region": "龙湖区"},
        {"indicator": "5g", "period": "2022", "value": "700", "region": "金平区"},
    ]
    assert observations_from_rows(data, seed_plan).height == 4


def test_missing_column(seed_plan: dict) -> None:
    with pytest.raises(ObservationsError, match="missing required column value"):
        observations_from_rows([{"indicator": "5g", "period": "2021"}], seed_plan)


def test_csv_file(tmp_path: Path, seed_plan: dict) -> None:
    path = tmp_path / "obs.csv"
    path.write_text('indicator,period,value,note\n5g,2021,"1,234.5",初值\n', encoding="utf-8")
    frame = load_observations(path, seed_plan)
    assert frame.row(0, named=True)["value"] == 1234.5
    assert frame.row(0, named=True)["note"] == "初值"


def test_csv_in_gb18030(tmp_path: Path, seed_plan: dict) -> None:
    path = tmp_path / "obs.csv"
    path.write_bytes("indicator,period,value\n5G基站开通数,2021,5000\n".encode("gb18030"))
    assert load_observations(path, seed_plan).row(0, named=True)["indicator"] == "5g"


def test_xlsx_file(tmp_path: Path, seed_plan: dict) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "period", "value", "region"])
    sheet.append(["5g", 2021, 5000, None])
    sheet.append(["城市家庭千兆光纤网络覆盖率", "2022-Q2", "55%", "汕头市"])
    sheet.append(["5g", 2022.0, "约6000", None])
    path = tmp_path / "obs.xlsx"
    book.save(path)
    with pytest.raises(ObservationsError) as info:
        load_observations(path, seed_plan)
    assert [(p.row, p.column) for p in info.value.problems] == [(4, "value")]


def test_missing_file(tmp_path: Path, seed_plan: dict) -> None:
    with pytest.raises(EvaluationError, match="not found"):
        load_observations(tmp_path / "nope.csv", seed_plan)


def test_xlsx_percentage_cells_read_as_percent(tmp_path: Path, seed_plan: dict) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "period", "value"])
    sheet.append(["gigabit", "2022", 0.55])
    sheet["C2"].number_format = "0%"
    path = tmp_path / "obs.xlsx"
    book.save(path)
    assert load_observations(path, seed_plan).row(0, named=True)["value"] == pytest.approx(55.0)


def test_plan_region_is_the_headline(seed_plan: dict) -> None:
    data = [
        {"indicator": "5g", "period": "2022", "value": "6000", "region": "汕头市"},
        {"indicator": "5g", "period": "2022", "value": "6100"},
    ]
    found = problems(seed_plan, data)
    assert found[0][:2] == (3, "period")


def test_chinese_headers(tmp_path: Path, seed_plan: dict) -> None:
    path = tmp_path / "obs.csv"
    path.write_text("指标,期间,数值,地区,备注\n5G基站开通数,2021,5000,,初值\n", encoding="utf-8")
    row = load_observations(path, seed_plan).row(0, named=True)
    assert (row["indicator"], row["value"], row["note"]) == ("5g", 5000.0, "初值")


def test_old_excel_is_refused_clearly(tmp_path: Path, seed_plan: dict) -> None:
    path = tmp_path / "obs.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(EvaluationError, match=r"save as \.xlsx"):
        load_observations(path, seed_plan)


def test_blank_rows_are_skipped(tmp_path: Path, seed_plan: dict) -> None:
    path = tmp_path / "obs.csv"
    path.write_text("indicator,period,value\n5g,2021,5000\n,,\n\n5g,2022,6000\n", encoding="utf-8")
    assert load_observations(path, seed_plan).get_column("row").to_list() == [2, 5]
