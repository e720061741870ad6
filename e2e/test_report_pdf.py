"""Issue 15, "Done when": the demo's 2024 year report and 2021–2025 final review as PDF, made on the server by
LibreOffice from the same Word file (`/rounds/{id}/report.pdf`), read back by poppler (pdftotext, pdfinfo) and the
Word file by python-docx:

- no repeated passage: the body's paragraphs, normalised (case, spacing, punctuation), are all different, and so are
  the long sentences of the printed text;
- section I states the change for every figure ("… so với năm 2023", or that there is nothing to compare with);
- the closing paragraph ("Trên đây là báo cáo …") is printed on the page of the signature and "Nơi nhận";
- the annex (`/rounds/{id}/annex.pdf`) prints on A4 landscape;
- a district's heading typed once is there at the next download, in Word and in PDF.

The demo server is shared with the other document tests (`demo_server`); the district saves the heading of its own
2024 year report only.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pytest

from conftest import Server, create_token, user_creator
from pageutil import nfc
from test_documents import api_json
from test_workbooks import Client

PDF_TYPE = "application/pdf"


@pytest.fixture(scope="module")
def office(demo_server: Server) -> Client:
    password = user_creator(demo_server)("pdf_office", "standing_office", "62-CAT")
    client = Client(demo_server)
    client.sign_in("pdf_office", password, "a long office pdf password")
    return client


@pytest.fixture(scope="module")
def rounds(demo_server: Server) -> dict[str, dict]:
    token = create_token(demo_server, "standing_office", "62-CAT", "e2e-report-pdf")
    listed = api_json(demo_server, token, "/api/v1/plans/6f0c3959-2021-4025-8d62-000000003959/rounds")
    return {item["period"]: item for item in listed} | {"_token": token}


def need_poppler() -> None:
    for tool in ("pdftotext", "pdfinfo"):
        assert shutil.which(tool), f"{tool} is missing: apt-get install poppler-utils"


def fetch_pdf(client: Client, path: str, tmp_path: Path, name: str) -> Path:
    status, headers, body = client.request(path)
    assert status == 200, f"GET {path}: {status}\n{body[:600]!r}"
    assert headers["Content-Type"].startswith(PDF_TYPE), headers["Content-Type"]
    assert body.startswith(b"%PDF-"), body[:20]
    pdf = tmp_path / name
    pdf.write_bytes(body)
    return pdf


def pdf_pages(pdf: Path) -> list[str]:
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=60, check=True)
    return [nfc(page) for page in run.stdout.decode("utf-8").split("\f")]


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)]


def normalised(text: str) -> str:
    """Lower case, letters and digits only, single spaces (accents kept: they tell Vietnamese words apart)."""
    text = unicodedata.normalize("NFC", text).lower()
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def body_paragraphs(document) -> list[str]:
    return [nfc(p.text).strip() for p in document.paragraphs if p.text.strip()]


@pytest.mark.parametrize("period", ["2024", "2021-2025"])
def test_the_report_as_pdf_repeats_nothing_states_every_change_and_keeps_the_signature_with_text(
    demo_server: Server, office: Client, rounds, tmp_path: Path, period: str
) -> None:
    need_poppler()
    round_id = rounds[period]["id"]
    status, _, body = office.request(f"/rounds/{round_id}/report.docx")
    assert status == 200
    document = docx.Document(io.BytesIO(body))
    paragraphs = body_paragraphs(document)

    # No repeated passage: every body paragraph of some length is said once.
    seen: dict[str, str] = {}
    for paragraph in paragraphs:
        key = normalised(paragraph)
        if len(key) < 25:
            continue
        assert key not in seen, f"repeated passage in the {period} report: {paragraph!r}"
        seen[key] = paragraph
    assert not any("[[" in p for p in paragraphs), "an editorial mark reached the document"
    assert not any("…" in p for p in paragraphs), "a text cut with '…' reached the document"

    # Section I: every figure says how it changed (or that there is nothing to compare it with).
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("I. TÌNH HÌNH CHUNG"))
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("II. KẾT QUẢ"))
    figures = [p for p in paragraphs[start + 1 : end] if p.startswith("- ")]
    assert len(figures) >= 10, paragraphs[start:end]
    for figure in figures:
        assert re.search(r"\d", figure), figure
        assert "so với" in figure or "so sánh" in figure, f"no change stated: {figure!r}"
        assert re.search(r"(đạt|không đạt|chưa|tiến độ|nguy cơ|mâu thuẫn) chỉ tiêu|đánh giá chỉ tiêu|thực hiện chỉ tiêu", figure), figure
    if period == "2024":
        assert any(re.search(r"(tăng|giảm) [\d.,]+ vụ \([+−][\d,]+%\) so với năm 2023", f) for f in figures), figures
    else:
        # A review compares its last year with the baseline year, and gives a flow's total over the span; a figure
        # that lacks some units' reports (the demo's 2025) says it is not compared rather than showing a false drop.
        assert all("năm 2020 (năm cơ sở)" in f for f in figures), figures
        assert any("cả giai đoạn 2021–2025:" in f for f in figures), figures

    # The PDF LibreOffice made on the server from the same Word file.
    pdf = fetch_pdf(office, f"/rounds/{round_id}/report.pdf", tmp_path, f"report-{period}.pdf")
    pages = pdf_pages(pdf)
    assert all(abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5 for w, h in page_sizes(pdf)), "the report is A4 portrait"
    flat = re.sub(r"\s+", " ", " ".join(pages))
    assert flat.count("so với") + flat.count("so sánh") >= len(figures)
    # Long sentences of the printed text are unique too (page numbers and line breaks aside).
    sentences = [normalised(s) for s in re.split(r"(?<=\.)\s+|\s-\s(?=[A-ZĐ])", flat)]
    long = [s for s in sentences if len(s) >= 70]
    repeated = {s for s in long if long.count(s) > 1}
    assert not repeated, f"repeated in the PDF: {sorted(repeated)[:3]}"

    # The signature block is on a page with the closing text, not alone.
    signature_page = next(i for i, page in enumerate(pages) if "Nơi nhận" in page)
    assert "Trên đây là báo cáo" in pages[signature_page], (
        f"page {signature_page + 1} has the signature without the closing paragraph:\n{pages[signature_page][:500]}")


@pytest.mark.parametrize("period", ["2024", "2021-2025"])
def test_the_annex_as_pdf_is_a4_landscape(office: Client, rounds, tmp_path: Path, period: str) -> None:
    need_poppler()
    pdf = fetch_pdf(office, f"/rounds/{rounds[period]['id']}/annex.pdf", tmp_path, f"annex-{period}.pdf")
    sizes = page_sizes(pdf)
    assert sizes and all(abs(w - 841.9) < 1.5 and abs(h - 595.3) < 1.5 for w, h in sizes), sizes
    printed = re.sub(r"\s+", " ", " ".join(pdf_pages(pdf)))
    assert "kèm theo báo cáo số" in printed.lower(), printed[:300]


def test_a_districts_heading_typed_once_is_there_at_the_next_download(demo_server: Server, rounds, tmp_path: Path) -> None:
    need_poppler()
    token = rounds["_token"]
    submissions = api_json(demo_server, token, f"/api/v1/rounds/{rounds['2024']['id']}/submissions")
    ngoc_hoi = next(item for item in submissions if item["orgunit"] == "611")
    path = f"/submissions/{ngoc_hoi['id']}"

    password = user_creator(demo_server)("pdf_ngochoi", "district_reporter", "611")
    district = Client(demo_server)
    district.sign_in("pdf_ngochoi", password, "a long district pdf password")

    status, _, page = district.request(f"{path}/document")
    assert status == 200
    html = nfc(page.decode("utf-8"))
    # The defaults of a People's Committee, not "/BC" and "Thủ trưởng đơn vị".
    assert "/BC-UBND" in html and "TM. ỦY BAN NHÂN DÂN" in html and "Thủ trưởng đơn vị" not in html
    version = re.search(r'name="version" value="(\d+)"', html).group(1)
    form = {
        "_csrf": district.cookies["__Host-pcmt_csrf"], "version": version, "intent": "save",
        "h_issuer": "ỦY BAN NHÂN DÂN\nHUYỆN NGỌC HỒI", "h_number": "97/BC-UBND", "h_place": "Ngọc Hồi",
        "h_date": "2024-12-18", "h_addressee": "Công an tỉnh Kon Tum",
        "h_signerCapacity": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "h_signerTitle": "Phó Chủ tịch",
        "h_signerName": "Người Ký Mẫu", "h_recipients": "Công an tỉnh Kon Tum;\nLưu: VT.",
    }
    status, headers, _ = district.request(f"{path}/document", form)
    assert status == 303, status

    # The next download carries no heading in its address and still has what was typed: Word and PDF.
    status, _, body = district.request(f"{path}/report.docx")
    assert status == 200
    text = "\n".join(nfc(p.text) for p in docx.Document(io.BytesIO(body)).paragraphs)
    tables = "\n".join(nfc(c.text) for t in docx.Document(io.BytesIO(body)).tables for r in t.rows for c in r.cells)
    assert "97/BC-UBND" in tables and "Người Ký Mẫu" in tables and "Ngọc Hồi, ngày 18 tháng 12 năm 2024" in tables
    assert "Trên đây là báo cáo" in text
    pdf = fetch_pdf(district, f"{path}/report.pdf", tmp_path, "ngoc-hoi.pdf")
    printed = re.sub(r"\s+", " ", " ".join(pdf_pages(pdf)))
    assert "97/BC-UBND" in printed and "Người Ký Mẫu" in printed
    # The same form again, from the page as it was first opened, is refused: nothing is overwritten.
    form["h_signerName"] = "Người Khác"
    status, _, body = district.request(f"{path}/document", form)
    assert status == 409 and "Người Khác" in nfc(body.decode("utf-8"))
