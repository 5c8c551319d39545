"""Extraction speed on the seed plans: text size, median time, MB/s and peak memory, per seed.

Also times the .docx and .pdf readers on renderings of one seed, written by real writers.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

from planwatch.documents import read_document, read_text_document
from planwatch.extraction import extract_plan

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
RUNS = 7


def _median_seconds(work: object, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _peak_mib(work: object) -> float:
    tracemalloc.start()
    work()  # type: ignore[operator]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def bench_seeds() -> None:
    print("== 抽取 extraction (text → plan), median of", RUNS, "runs")
    print(
        f"{'seed':<28}{'chars':>9}{'MB':>8}{'read ms':>10}{'extract ms':>12}{'MB/s':>8}{'peak MiB':>10}"
    )
    total_bytes = total_seconds = 0.0
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        read_s = _median_seconds(lambda p=path: read_document(p))
        document = read_document(path)
        extract_s = _median_seconds(lambda d=document: extract_plan(d))
        peak = _peak_mib(lambda t=text: extract_plan(read_text_document(t, "seed.txt")))
        megabytes = len(raw) / 1e6
        total_bytes += len(raw)
        total_seconds += read_s + extract_s
        print(
            f"{path.name[:26]:<28}{len(text):>9}{megabytes:>8.3f}{read_s * 1e3:>10.2f}"
            f"{extract_s * 1e3:>12.2f}{megabytes / (read_s + extract_s):>8.2f}{peak:>10.1f}"
        )
    print(
        f"{'total':<28}{'':>9}{total_bytes / 1e6:>8.3f}{'':>10}{'':>12}"
        f"{total_bytes / 1e6 / total_seconds:>8.2f}"
    )


def bench_formats() -> None:
    seed = next(iter(sorted(SEEDS.glob("001_*.txt"))), None)
    if seed is None:
        return
    text = seed.read_text(encoding="utf-8")
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    print("== 读取 readers on seed 001 rendered by real writers, median of", RUNS, "runs")
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / "plan.docx"
        _write_docx(paragraphs, docx_path)
        seconds = _median_seconds(lambda: read_document(docx_path))
        print(f"docx  {docx_path.stat().st_size / 1e6:.3f} MB  read {seconds * 1e3:.1f} ms")
        pdf_path = Path(tmp) / "plan.pdf"
        if _write_pdf(paragraphs, pdf_path):
            seconds = _median_seconds(lambda: read_document(pdf_path), runs=3)
            pages = _pdf_pages(pdf_path)
            print(
                f"pdf   {pdf_path.stat().st_size / 1e6:.3f} MB  {pages} pages  read {seconds * 1e3:.0f} ms"
                f"  ({seconds / max(pages, 1) * 1e3:.1f} ms/page)"
            )


def _write_docx(paragraphs: list[str], path: Path) -> None:
    import docx

    document = docx.Document()
    for line in paragraphs:
        document.add_paragraph(line)
    document.save(str(path))


def _write_pdf(paragraphs: list[str], path: Path) -> bool:
    try:
        from weasyprint import HTML
    except ImportError:
        print("pdf   skipped: WeasyPrint is not installed")
        return False
    from html import escape

    body = "".join(f"<p>{escape(line)}</p>" for line in paragraphs)
    style = "<style>body{font-family:'Noto Sans CJK SC',sans-serif;font-size:11pt}</style>"
    HTML(
        string=f"<html><head><meta charset='utf-8'>{style}</head><body>{body}</body></html>"
    ).write_pdf(str(path))
    return True


def _pdf_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return len(pdf.pages)


def main() -> None:
    bench_seeds()
    bench_formats()


if __name__ == "__main__":
    main()
