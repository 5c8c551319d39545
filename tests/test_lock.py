"""The lock file (requirements.lock) agrees with every pin in pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(spec: str) -> str:
    return re.split(r"[\[=<>!~ ]", spec, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def test_lock_holds_the_pinned_versions() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    pins = project["dependencies"] + project["optional-dependencies"]["dev"]
    lines = (ROOT / "requirements.lock").read_text("utf-8").splitlines()
    locked = {
        _name(line): line.split("==", 1)[1] for line in lines if line and not line.startswith("#")
    }
    for pin in pins:
        if "==" not in pin:
            continue
        version = pin.split("==", 1)[1].split(";")[0].strip()
        assert locked.get(_name(pin)) == version, f"{pin} vs lock {locked.get(_name(pin))}"
