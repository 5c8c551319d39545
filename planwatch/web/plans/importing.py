"""An uploaded file → a plan document: JSON as is, a plan text through the reader and extractor."""

from __future__ import annotations

import json
from typing import Any

from planwatch.errors import ExtractionError
from planwatch.web.errors import InvalidInput


def plan_from_upload(name: str, data: bytes) -> tuple[dict[str, Any], str]:
    """(plan document, source text); the source text is empty for a JSON upload."""
    if name.lower().endswith(".json"):
        try:
            return json.loads(data.decode("utf-8-sig")), ""
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise InvalidInput("JSON 文件无法解析", "the JSON file cannot be parsed") from err
    try:
        from planwatch.documents.reader import read_bytes
        from planwatch.extraction import extract_plan
    except ImportError as err:
        raise ExtractionError(
            "文档抽取模块尚不可用，请上传规划 JSON", "the extractor is not available yet"
        ) from err
    document = read_bytes(data, name)
    return extract_plan(document), document.text
