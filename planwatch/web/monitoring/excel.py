"""Excel template for a reporter's items, and its upload: every row validated, nothing saved
unless the whole file is clean, errors reported per row in Chinese.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from planwatch.evaluation.numbers import NumberFormatError, parse_number
from planwatch.web.audit import services as audit
from planwatch.web.errors import InvalidInput, in_both
from planwatch.web.monitoring import engine, periods
from planwatch.web.monitoring.models import Assignment, Observation, ReportState
from planwatch.web.monitoring.selectors import reporter_assignments, reporting_tasks
from planwatch.web.plans.models import Indicator
from planwatch.web.spreadsheets.cells import write_row
from planwatch.web.spreadsheets.guard import Budget
from planwatch.web.spreadsheets.reading import sheet_rows

COLUMNS = [
    "任务编号",
    "规划",
    "指标",
    "计量单位",
    "期间",
    "数值",
    "数据来源",
    "备注",
    "滞后原因",
    "下一步措施",
    "版本",
]
_COL = {name: i for i, name in enumerate(COLUMNS)}
# Rows, bytes and XML tags an upload may hold (see spreadsheets.guard); columns past the
# template's are never read.
BUDGET = Budget()


def build_template(user: Any) -> bytes:
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "填报"
    write_row(ws, 1, COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EA")
    for row, task in enumerate(reporting_tasks(user), start=2):
        obs = task.observation
        a = task.assignment
        assert a.indicator is not None  # reporting tasks are indicator assignments
        write_row(
            ws,
            row,
            [
                a.pk,
                a.plan.title,
                a.indicator.name,
                a.indicator.unit,
                task.period,
                obs.value if obs else None,
                None,
                None,
                None,
                None,
                obs.version if obs else None,
            ],
        )
    for col, width in zip("ABCDEFGHIJK", (10, 30, 30, 10, 10, 12, 20, 20, 30, 30, 6), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class UploadResult:
    saved: int = 0
    submitted: int = 0
    warnings: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Row:
    number: int
    assignment: Assignment
    indicator: Indicator  # the assignment's (reporter assignments are indicator assignments)
    period: periods.Period
    value: float
    source: str
    note: str
    lag_reason: str
    next_steps: str
    version: int | None


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _read_rows(data: bytes) -> list[tuple[int, tuple]]:
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise InvalidInput("文件过大", "file too large")
    rows = sheet_rows(data, width=len(COLUMNS), budget=BUDGET)
    if not rows or rows[0][0] != 1 or [_text(c) for c in rows[0][1]] != COLUMNS:
        raise InvalidInput("表头与模板不一致，请重新下载模板", "header does not match the template")
    return rows[1:]


def _parse(
    number: int, raw: tuple, assignments: dict[int, Assignment], errors: list[dict[str, Any]]
) -> _Row | None:
    raw = tuple(raw) + (None,) * (len(COLUMNS) - len(raw))

    def err(column: str, message: str) -> None:
        errors.append({"row": number, "column": column, "message": message})

    try:
        assignment = assignments.get(int(raw[_COL["任务编号"]]))
    except (TypeError, ValueError):
        assignment = None
    if assignment is None:
        err("任务编号", "任务编号无效或不属于您的单位")
        return None
    if _text(raw[_COL["数值"]]) == "":
        return None  # a row left blank is simply not reported
    ind = assignment.indicator
    if ind is None:  # not one of reporter_assignments
        err("任务编号", "任务编号无效或不属于您的单位")
        return None
    unit = _text(raw[_COL["计量单位"]])
    if unit and ind.unit and unit != ind.unit:
        err("计量单位", f"计量单位应为“{ind.unit}”，不是“{unit}”")
    p = periods.parse(_text(raw[_COL["期间"]]))
    if p is None:
        err("期间", "期间格式不正确（应为 2023、2023-Q2 或 2023-06）")
    elif p.frequency != assignment.frequency:
        label, _ = in_both(assignment.get_frequency_display)  # row errors are in Chinese
        err("期间", f"期间与填报频率（{label}）不符")
    elif assignment.plan.period_end and p.year > assignment.plan.period_end:
        err("期间", "期间超出规划期")
    value = raw[_COL["数值"]]
    try:
        number_value = parse_number(value)
    except NumberFormatError as reason:
        err("数值", f"数值无效：{reason.zh}")
        return None
    version = raw[_COL["版本"]]
    if p is None or p.frequency != assignment.frequency:
        return None
    return _Row(
        number,
        assignment,
        ind,
        p,
        number_value,
        _text(raw[_COL["数据来源"]]),
        _text(raw[_COL["备注"]]),
        _text(raw[_COL["滞后原因"]]),
        _text(raw[_COL["下一步措施"]]),
        int(version) if isinstance(version, (int, float)) else None,
    )


def upload(*, user: Any, data: bytes, submit: bool = False) -> UploadResult:
    """Validate every row; save drafts (and submit them if asked) only if no row has an error."""
    raw_rows = _read_rows(data)
    assignments = {
        a.pk: a for a in reporter_assignments(user).prefetch_related("indicator__targets")
    }
    errors: list[dict[str, Any]] = []
    rows = [r for n, raw in raw_rows if (r := _parse(n, raw, assignments, errors)) is not None]
    result = UploadResult()
    existing = _existing(rows)
    seen: dict[tuple[int, str], int] = {}
    for r in rows:
        k = (r.assignment.pk, r.period.text)
        if k in seen:
            errors.append({"row": r.number, "column": "期间", "message": f"与第 {seen[k]} 行重复"})
        seen[k] = r.number
        current = existing.get(k)
        if current is not None and current.state == ReportState.SUBMITTED:
            errors.append(
                {"row": r.number, "column": "期间", "message": "该期数据已提交待审核，不能覆盖"}
            )
        elif current is not None and r.version is not None and r.version != current.version:
            errors.append(
                {"row": r.number, "column": "版本", "message": "该数据已被他人修改，请重新下载模板"}
            )
        behind = submit and engine.would_be_behind(
            indicator=r.indicator,
            unit=r.assignment.unit,
            period=r.period.text,
            value=r.value,
            plan=r.assignment.plan,
        )
        if submit and behind and not (r.lag_reason and r.next_steps):
            errors.append(
                {
                    "row": r.number,
                    "column": "滞后原因",
                    "message": "数值低于规划进度，须填写“滞后原因”和“下一步措施”",
                }
            )
    if errors:
        errors.sort(key=lambda e: e["row"])
        raise InvalidInput(
            f"文件中有 {len(errors)} 处错误，未保存任何数据", "file has errors", details=errors
        )
    result.warnings = _plausibility(rows)
    _store(user, rows, existing, submit, result)
    return result


def _plausibility(rows: list[_Row]) -> list[dict[str, Any]]:
    """The engine's warnings (year-on-year jumps, falling stocks, outliers) for the new values."""
    by_plan: dict[int, list[_Row]] = {}
    for r in rows:
        by_plan.setdefault(r.assignment.plan_id, []).append(r)
    out: list[dict[str, Any]] = []
    for plan_rows in by_plan.values():
        plan = plan_rows[0].assignment.plan
        lookup = {(r.indicator.key, r.period.text): r.number for r in plan_rows}
        candidates = [
            {
                "indicator": r.indicator.key,
                "period": r.period.text,
                "value": r.value,
                "region": r.assignment.unit.region.name,
                "indicator_id": r.assignment.indicator_id,
                "unit_id": r.assignment.unit_id,
            }
            for r in plan_rows
        ]
        for w in engine.plausibility_warnings(plan, candidates):
            row = lookup.get((w["indicator"], w["period"]))
            out.append({"row": row, "column": "数值", "message": w["message"]})
    return sorted(out, key=lambda w: w["row"] or 0)


