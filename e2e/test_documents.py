"""The official Word documents pcmt writes (Decree 30/2020 format), read back by independent readers: python-docx for
the structure and formatting, LibreOffice + poppler for the printed result. Also the round report's edit form (save,
stale version, bad date), the round's CSV tables and a unit's own report.

All tests use the demo server (`--demo`: synthetic data for Kon Tum, rounds 2021S1 … 2025 and the reviews 2021-2023,
2021-2025, mostly approved). The standing office reaches the documents either with an API token
(`pcmt tokens create --owner … --role standing_office --unit 62-CAT`) or through a signed-in session (the `Client` of
test_workbooks.py). The round report edited here is the 2024S1 one; no other test reads it.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from pageutil import nfc
from conftest import Server, create_token, user_creator
from test_workbooks import Client

PLAN = "6f0c3959-2021-4025-8d62-000000003959"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


# MARK: fixtures and helpers


@pytest.fixture(scope="module")
def office_token(demo_server: Server) -> str:
    return create_token(demo_server, "standing_office", "62-CAT", "e2e-documents")


@pytest.fixture(scope="module")
def office(demo_server: Server) -> Client:
    """A signed-in standing office session (cookies kept by the Client)."""
    password = user_creator(demo_server)("doc_office", "standing_office", "62-CAT")
    client = Client(demo_server)
    client.sign_in("doc_office", password, "a long office documents password")
    return client


def api_get(srv: Server, token: str, path: str):
    """GET with the bearer token; (status, headers, body) whatever the status."""
    request = urllib.request.Request(srv.url(path), headers={"Authorization": f"Bearer {token}"})
    try:
        response = urllib.request.urlopen(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.headers, response.read()


def api_json(srv: Server, token: str, path: str):
    import json

    status, _, body = api_get(srv, token, path)
    assert status == 200, f"GET {path}: {status}\n{body[:500]!r}"
    return json.loads(body)


@pytest.fixture(scope="module")
def rounds(demo_server: Server, office_token: str) -> dict[str, dict]:
    """The demo plan's rounds by period ("2021-2025", "2024S1", "2024", …)."""
    listed = api_json(demo_server, office_token, f"/api/v1/plans/{PLAN}/rounds")
    by_period = {item["period"]: item for item in listed}
    assert {"2021-2025", "2024S1", "2024"} <= by_period.keys(), sorted(by_period)
    assert by_period["2021-2025"]["kind"] == "finalReview"
    return by_period


def read_docx(status: int, headers, body: bytes, what: str) -> docx.document.Document:
    assert status == 200, f"{what}: status {status}\n{body[:800]!r}"
    assert headers["Content-Type"].startswith(DOCX_TYPE), f"{what}: {headers['Content-Type']}"
    return docx.Document(io.BytesIO(body))


def cell_paragraphs(table):
    """Every paragraph of a table, nested tables included, in order."""
    for row in table.rows:
        for cell in row.cells:
            yield from cell.paragraphs
            for inner in cell.tables:
                yield from cell_paragraphs(inner)


def all_paragraphs(document):
    """The body's paragraphs and those of every table."""
    yield from document.paragraphs
    for table in document.tables:
        yield from cell_paragraphs(table)


def all_text(document) -> str:
    return "\n".join(nfc(p.text) for p in all_paragraphs(document))


def effective(paragraph, attribute: str):
    """A paragraph-format value as Word applies it: the paragraph's own, else its style's, else the base styles'."""
    value = getattr(paragraph.paragraph_format, attribute)
    style = paragraph.style
    while value is None and style is not None:
        value = getattr(style.paragraph_format, attribute)
        style = style.base_style
    return value


def table_starting_with(document, *header: str):
    for table in document.tables:
        first = [nfc(cell.text) for cell in table.rows[0].cells]
        if first[: len(header)] == list(header):
            return table
    raise AssertionError(f"no table whose header starts with {header}; the tables start with "
                         f"{[[nfc(c.text) for c in t.rows[0].cells][:3] for t in document.tables]}")


def table_borders(table) -> dict[str, str]:
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is None:
        return {}
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}


def text_width_twips(section) -> int:
    return round((section.page_width - section.left_margin - section.right_margin) / Twips(1))


