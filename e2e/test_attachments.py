"""Files attached to a unit's report (pcmt issue 15, item 5), through the HTTP form of the report's page and the API,
on the demo server (`--demo`): district 611 attaches the signed scan of its 2024 report (a real PDF printed by
LibreOffice) and the Word file it sent (written by python-docx), sees both in the report's history, downloads them and
compares their SHA-256 with the files it sent; a PNG renamed to .pdf is refused with the reason beside the form.

Attaching changes neither the report's content nor its state, so the other tests of the demo server see the same
reports.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import struct
import subprocess
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import docx
import pytest

from conftest import Server, create_token, user_creator
from pageutil import nfc
from test_documents import api_get, api_json, libreoffice_pdf
from test_workbooks import Client

PLAN = "6f0c3959-2021-4025-8d62-000000003959"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def multipart(fields: dict[str, str], file: tuple[str, bytes] | None) -> tuple[str, bytes]:
    """A multipart/form-data body as a browser sends it: the content type with its boundary, and the bytes."""
    boundary = "----pcmt-e2e-" + hashlib.sha256(repr(sorted(fields.items())).encode()).hexdigest()[:16]
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode() + b"\r\n")
    if file is not None:
        name, data = file
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


def post_form(client: Client, path: str, note: str, file: tuple[str, bytes]):
    """POST the page's upload form with the session and the form token; (status, headers, body)."""
    content_type, body = multipart({"_csrf": client.cookies["__Host-pcmt_csrf"], "note": note}, file)
    request = urllib.request.Request(client.base + path, data=body, method="POST")
    request.add_header("Content-Type", content_type)
    request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in client.cookies.items()))
    try:
        response = client.opener.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.headers, response.read()


def png_bytes() -> bytes:
    """A real 1×1 PNG image (signature, IHDR, IDAT, IEND with their CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def report_2024(demo_server: Server) -> str:
    """The id of district 611's report of the 2024 round."""
    token = create_token(demo_server, "standing_office", "62-CAT", "e2e-attachments")
    rounds = {item["period"]: item for item in api_json(demo_server, token, f"/api/v1/plans/{PLAN}/rounds")}
    submissions = api_json(demo_server, token, f"/api/v1/rounds/{rounds['2024']['id']}/submissions")
    return next(item["id"] for item in submissions if item["orgunit"] == "611")


