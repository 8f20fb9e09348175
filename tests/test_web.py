"""One rule for what a web address is, shared by inputs, links, covers and fetched pages."""

from __future__ import annotations

import pytest

from narrate.web import is_web_address


@pytest.mark.parametrize(
    "text",
    [
        "https://baodongthap.vn/tin/bai-viet.aspx",
        "http://vidu.vn",
        "HTTPS://VIDU.VN/RSS",
        "  https://vidu.vn/a b  ",
        "https://báo.vn/tin",
        "http://127.0.0.1:8000/feed.xml",
    ],
)
def test_http_and_https_addresses_with_a_host_are_web_addresses(text: str) -> None:
    assert is_web_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://vidu.vn/a.mp3",
        "data:text/html,<b>x</b>",
        "http:/vidu.vn",
        "https://",
        "//vidu.vn/tin",
        "/tin/bai.html",
        "examples/lua-dong-thap.txt",
        "bai http://vidu.vn",
        "http://[::1",
        "",
    ],
)
def test_anything_else_is_not(text: str) -> None:
    assert not is_web_address(text)
