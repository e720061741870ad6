"""The workbooks pcmt writes, read back by an independent reader (openpyxl): the target board and the import
template open with their header, frozen first row, widths and values intact, and Vietnamese text unchanged."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import openpyxl

from conftest import Server, user_creator

PLAN = "6f0c3959-2021-4025-8d62-000000003959"


class Client:
    """A tiny HTTP client that keeps cookies itself (Python's clients never send Secure cookies over plain HTTP)."""

    def __init__(self, server: Server):
        self.base = server.base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, form: dict[str, str] | None = None):
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, response.read()

    def sign_in(self, username: str, one_time: str, new: str) -> None:
        status, _, body = self.request("/signin")
        assert status == 200
        token = self.cookies["__Host-pcmt_csrf"]
        status, headers, _ = self.request("/signin", {"_csrf": token, "username": username, "password": one_time, "next": "/"})
        assert status == 303 and headers["Location"] == "/account/password"
        token = self.cookies["__Host-pcmt_csrf"]
        status, _, _ = self.request("/account/password", {"_csrf": token, "current": one_time, "new": new, "confirm": new})
        assert status == 303


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_the_board_workbook_reads_back_with_its_format(demo_server: Server) -> None:
    password = user_creator(demo_server)("wb_viewer", "viewer", "62")
    client = Client(demo_server)
    client.sign_in("wb_viewer", password, "a long new workbook password")
    status, headers, body = client.request(f"/plans/{PLAN}/board.xlsx?period=2023&unit=62")
    assert status == 200
    assert headers["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.worksheets[0]
    assert sheet.title == "62 2023"
    assert [cell.value for cell in sheet[1]][:4] == ["Mã", "Chỉ tiêu", "Chỉ số", "Yêu cầu"]
    assert all(cell.font.b for cell in sheet[1]), "the header row is bold"
    assert sheet.freeze_panes == "A2", "the header row is frozen"
    assert sheet.column_dimensions["B"].width >= 40
    codes = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert codes == [f"T{n:02d}" for n in range(1, 17)]
    t03 = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "T03")
    assert t03[4].number_format.endswith("%") and 0 < t03[4].value <= 1.5, "a ratio is a percentage"
    assert isinstance(t03[5].value, (int, float)) and isinstance(t03[6].value, (int, float))
    assert "người nghiện" in t03[2].value, "Vietnamese text is intact"
    page = client.request(f"/plans/{PLAN}/board?period=2023&unit=62")[2].decode()
    for row in sheet.iter_rows(min_row=2):
        assert row[7].value in page, f"{row[0].value}: the status word is the page's"


def test_the_import_template_reads_back(demo_server: Server) -> None:
    password = user_creator(demo_server)("wb_district", "district_reporter", "611")
    client = Client(demo_server)
    client.sign_in("wb_district", password, "another long workbook password")
    status, _, body = client.request("/data/template.xlsx?unit=611&period=2024")
    assert status == 200
    sheet = openpyxl.load_workbook(io.BytesIO(body)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["Mã chỉ số [element]", "Mã đơn vị [unit]", "Kỳ [period]", "Mã phân tổ [category]", "Giá trị [value]"]
    assert sheet.freeze_panes == "A2", "the header row stays in view"
    assert {row[1] for row in rows[1:]} == {"611"} and {row[2] for row in rows[1:]} == {"2024"}
    assert any(row[0] == "drug_cases_detected" and row[3] == "heroin" for row in rows[1:])
    assert all(re.fullmatch(r"[a-z0-9_]+", row[0]) for row in rows[1:])


def test_the_round_annexes_read_back(demo_server: Server) -> None:
    password = user_creator(demo_server)("wb_office", "standing_office", "62-CAT")
    client = Client(demo_server)
    client.sign_in("wb_office", password, "a long office workbook password")
    status, _, body = client.request(f"/plans/{PLAN}/rounds")
    assert status == 200
    match = re.search(r'href="/rounds/([0-9a-f-]{36})">Báo cáo năm 2023<', body.decode())
    assert match, "the 2023 round is listed"
    status, headers, body = client.request(f"/rounds/{match.group(1)}/annex.xlsx")
    assert status == 200
    book = openpyxl.load_workbook(io.BytesIO(body))
    assert [sheet.title for sheet in book.worksheets] == [
        "Chỉ tiêu", "Số liệu", "Tiến độ báo cáo", "Dự án", "Số liệu cấp huyện", "Số liệu sở, ngành"]
    # Three title lines and an empty row, then the header (and under it the units of measure) in bold, frozen.
    data = book["Số liệu cấp huyện"]
    assert data["A1"].value == "Phụ lục 05" and data.freeze_panes == "C6" and all(cell.font.b for cell in data[5])
    header = [cell.value for cell in data[5]]
    assert len(header) == 13 and header[-1] == "Cộng các huyện"
    rows = list(data.iter_rows(min_row=6, values_only=True))
    row = next(row for row in rows if row[0] == "Vụ phạm tội về ma túy được phát hiện, bắt giữ")
    assert row[1] == "vụ" and row[-1] == sum(value or 0 for value in row[2:-1]), "the districts' sum adds up"
    others = list(book["Số liệu sở, ngành"].iter_rows(min_row=7, values_only=True))
    assert others and all(row[0].startswith("62-") for row in others), "the agencies' figures, one row per figure"
    reporting = list(book["Tiến độ báo cáo"].iter_rows(min_row=6, values_only=True))
    assert len(reporting) == 30 and {row[2] for row in reporting} == {"Đã duyệt"}
    projects = book["Dự án"]
    assert [cell.value for cell in projects[6]][4:7] == ["(%)", "(triệu đồng)", "(triệu đồng)"]
    progress = [row[4] for row in projects.iter_rows(min_row=7)]
    assert len(progress) == 15 and all(cell.number_format.endswith("%") for cell in progress if cell.value is not None)
