"""Every page reachable from the home page, in both languages: no broken link or anchor, small, styled, no script."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

from conftest import Server

PAGE_LIMIT = 100_000
MAX_PAGES = 1_000
STYLESHEET = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet\b[^>]*>", re.IGNORECASE)
SCRIPT = re.compile(r"<script\b", re.IGNORECASE)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        if tag in ("a", "link") and attributes.get("href"):
            self.hrefs.append(attributes["href"])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _fetch(url: str, language: str) -> tuple[int, str, bytes, str]:
    """(status, content type, body, Location header) of a GET, redirects not followed."""
    request = urllib.request.Request(url, headers={"Cookie": f"pcmt_lang={language}"})
    try:
        with _opener.open(request, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read(), ""
    except urllib.error.HTTPError as error:
        headers = error.headers
        return (error.code, headers.get_content_type() if headers else "", error.read(),
                (headers.get("Location") or "") if headers else "")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_reachable_page(server: Server, language: str):
    origin = server.base_url
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    seen: set[str] = {"/"}
    anchors: list[tuple[str, str, str]] = []  # (page, fragment, linked from)
    ids: dict[str, set[str]] = {}
    problems: list[str] = []
    sizes: dict[str, int] = {}

    while queue:
        path, source = queue.popleft()
        status, content_type, body, location = _fetch(origin + path, language)
        if status in (301, 302, 303, 307, 308) and location and not urlsplit(location).path.startswith("/signin"):
            # A link to the current plan's part (/plan/{section}) redirects to the plan's own page: follow it once.
            target = urlsplit(urljoin(origin + path, location))
            target_path = target.path + (f"?{target.query}" if target.query else "")
            if target.netloc == urlsplit(origin).netloc and target_path not in seen:
                seen.add(target_path)
                queue.append((target_path, path))
            continue
        if status != 200:
            # A visitor who is not signed in must not be shown links that only lead to the sign-in page.
            target = f" to {urlsplit(location).path}" if location else ""
            problems.append(f"{path}: status {status}{target} (linked from {source})")
            continue
        if content_type != "text/html":
            continue
        html = body.decode("utf-8")
        sizes[path] = len(body)
        if len(body) >= PAGE_LIMIT:
            problems.append(f"{path}: {len(body)} bytes, over {PAGE_LIMIT}")
        if not STYLESHEET.search(html):
            problems.append(f"{path}: no <link rel=stylesheet>")
        if SCRIPT.search(html):
            problems.append(f"{path}: contains <script>")
        parser = _Links()
        parser.feed(html)
        ids[path] = parser.ids
        for href in parser.hrefs:
            absolute = urljoin(origin + path, href)
            if urlsplit(absolute).netloc != urlsplit(origin).netloc:
                continue
            target, fragment = urldefrag(absolute)
            parts = urlsplit(target)
            target_path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.path.startswith("/lang/"):
                continue  # the language switch is exercised in the browser test
            if fragment:
                anchors.append((target_path, fragment, path))
            if target_path not in seen:
                seen.add(target_path)
                if len(seen) > MAX_PAGES:
                    pytest.fail(f"more than {MAX_PAGES} pages reachable; is a link generating new addresses?")
                queue.append((target_path, path))

    for target, fragment, source in anchors:
        if target in ids and fragment not in ids[target]:
            problems.append(f"{target}#{fragment}: no element with that id (linked from {source})")

    largest = sorted(sizes.items(), key=lambda item: -item[1])[:3]
    print(f"\n[{language}] {len(sizes)} pages checked; largest: " + ", ".join(f"{p} {n} B" for p, n in largest))
    assert len(sizes) >= 150, f"only {len(sizes)} pages reachable from /"
    assert not problems, "\n".join(sorted(set(problems)))