def table_width_twips(table) -> int:
    return sum(int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol")))


class FormReader(HTMLParser):
    """The named inputs and textareas of the form whose action is `action` (values as a browser would send them)."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.fields: dict[str, str] = {}
        self.textarea: str | None = None
        self.buffer: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and attributes.get("name") and attributes.get("type", "text") not in ("submit", "button", "checkbox", "radio"):
            self.fields[attributes["name"]] = attributes.get("value") or ""
        elif tag == "textarea" and attributes.get("name"):
            self.textarea, self.buffer = attributes["name"], []

    def handle_data(self, data):
        if self.textarea is not None:
            self.buffer.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            value = "".join(self.buffer)
            # As in browsers: one newline right after <textarea> is not part of the value.
            self.fields[self.textarea] = value[1:] if value.startswith("\n") else value
            self.textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(page: bytes, action: str) -> dict[str, str]:
    reader = FormReader(action)
    reader.feed(page.decode())
    assert reader.fields, f"no form with action {action!r} on the page"
    return reader.fields


def main_text(page: bytes) -> str:
    match = re.search(r"<main\b.*?</main>", page.decode(), re.S)
    text = re.sub(r"<[^>]+>", " ", match.group(0) if match else page.decode())
    return nfc(re.sub(r"\s+", " ", text))


@pytest.fixture(scope="module")
def final_review_docx(demo_server: Server, office_token: str, rounds, tmp_path_factory) -> Path:
    """The province's final review report (2021-2025) as downloaded through the API, saved to a file."""
    round_id = rounds["2021-2025"]["id"]
    status, headers, body = api_get(demo_server, office_token, f"/api/v1/rounds/{round_id}/report.docx")
    read_docx(status, headers, body, "the final review report")
    path = tmp_path_factory.mktemp("documents") / "bao-cao-2021-2025.docx"
    path.write_bytes(body)
    return path


# MARK: 1. the final review report read by python-docx


def test_the_final_review_report_has_the_decree_30_format(final_review_docx: Path) -> None:
    document = docx.Document(str(final_review_docx))

    # A4 portrait; margins 20 mm top/bottom, 30 mm left, 15 mm right.
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    assert (section.top_margin, section.bottom_margin) == (Twips(1134), Twips(1134))
    assert (section.left_margin, section.right_margin) == (Twips(1701), Twips(851))

    # Page numbers from page 2: a PAGE field in the default header, an empty header on the first page.
    assert section.different_first_page_header_footer is True
    assert not section.header.is_linked_to_previous
    header_xml = section.header._element.xml
    assert re.search(r'w:instr="\s*PAGE\b|<w:instrText[^>]*>\s*PAGE\b', header_xml), f"no PAGE field in the header:\n{header_xml}"
    first_header = section.first_page_header
    assert not first_header.is_linked_to_previous
    assert "PAGE" not in first_header._element.xml and not "".join(p.text for p in first_header.paragraphs).strip()

    # Times New Roman 14 pt by default (docDefaults), and nothing in Normal overriding it.
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert fonts is not None and fonts.get(qn("w:ascii")) == "Times New Roman" and fonts.get(qn("w:hAnsi")) == "Times New Roman"
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == "28", "14 pt is 28 half-points"
    normal = document.styles["Normal"]
    assert normal.font.name in (None, "Times New Roman") and normal.font.size in (None, Pt(14))

    # The heading: issuer and number on the left, the national title, motto and the dated place on the right.
    heading = document.tables[0]
    assert {value for value in table_borders(heading).values()} <= {"nil", "none"}, "the heading table has no borders"
    left, right = heading.rows[0].cells[0], heading.rows[0].cells[1]
    left_lines = [nfc(p.text) for p in left.paragraphs if p.text.strip()]
    # Issued by the body of its due date (20/12/2025): Kon Tum's People's Committee was succeeded on 01/07/2025.
    assert left_lines[:2] == ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI"]
    assert all(run.bold for p in left.paragraphs for run in p.runs if run.text.strip()), "the issuer is bold"
    national = [p for p in right.paragraphs if nfc(p.text) in (NATIONAL, MOTTO)]
    assert [nfc(p.text) for p in national] == [NATIONAL, MOTTO]
    assert all(run.bold for p in national for run in p.runs), "the national title and the motto are bold"
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in national)
    number = nfc(heading.rows[1].cells[0].text).strip()
    assert number.startswith("Số:") and number.endswith("/BC-UBND"), number
    date_line = next(p for p in heading.rows[1].cells[1].paragraphs if p.text.strip())
    assert re.fullmatch(r"Quảng Ngãi, ngày\s+tháng\s+năm 2025", nfc(date_line.text)), f"the undated line: {date_line.text!r}"
    assert all(run.italic for run in date_line.runs if run.text.strip()), "the date line is italic"

    # "BÁO CÁO", centred and bold, then the title.
    body = document.paragraphs
    title = next(p for p in body if nfc(p.text) == "BÁO CÁO")
    assert effective(title, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs and all(run.bold for run in title.runs)
    texts = [nfc(p.text) for p in body]
    assert any("Kế hoạch số 3959/KH-UBND" in text for text in texts[texts.index("BÁO CÁO") + 1:texts.index("BÁO CÁO") + 3])

    # A body paragraph: justified, first line indented 1 cm.
    opening = next(p for p in body if nfc(p.text).startswith("Thực hiện Kế hoạch số 3959/KH-UBND"))
    assert effective(opening, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert effective(opening, "first_line_indent") == Twips(567)

    # The sections in order.
    order = ["I. TÌNH HÌNH CHUNG", "II. KẾT QUẢ THỰC HIỆN", "2. Kết quả thực hiện các chỉ tiêu",
             "3. Tiến độ thực hiện các dự án, tiểu dự án", "III. TỒN TẠI", "IV. PHƯƠNG HƯỚNG", "V. ĐỀ XUẤT, KIẾN NGHỊ"]
    positions = []
    for start in order:
        index = next((i for i, text in enumerate(texts) if text.startswith(start)), None)
        assert index is not None, f"no paragraph starting with {start!r}"
        positions.append(index)
    assert positions == sorted(positions), f"the sections are out of order: {list(zip(order, positions))}"

    # The targets year by year: bordered, as wide as the text, 16 rows under the header.
    targets = table_starting_with(document, "TT", "Chỉ tiêu")
    header = [nfc(cell.text) for cell in targets.rows[0].cells]
    assert header == ["TT", "Chỉ tiêu", "2020\n(cơ sở)", "2021", "2022", "2023", "2024", "2025", "Đánh giá"]
    assert set(table_borders(targets).values()) == {"single"}, table_borders(targets)
    assert table_width_twips(targets) <= text_width_twips(section)
    rows = targets.rows[1:]
    assert len(rows) == 16
    assert [nfc(row.cells[0].text) for row in rows] == [str(n) for n in range(1, 17)]
    assert all(nfc(row.cells[1].text).strip() for row in rows), "every target has its indicator"
    assert any("phát hiện, bắt giữ" in nfc(row.cells[1].text) for row in rows)
    # The table is the first one after the heading "2. Kết quả thực hiện các chỉ tiêu …".
    children = list(document.element.body.iterchildren())
    heading_2 = next(i for i, child in enumerate(children)
                     if child.tag == qn("w:p") and nfc("".join(child.itertext())).startswith("2. Kết quả thực hiện các chỉ tiêu"))
    assert next(child for child in children[heading_2:] if child.tag == qn("w:tbl")) is targets._tbl

    projects = table_starting_with(document, "TT", "Dự án, tiểu dự án")
    assert len(projects.rows) > 1

    # Recipients and signature: the last table, borderless.
    closing = document.tables[-1]
    assert {value for value in table_borders(closing).values()} <= {"nil", "none"}
    recipients, signature = (nfc(cell.text) for cell in closing.rows[0].cells)
    assert recipients.startswith("Nơi nhận:")
    assert "- Lưu:" in recipients, recipients
    signature_lines = [line for line in signature.splitlines() if line.strip()]
    assert signature_lines[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


# MARK: 2. the final review report printed by LibreOffice


def libreoffice_pdf(source: Path, folder: Path) -> Path:
    """`source` converted to PDF by LibreOffice headless, with a private profile so parallel runs don't clash."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: scripts/test installs libreoffice-writer-nogui and -calc-nogui")
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    pdf = folder / (source.stem + ".pdf")
    assert result.returncode == 0 and pdf.is_file(), f"soffice exited with {result.returncode}:\n{result.stdout}{result.stderr}"
    return pdf


def test_libreoffice_prints_the_final_review_report(final_review_docx: Path, tmp_path: Path) -> None:
    for tool in ("pdftotext", "pdfinfo"):
        assert shutil.which(tool), f"{tool} is missing: apt-get install poppler-utils"
    pdf = libreoffice_pdf(final_review_docx, tmp_path)

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= 2, info
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size and abs(float(size.group(1)) - 595.3) < 1.5 and abs(float(size.group(2)) - 841.9) < 1.5, f"not A4: {info}"

    def text(*pages_: str) -> str:
        run = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", *pages_, str(pdf), "-"],
                             capture_output=True, timeout=60, check=True)
        return nfc(run.stdout.decode("utf-8"))

    whole = text()
    flat = re.sub(r"\s+", " ", whole)
    for expected in (NATIONAL, MOTTO, "BÁO CÁO", "Chỉ tiêu", "Đánh giá", "phát hiện, bắt giữ", "TM. ỦY BAN NHÂN DÂN"):
        assert expected in flat, f"{expected!r} is not in the printed text"
    assert whole.count("\f") >= pages - 1

    first = text("-f", "1", "-l", "1").strip()
    assert not re.match(r"1\b", first), f"page 1 carries no number; it starts with {first[:80]!r}"
    second = text("-f", "2", "-l", "2").strip()
    assert re.match(r"2\b", second), f"page 2 starts with its number; it starts with {second[:80]!r}"
    if pages >= 3:
        assert re.match(r"3\b", text("-f", "3", "-l", "3").strip())


ANNEX_SHEETS = ["Chỉ tiêu", "Số liệu", "Tiến độ báo cáo", "Dự án", "Số liệu cấp huyện", "Số liệu sở, ngành"]
# The sheets with a row of units of measure under the header ("(theo ĐVT)", "(%)", "(triệu đồng)").
ANNEX_UNITS_ROW = {"Chỉ tiêu", "Số liệu", "Dự án", "Số liệu sở, ngành"}
# The figure columns of each sheet, by header (their first line): every value there is a number, never text.
ANNEX_FIGURES = {
    # A target's change may be empty: a figure that lacks some units' reports is not compared (checked below).
    "Chỉ tiêu": ["Kỳ này", "Cùng kỳ năm trước"],
    "Số liệu": ["Kỳ này", "Cùng kỳ năm trước", "Tăng (+), giảm (−)", "Tăng, giảm (%)"],
    "Dự án": ["Tiến độ", "Bố trí", "Sử dụng"],
    "Số liệu sở, ngành": ["Kỳ này", "Cùng kỳ năm trước", "Tăng (+), giảm (−)"],
}


@pytest.mark.parametrize("period", ["2024", "2021-2025"])
def test_the_annex_workbook_is_an_annex_that_prints_on_a4_landscape(
    demo_server: Server, office_token: str, rounds, tmp_path: Path, period: str
) -> None:
    """The annexes of a round (.xlsx), read by openpyxl: each sheet is an annex of the report ("Phụ lục 0n", its
    subject, "(Kèm theo Báo cáo số …/BC-UBND ngày … năm …)" merged over the sheet's width), with A4 landscape fitted to
    the width, the header rows repeated on every page, panes frozen under them, numbers as numbers; then printed by
    LibreOffice: every page A4 landscape, every sheet's last column in the text, the whole workbook on a few pages."""
    import openpyxl

    status, headers, body = api_get(demo_server, office_token, f"/api/v1/rounds/{rounds[period]['id']}/annex.xlsx")
    assert status == 200 and headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert book.sheetnames == ANNEX_SHEETS
    year = period[-4:]
    last_headers = []
    for number, sheet in enumerate(book.worksheets, 1):
        name = sheet.title
        titles = [nfc(str(sheet.cell(row, 1).value or "")) for row in (1, 2, 3)]
        assert titles[0] == f"Phụ lục {number:02d}", f"{name}: {titles}"
        assert titles[1] and titles[1] == titles[1].upper(), f"{name}: the subject is in capitals: {titles[1]!r}"
        # Reports due after 30/06/2025 are issued by the new province's People's Committee.
        issuer = "Quảng Ngãi" if period == "2021-2025" else "Kon Tum"
        assert re.fullmatch(rf"\(Kèm theo Báo cáo số \S*/BC-UBND ngày .+ năm \d{{4}} của Ủy ban nhân dân tỉnh {issuer}\)", titles[2]), titles[2]
        assert f"năm {year}" in titles[2] or re.search(r"ngày \d\d tháng", titles[2]), titles[2]
        assert sheet.cell(1, 1).font.b and sheet.cell(2, 1).font.b
        last_column = openpyxl.utils.get_column_letter(sheet.max_column)
        merged = {str(cells) for cells in sheet.merged_cells.ranges}
        assert {f"A1:{last_column}1", f"A2:{last_column}2", f"A3:{last_column}3"} <= merged, f"{name}: {merged}"

        # A fourth title notes the units whose figures were re-based across the reform (the final review's communes).
        note = nfc(str(sheet.cell(4, 1).value or ""))
        if note:
            assert name in ("Số liệu cấp huyện", "Số liệu sở, ngành") and note.startswith("Số liệu tính lại từ các đơn vị cũ"), f"{name}: {note}"
        header_row = 6 if note else 5
        last_header_row = header_row + 1 if name in ANNEX_UNITS_ROW else header_row
        header = [nfc(str(cell.value or "")) for cell in sheet[header_row]]
        assert header[0] and all(header), f"{name}: an empty header cell: {header}"
        last_headers.append(header[-1].split("\n")[0])
        if name in ANNEX_UNITS_ROW:
            units = [str(cell.value or "") for cell in sheet[last_header_row]]
            assert any(unit.startswith("(") for unit in units) and all(not unit or unit.startswith("(") for unit in units), units

        setup = sheet.page_setup
        assert setup.orientation == "landscape" and str(setup.paperSize) == "9", f"{name}: {setup.orientation} {setup.paperSize}"
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, f"{name}: fit {setup.fitToWidth}×{setup.fitToHeight}"
        assert sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows in (f"{header_row}:{last_header_row}", f"${header_row}:${last_header_row}"), sheet.print_title_rows
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith(str(last_header_row + 1)), f"{name}: {sheet.freeze_panes}"
        assert "&P" in (sheet.oddFooter.center.text or ""), f"{name}: no page number in the footer"

        rows = list(sheet.iter_rows(min_row=last_header_row + 1))
        assert rows, f"{name}: no data"
        for title in ANNEX_FIGURES.get(name, []):
            column = next(i for i, text in enumerate(header) if text.split("\n")[0] == title)
            values = [row[column] for row in rows if row[column].value is not None]
            if period == "2021-2025" and name == "Số liệu sở, ngành":
                # The final review is reported after 30/06/2025 by the new province's police, whose report is not
                # approved in the demo: the sheet says there is no approved figure (the annex reads approved data).
                assert any(nfc(str(row[1].value or "")) == "Chưa có số liệu đã duyệt của các đơn vị này." for row in rows), name
                continue
            if period == "2021-2025" and name == "Dự án":
                # From approved reports only, as the Word report's table: the new province's police, which reports the
                # projects for the final review, has not had its report approved in the demo.
                assert not values, f"{name}: {title!r} from a report not approved: {[c.value for c in values][:5]}"
                continue
            assert values, f"{name}: nothing in {title!r}"
            texts = [(cell.coordinate, cell.value) for cell in values if not isinstance(cell.value, (int, float))]
            assert not texts, f"{name}: {title!r} holds text: {texts[:5]}"
            if "%" in title or title == "Tiến độ":
                assert all(cell.number_format.endswith("%") for cell in values), f"{name}: {title!r} is not shown as a percentage"

    # A change is the difference of the two figures, and a share (unit "%") a fraction shown as a percentage.
    targets = book["Chỉ tiêu"]
    for row in targets.iter_rows(min_row=7, values_only=True):
        code, unit, current, previous, change = row[0], row[3], row[4], row[5], row[6]
        missing = row[11] if len(row) > 11 else None
        if missing:
            # As in the report's text: an incomplete figure is shown but not compared.
            assert change is None and row[7] is None, f"{code}: compared although it lacks {missing}"
        elif isinstance(current, (int, float)) and isinstance(previous, (int, float)):
            factor = 100 if unit == "%" else 1
            assert change is not None and abs((current - previous) * factor - change) < 1e-6, f"{code}: {current} − {previous} ≠ {change}"
        if unit == "%" and current is not None:
            assert 0 <= current <= 1.5, f"{code}: a share is a fraction, not {current}"
    province = list(book["Số liệu"].iter_rows(min_row=7, values_only=True))
    assert len(province) == 29 and all(re.fullmatch(r"[a-z0-9_]+", row[0]) for row in province)
    districts = book["Số liệu cấp huyện"]
    rebased_note = nfc(str(districts.cell(4, 1).value or ""))
    district_rows = list(districts.iter_rows(min_row=7 if rebased_note else 6, values_only=True))
    # The ten districts and their sum; the final review, due after 30/06/2025, has the 40 communes that took over
    # their duties instead.
    columns = 40 if period == "2021-2025" else 10
    assert district_rows and districts.max_column == 2 + columns + 1, f"{columns} units and their sum: {districts.max_column}"
    for row in district_rows:
        assert row[-1] == sum(value or 0 for value in row[2:-1]), f"{row[0]}: the districts' sum"

    workbook = tmp_path / f"phu-luc-{period}.xlsx"
    workbook.write_bytes(body)
    pdf = libreoffice_pdf(workbook, tmp_path)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, timeout=60, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert len(sizes) == pages
    wrong = [(w, h) for w, h in sizes if abs(float(w) - 841.89) > 1.5 or abs(float(h) - 595.3) > 1.5]
    assert not wrong, f"pages that are not A4 landscape: {wrong}"
    assert pages <= (16 if period == "2021-2025" else 8), f"the annexes print on {pages} pages: columns or rows spill over"
    printed = re.sub(r"\s+", " ", nfc(subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                                                    timeout=60, check=True).stdout.decode("utf-8")))
    for expected in ["Kèm theo Báo cáo số", "Chỉ số", "Công an tỉnh", "Dự án 1", "Trang 1/"]:
        assert expected in printed, f"{expected!r} is not in the printed workbook"
    # Each sheet's last column is on the sheet's first page, beside its first columns: no column is cut off to a page
    # of its own. (Words, as a header cell wraps.)
    page_texts = [
        nfc(subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(pdf), "-"], capture_output=True,
                           timeout=60, check=True).stdout.decode("utf-8"))
        for page in range(1, pages + 1)
    ]
    for number, last_header in enumerate(last_headers, 1):
        first_page = next((text for text in page_texts if f"Phụ lục {number:02d}" in text), None)
        assert first_page is not None, f"Phụ lục {number:02d} is not printed"
        missing = [word for word in last_header.split() if word not in first_page]
        assert not missing, f"Phụ lục {number:02d}: the last column {last_header!r} is not on its first page ({missing})"


# MARK: 3. the office edits the half-year report


def report_page(client: Client, round_id: str) -> tuple[bytes, dict[str, str]]:
    status, _, page = client.request(f"/rounds/{round_id}/report")
    assert status == 200, f"GET /rounds/{round_id}/report: {status}\n{page[:800]!r}"
    return page, form_fields(page, f"/rounds/{round_id}/report")


def round_docx(client: Client, round_id: str):
    return read_docx(*client.request(f"/rounds/{round_id}/report.docx"), what="the 2024S1 report")


def test_the_office_edits_the_half_year_report(demo_server: Server, office: Client, office_token: str, rounds) -> None:
    round_id = rounds["2024S1"]["id"]
    page, fields = report_page(office, round_id)
    expected = {"_csrf", "version", "h_issuer", "h_number", "h_place", "h_date", "h_signerCapacity", "h_signerTitle",
                "h_signerName", "h_recipients", "h_parentBody", "h_addressee", "situation", "shortcomings", "nextTasks", "proposals"}
    assert expected <= fields.keys(), f"missing fields: {expected - fields.keys()}"
    assert any(name.startswith("result_task/") for name in fields)
    assert fields["h_date"] == "" and fields["h_place"] == "Kon Tum"
    old_version = fields["version"]

    marker = "Dấu kiểm thử e2e 7f3a: tình hình chung đã sửa."
    edited = dict(fields)
    edited.update({
        "intent": "save",
        "h_number": "125/BC-UBND",
        "h_date": "2024-07-05",
        "h_signerCapacity": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "h_signerTitle": "PHÓ CHỦ TỊCH",
        "h_signerName": "Nguyễn Văn A",
        "situation": marker + "\n" + fields["situation"],
    })
    status, headers, body = office.request(f"/rounds/{round_id}/report", edited)
    assert status == 303, f"save: {status}\n{main_text(body)[:1500]}"
    assert headers["Location"].endswith("?done=saved"), headers["Location"]

    _, saved_fields = report_page(office, round_id)
    assert saved_fields["version"] != old_version, "saving moves the version on"
    assert saved_fields["h_number"] == "125/BC-UBND" and saved_fields["h_date"] == "2024-07-05"
    assert saved_fields["situation"].startswith(marker)

    def check_saved(document, what: str) -> None:
        heading = document.tables[0]
        assert nfc(heading.rows[1].cells[0].text).strip() == "Số: 125/BC-UBND", what
        assert nfc(heading.rows[1].cells[1].text).strip() == "Kon Tum, ngày 05 tháng 7 năm 2024", what
        signature = [line for line in nfc(document.tables[-1].rows[0].cells[1].text).splitlines() if line.strip()]
        assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn A"], f"{what}: {signature}"
        texts = [nfc(p.text) for p in document.paragraphs]
        situation = texts.index("I. TÌNH HÌNH CHUNG")
        assert texts[situation + 1] == marker, f"{what}: the edited text opens section I"

    check_saved(round_docx(office, round_id), "the session download")
    status, headers, body = api_get(demo_server, office_token, f"/api/v1/rounds/{round_id}/report.docx")
    check_saved(read_docx(status, headers, body, "the API download"), "the API download")

    # The print layout shows the same.
    status, _, printed = office.request(f"/rounds/{round_id}/report/print")
    assert status == 200 and b'class="official' in printed
    printed_text = main_text(printed) if b"<main" in printed else nfc(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", printed.decode())))
    for expected_text in ("125/BC-UBND", "Kon Tum, ngày 05 tháng 7 năm 2024", "KT. CHỦ TỊCH", "Nguyễn Văn A", marker):
        assert expected_text in printed_text, f"{expected_text!r} is not on the print page"

    # A save on the version read before the first save: refused, nothing changed.
    stale = dict(edited)
    stale.update({"version": old_version, "situation": "Bản cũ không được ghi.", "h_number": "999/BC-UBND"})
    status, _, body = office.request(f"/rounds/{round_id}/report", stale)
    assert status == 409, f"stale save: {status}\n{main_text(body)[:1500]}"
    assert "Chưa lưu" in main_text(body), f"the 409 page says nothing was saved:\n{main_text(body)[:1500]}"
    kept = form_fields(body, f"/rounds/{round_id}/report")
    assert kept["situation"] == "Bản cũ không được ghi.", "the refused text stays in the form, to be saved again"
    check_saved(round_docx(office, round_id), "after the stale save")

    # An impossible date: refused with the field named, nothing changed.
    _, current = report_page(office, round_id)
    wrong = dict(current)
    wrong.update({"intent": "save", "h_date": "2024-02-30", "situation": "Ngày sai không được ghi."})
    status, _, body = office.request(f"/rounds/{round_id}/report", wrong)
    assert status == 422, f"bad date: {status}\n{main_text(body)[:1500]}"
    text = main_text(body)
    assert "Chưa lưu gì" in text and "Ngày ban hành" in text, f"the 422 page names the date field:\n{text[:1500]}"
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*name="h_date"[^>]*>', body.decode()).group(0)
    check_saved(round_docx(office, round_id), "after the bad date")
    _, after = report_page(office, round_id)
    assert after["version"] == current["version"] and after["situation"].startswith(marker)


# MARK: 4. the round's tables as CSV


@pytest.mark.parametrize("table", ["targets.csv", "data.csv", "reporting.csv", "projects.csv"])
def test_the_round_tables_are_csv_with_a_bom(demo_server: Server, office_token: str, rounds, table: str) -> None:
    round_id = rounds["2024"]["id"]
    status, headers, body = api_get(demo_server, office_token, f"/api/v1/rounds/{round_id}/tables/{table}")
    assert status == 200, f"{table}: {status}\n{body[:500]!r}"
    assert headers["Content-Type"].startswith("text/csv")
    assert body.startswith(b"\xef\xbb\xbf"), f"{table} starts with {body[:8]!r}, not the UTF-8 BOM"
    rows = list(csv.reader(io.StringIO(body[3:].decode("utf-8"), newline="")))
    assert len(rows) >= 2, f"{table}: no data row"
    header, data = rows[0], rows[1:]
    assert header[0] == "Mã" and all(cell.strip() for cell in header)
    assert all(len(row) == len(header) for row in data), f"{table}: ragged rows"
    if table == "targets.csv":
        assert [row[0] for row in data] == [f"T{n:02d}" for n in range(1, 17)]
        assert header[:4] == ["Mã", "Chỉ số", "Yêu cầu", "Đơn vị tính"]
        # A share is a percentage, a count a plain number; a growth over the previous year is the change in %.
        shares = [row for row in data if row[3] == "%" and row[4]]
        assert shares and all(row[4].endswith("%") for row in shares), shares
        counts = [row for row in data if row[3] not in ("%", "") and row[4]]
        assert counts and all(re.fullmatch(r"-?\d+(\.\d+)?", row[4]) for row in counts), counts
        growth = [row for row in data if "so với năm trước" in row[2] and row[7]]
        assert growth, "some targets compare with the previous year"
        wrong = [(row[0], row[2], row[7]) for row in growth if not row[7].endswith("%")]
        assert not wrong, f"growth not written as percentages: {wrong}"
    if table == "data.csv":
        # The province's figure of each of the 29 elements, this year and the year before.
        assert header[:3] == ["Mã", "Số liệu", "Đơn vị tính"] and len(data) == 29
        assert {row[0] for row in data} >= {"drug_cases_detected", "addicts"}
    if table == "reporting.csv":
        assert len(data) == 30 and {row[2] for row in data} == {"Đã duyệt"}


# MARK: 5. a unit's own report


@pytest.fixture(scope="module")
def health_submission(demo_server: Server, office_token: str, rounds) -> str:
    submissions = api_json(demo_server, office_token, f"/api/v1/rounds/{rounds['2024']['id']}/submissions")
    chosen = [s for s in submissions if s["orgunit"] == "62-SYT" and s["state"] == "approved"]
    assert chosen, f"no approved report of 62-SYT in 2024: {submissions}"
    return chosen[0]["id"]


def test_a_units_own_report(demo_server: Server, office_token: str, office: Client, health_submission: str) -> None:
    status, headers, body = api_get(demo_server, office_token, f"/api/v1/submissions/{health_submission}/report.docx")
    document = read_docx(status, headers, body, "the report of 62-SYT")
    section = document.sections[0]
    assert (section.page_width, section.page_height) == (Twips(11906), Twips(16838))
    heading = document.tables[0]
    assert "SỞ Y TẾ" in nfc(heading.rows[0].cells[0].text)
    assert NATIONAL in nfc(heading.rows[0].cells[1].text)
    texts = [nfc(p.text) for p in document.paragraphs]
    addressee = [text for text in texts if text.startswith("Kính gửi:")]
    assert len(addressee) == 1 and len(addressee[0]) > len("Kính gửi: "), texts[:10]
    assert "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO" in texts
    assert any("Sở Y tế" in text for text in texts), "the body names the unit"

    # The preview page offers the heading form with the unit's defaults; the same fields give the same document.
    status, _, page = office.request(f"/submissions/{health_submission}/document")
    assert status == 200
    defaults = form_fields(page, f"/submissions/{health_submission}/document")
    assert defaults["h_issuer"].strip() and "h_date" in defaults

    # Decree 30: a zero before days 1-9 and months 1-2 only.
    for date, line in (("2024-12-18", "ngày 18 tháng 12 năm 2024"), ("2025-01-09", "ngày 09 tháng 01 năm 2025"),
                       ("2024-03-04", "ngày 04 tháng 3 năm 2024")):
        dated = dict(defaults, h_date=date, h_number="15/BC-SYT")
        status, headers, body = office.request(f"/submissions/{health_submission}/report.docx?" + urllib.parse.urlencode(dated))
        document = read_docx(status, headers, body, f"the report of 62-SYT dated {date}")
        heading = document.tables[0]
        assert nfc(heading.rows[1].cells[1].text).strip() == f"{defaults['h_place']}, {line}"
        assert nfc(heading.rows[1].cells[0].text).strip() == "Số: 15/BC-SYT"

    # An impossible date: 422 with the date field named (the whole form given) …
    bad = dict(defaults, h_date="2024-13-01")
    status, _, body = office.request(f"/submissions/{health_submission}/report.docx?" + urllib.parse.urlencode(bad))
    assert status == 422, f"bad date: {status}"
    assert "h_date:" in main_text(body), f"the 422 names the date field: {main_text(body)[:800]}"
    # … and as the only parameter.
    status, _, body = office.request(f"/submissions/{health_submission}/report.docx?h_date=2024-13-01")
    assert status == 422, f"?h_date=2024-13-01 alone: {status}"


def test_a_single_heading_field_in_the_query_keeps_the_other_defaults(demo_server: Server, office_token: str,
                                                                       health_submission: str) -> None:
    """The API documents that heading fields "may be given in the query": giving one (the number) should not drop
    the defaults of the others (issuer, place, signer)."""
    status, headers, body = api_get(demo_server, office_token,
                                    f"/api/v1/submissions/{health_submission}/report.docx?h_number=15%2FBC-SYT")
    assert status == 200, f"?h_number=15/BC-SYT alone: {status} {body[:300]!r}"
    document = read_docx(status, headers, body, "the numbered report of 62-SYT")
    assert "Số: 15/BC-SYT" in all_text(document)
    assert "SỞ Y TẾ" in nfc(document.tables[0].rows[0].cells[0].text)