def test_a_unit_attaches_its_signed_scan_and_word_file_and_downloads_them(demo_server: Server, report_2024: str, tmp_path: Path):
    page = f"/submissions/{report_2024}"
    password = user_creator(demo_server)("att_ngochoi", "district_reporter", "611")
    client = Client(demo_server)
    client.sign_in("att_ngochoi", password, "a long attachments password")
    status, _, before = client.request(page)
    assert status == 200
    before_text = nfc(html.unescape(before.decode()))
    assert "Tệp đính kèm (bản đã ký)" in before_text and 'accept=".pdf,.doc,.docx' in before_text
    state_before = re.search(r'class="state state-(\w+)"', before_text).group(1)

    # The signed scan: a real PDF, printed by LibreOffice from a short text.
    source = tmp_path / "bao-cao-da-ky.txt"
    source.write_text("BÁO CÁO kết quả thực hiện năm 2024 — bản đã ký (dữ liệu mẫu)\n", encoding="utf-8")
    pdf = libreoffice_pdf(source, tmp_path).read_bytes()
    assert pdf.startswith(b"%PDF-")
    # The Word file sent, as python-docx writes it.
    document = docx.Document()
    document.add_paragraph("Báo cáo năm 2024 của Huyện Ngọc Hồi (dữ liệu mẫu)")
    buffer = io.BytesIO()
    document.save(buffer)
    word = buffer.getvalue()

    status, headers, body = post_form(client, f"{page}/attachments", "bản đã ký", ("Báo cáo đã ký.pdf", pdf))
    assert status == 303, body[:800]
    assert headers["Location"] == f"{page}?done=attached"
    status, headers, body = post_form(client, f"{page}/attachments", "", ("bao-cao-2024.docx", word))
    assert status == 303, body[:800]

    # A PNG named .pdf: refused beside the form, naming the file and what it is.
    status, _, body = post_form(client, f"{page}/attachments", "", ("anh-chup.pdf", png_bytes()))
    assert status == 422
    refused = nfc(html.unescape(body.decode()))
    assert "Tệp 'anh-chup.pdf' không phải PDF hoặc Word (nội dung là ảnh PNG)" in refused

    status, _, after = client.request(page)
    text = nfc(html.unescape(after.decode()))
    assert re.search(r'class="state state-(\w+)"', text).group(1) == state_before, "attaching does not move the report"
    links = re.findall(rf'href="({re.escape(page)}/attachments/[0-9a-f-]{{36}})"', text)
    assert len(set(links)) == 2, links
    for sent, name in ((pdf, "Báo cáo đã ký.pdf"), (word, "bao-cao-2024.docx")):
        digest = hashlib.sha256(sent).hexdigest()
        # Listed with its checksum (16 digits shown, the whole in the title) and in the history.
        assert f'title="{digest}">{digest[:16]}</code>' in text, name
        assert re.search(rf"Đính kèm tệp\s*<a [^>]*>{re.escape(name)}</a> \([\d,]+ kB, SHA-256 ", text), f"{name} is not in the history"
    assert "anh-chup.pdf" not in text, "the refused file was not kept"

    downloaded = {}
    for link in sorted(set(links)):
        status, headers, body = client.request(link)
        assert status == 200
        assert headers["Content-Disposition"].startswith("attachment")
        assert headers["X-Content-Type-Options"] == "nosniff"
        downloaded[hashlib.sha256(body).hexdigest()] = headers["Content-Type"]
    assert downloaded == {hashlib.sha256(pdf).hexdigest(): "application/pdf", hashlib.sha256(word).hexdigest(): DOCX_TYPE}

    # The same files through the API, for a token of the province's viewers; another district's token sees nothing.
    viewer = create_token(demo_server, "viewer", "62", "e2e-attachments-viewer")
    listed = api_json(demo_server, viewer, f"/api/v1/submissions/{report_2024}/attachments")
    assert [item["kind"] for item in listed] == ["pdf", "docx"]
    assert [item["sha256"] for item in listed] == [hashlib.sha256(pdf).hexdigest(), hashlib.sha256(word).hexdigest()]
    assert listed[0]["note"] == "bản đã ký" and nfc(listed[0]["fileName"]) == "Báo cáo đã ký.pdf"
    status, _, body = api_get(demo_server, viewer, f"/api/v1/submissions/{report_2024}/attachments/{listed[0]['id']}")
    assert status == 200 and hashlib.sha256(body).hexdigest() == listed[0]["sha256"]
    other = create_token(demo_server, "district_reporter", "612", "e2e-attachments-612")
    status, _, _ = api_get(demo_server, other, f"/api/v1/submissions/{report_2024}/attachments/{listed[0]['id']}")
    assert status == 404


def test_the_api_takes_a_file_and_refuses_what_is_not_pdf_or_word(demo_server: Server, report_2024: str):
    token = create_token(demo_server, "district_reporter", "611", "e2e-attachments-611")
    path = f"/api/v1/submissions/{report_2024}/attachments"

    def post(content_type: str, body: bytes):
        request = urllib.request.Request(demo_server.url(path), data=body, method="POST")
        request.add_header("Authorization", f"Bearer {token}")
        request.add_header("Content-Type", content_type)
        try:
            response = urllib.request.urlopen(request, timeout=60)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            return response.status, json.loads(response.read() or b"null")

    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    status, created = post(*multipart({"note": "bản Word 97"}, ("bao-cao.doc", ole)))
    assert status == 201, created
    assert created["kind"] == "doc" and created["mediaType"] == "application/msword"
    assert created["sha256"] == hashlib.sha256(ole).hexdigest() and created["size"] == len(ole)

    status, refused = post(*multipart({}, ("anh.pdf", png_bytes())))
    # In Vietnamese, as every API error unless the client asks for English (Accept-Language).
    assert status == 422 and "Tệp 'anh.pdf' không phải PDF hoặc Word" in refused["reason"], refused
    status, refused = post("application/json", b"{}")
    assert status == 415, refused
