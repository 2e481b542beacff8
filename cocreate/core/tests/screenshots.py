"""Screenshots of the main pages at desktop and phone widths, for a person to look at (not a test).

Against a running demo server::

    DEBUG=1 .venv/bin/cocreate migrate && DEBUG=1 .venv/bin/cocreate seed-demo
    DEBUG=1 .venv/bin/cocreate runserver 127.0.0.1:8000 &
    .venv/bin/python -m cocreate.core.tests.screenshots [--base-url URL] [--out DIR]

Writes <out>/<page>-<desktop|phone>.png (full page) and prints, per shot, anything that sticks out
past the right edge of the viewport.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from .e2e_helpers import (
    DESKTOP,
    PHONE,
    chromium_missing_reason,
    launch,
    overflowing_elements,
    sign_in_with_password,
    watch_assets,
)

LEAD = "lead@demo.cocreate.org"
PASSWORD = "cocreate-demo-2026"
ORG = "/o/northfield/"
COMMUNITY = "/o/northfield/c/riverside/"
ANONYMOUS_PAGES = [("login", "/accounts/login/"), ("login-code", "/accounts/login/code/")]
PAGES = [
    ("organization", ORG),
    ("community", COMMUNITY),
    ("stage-form", COMMUNITY + "stage/"),
    ("history", COMMUNITY + "history/"),
    ("members", COMMUNITY + "members/"),
    ("profile", "/profile/"),
]


def shoot(base_url: str, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    problems = 0
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for size_name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            anonymous = browser.new_context(viewport=viewport, locale="en-US")
            page = _watched(anonymous.new_page())
            for name, path in ANONYMOUS_PAGES:
                page.goto(base_url + path)
                problems += _save(page, out / f"{name}-{size_name}.png")
            anonymous.close()

            context = browser.new_context(viewport=viewport, locale="en-US")
            page = _watched(context.new_page())
            sign_in_with_password(page, base_url, LEAD, PASSWORD)
            if "/accounts/login" in page.url:
                sys.exit(f"could not sign in as {LEAD}: is the demo seeded (cocreate seed-demo)?")
            for name, path in PAGES:
                response = page.goto(base_url + path)
                if response is None or response.status != 200:
                    print(f"  {name}: HTTP {response.status if response else '?'} for {path}")
                    problems += 1
                problems += _save(page, out / f"{name}-{size_name}.png")
            context.close()
        browser.close()
    return problems


def _watched(page):
    page.broken_assets = watch_assets(page)
    return page


def _save(page, path: Path) -> int:
    page.screenshot(path=str(path), full_page=True)
    notes = []
    if sticking_out := overflowing_elements(page):
        notes.append("WIDER THAN THE SCREEN: " + ", ".join(sticking_out[:5]))
    if page.broken_assets:
        notes.append("ASSETS NOT LOADED: " + ", ".join(page.broken_assets))
        page.broken_assets.clear()
    print(f"{path}  {'; '.join(notes)}".rstrip())
    return 1 if notes else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    args = parser.parse_args()
    if reason := chromium_missing_reason():
        sys.exit(reason)
    problems = shoot(args.base_url.rstrip("/"), args.out)
    print(f"{problems} page(s) with problems" if problems else "every page fits its screen")


if __name__ == "__main__":
    main()
