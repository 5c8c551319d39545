"""Compiles the web UI's translation catalogues (locale/*/LC_MESSAGES/*.po) into the .mo files
Django reads. The .mo files are build output, not committed: `make assets` and the web test
set-up both call ``compile_catalogs``.

To add strings: wrap them in the templates (``gettext`` and friends in Python), then from
planwatch/web run ``django-admin makemessages -l en`` (needs GNU gettext) and fill in the new
msgstr entries.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def compile_catalogs(locale_dir: Path = LOCALE_DIR, *, force: bool = False) -> list[Path]:
    """Write a .mo beside every .po that is newer than its .mo (or all, with ``force``).

    Fuzzy entries are left out, as msgfmt does. Returns the .mo files written.
    """
    written = []
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if force or not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            _compile(po, mo)
            written.append(mo)
    return written


def _compile(po: Path, mo: Path) -> None:
    with po.open("rb") as f:
        catalog = read_po(f, locale=po.parent.parent.name, domain=po.stem)
    # Written beside the target and renamed, so a reader never sees half a catalogue.
    fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".mo.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write_mo(f, catalog)
        os.chmod(tmp, 0o644)  # not mkstemp's 0600: the web server may run as another user
        os.replace(tmp, mo)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    compile_catalogs(force=True)