def _existing(rows: list[_Row]) -> dict[tuple[int, str], Observation]:
    if not rows:
        return {}
    by_key: dict[tuple[int, int, str], int] = {
        (r.indicator.pk, r.assignment.unit_id, r.period.text): r.assignment.pk for r in rows
    }
    found = Observation.objects.filter(
        indicator_id__in={k[0] for k in by_key},
        unit_id__in={k[1] for k in by_key},
        series="",
        state__in=[ReportState.DRAFT, ReportState.SUBMITTED, ReportState.REJECTED],
    )
    out = {}
    for o in found:
        a = by_key.get((o.indicator_id, o.unit_id, o.period))
        if a is not None:
            out[(a, o.period)] = o
    return out


@transaction.atomic
def _store(user, rows: list[_Row], existing, submit: bool, result: UploadResult) -> None:
    now = timezone.now()
    state = ReportState.SUBMITTED if submit else ReportState.DRAFT
    new, changed, entries = [], [], []
    approved = Observation.objects.filter(
        indicator_id__in={r.assignment.indicator_id for r in rows},
        unit_id__in={r.assignment.unit_id for r in rows},
        state=ReportState.APPROVED,
        series="",
    ).values_list("indicator_id", "unit_id", "period", "pk")
    supersedes = {(i, u, p): pk for i, u, p, pk in approved}
    for r in rows:
        a = r.assignment
        fields = {
            "value": r.value,
            "source": r.source,
            "note": r.note,
            "lag_reason": r.lag_reason,
            "next_steps": r.next_steps,
        }
        current = existing.get((a.pk, r.period.text))
        if current is None:
            new.append(
                Observation(
                    indicator=a.indicator,  # instances, not ids: audit's str() needs no query
                    unit=a.unit,
                    assignment=a,
                    period=r.period.text,
                    period_end=r.period.end,
                    reporter=user,
                    state=state,
                    submitted_at=now if submit else None,
                    supersedes_id=supersedes.get((r.indicator.pk, a.unit_id, r.period.text)),
                    **fields,
                )
            )
        else:
            n = Observation.objects.filter(pk=current.pk, version=current.version).update(
                **fields,
                state=state,
                reporter=user,
                version=F("version") + 1,
                submitted_at=now if submit else None,
            )
            if n == 0:
                raise InvalidInput(
                    f"第 {r.number} 行的数据已被他人同时修改，请重新上传",
                    "concurrent change",
                    details=[{"row": r.number}],
                )
            changed.append(current)
    created = Observation.objects.bulk_create(new, batch_size=500)
    action = "submit" if submit else "create"
    for obs in created:
        entries.append(
            audit.entry(
                actor=user,
                action=action,
                obj=obs,
                after={"value": obs.value, "period": obs.period, "via": "excel"},
            )
        )
    for obs in changed:
        entries.append(
            audit.entry(
                actor=user,
                action="update",
                obj=obs,
                before={"value": obs.value, "version": obs.version},
                after={"via": "excel", "state": state},
            )
        )
    audit.record_many(entries)
    result.saved = len(created) + len(changed)
    result.submitted = result.saved if submit else 0
