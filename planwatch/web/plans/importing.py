"""An uploaded file → a plan document: JSON as is, a plan text through the reader and extractor."""

from __future__ import annotations

import json
from typing import Any

from planwatch.errors import ExtractionError
from planwatch.web.errors import InvalidInput

# A plan document is a few levels deep (plan → indicators → targets → …); a file far deeper
# than that is not a plan, and would only exhaust the recursion of whatever reads it next.
MAX_JSON_DEPTH = 32


def plan_from_upload(name: str, data: bytes) -> tuple[dict[str, Any], str]:
    """(plan document, source text); the source text is empty for a JSON upload."""
    if name.lower().endswith(".json"):
        return parse_plan_json(data), ""
    try:
        from planwatch.documents.reader import read_bytes
        from planwatch.extraction import extract_plan
    except ImportError as err:
        raise ExtractionError(
            "文档抽取模块尚不可用，请上传规划 JSON", "the extractor is not available yet"
        ) from err
    document = read_bytes(data, name)
    return extract_plan(document), document.text


def parse_plan_json(data: bytes) -> Any:
    """A JSON upload, refused with a clear reason when it is not plain data: a key given twice in
    one object (which value was meant?), NaN or Infinity, or nesting deeper than a plan's."""
    try:
        doc = json.loads(
            data.decode("utf-8-sig"),
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constant,
        )
    except RecursionError as err:
        raise _too_deep() from err
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InvalidInput("JSON 文件无法解析", "the JSON file cannot be parsed") from err
    if _depth(doc) > MAX_JSON_DEPTH:
        raise _too_deep()
    return doc


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InvalidInput(
                f"JSON 文件中同一对象的键「{key}」出现了两次",
                f"the key {key!r} appears twice in one JSON object",
            )
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise InvalidInput(
        f"JSON 文件含有 {name}，数值必须是有限的数", f"the JSON file contains {name}, not a number"
    )


def _too_deep() -> InvalidInput:
    return InvalidInput(
        f"JSON 文件嵌套超过 {MAX_JSON_DEPTH} 层，不是规划文件",
        f"the JSON file is nested more than {MAX_JSON_DEPTH} levels deep",
    )


def _depth(doc: Any) -> int:
    """How deeply lists and objects nest in ``doc`` (a scalar is 0), without recursion."""
    deepest = 0
    stack = [(doc, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in value)
    return deepest
