"""Loading a page makes requests only to the site itself and sets no cookies."""

from __future__ import annotations


def test_only_requests_to_the_site_and_no_cookies(context, base_url, page_sample):
    _, rel = page_sample
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + rel, wait_until="networkidle")
    outside = [url for url in requests if not url.startswith(base_url)]
    assert outside == []
    assert len(requests) >= 2  # the page and at least its stylesheet
    assert context.cookies() == []
    assert page.evaluate("() => document.cookie") == ""
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('link[rel=stylesheet], script[src], img[src]')]"
            ".filter(el => !(el.href || el.src).startsWith(location.origin)).length"
        )
        == 0
    )


def test_request_check_can_fail(context, base_url):
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + "index.html")
    page.evaluate("() => { const img = new Image(); img.src = 'http://127.0.0.2:9/x.png'; document.body.append(img); }")
    page.wait_for_timeout(200)
    assert any(not url.startswith(base_url) for url in requests)
