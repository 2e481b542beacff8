"""Driving Debian's Chromium through Playwright: shared by the e2e tests and the screenshot script."""

from __future__ import annotations

import os
import re

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

# allauth's codes look like "K7QP-X2MD": one line of its own in the email body.
LOGIN_CODE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]{3,})+|[A-Z0-9]{6,})\s*$", re.MULTILINE)

# Elements whose right edge passes the viewport, ignoring anything inside a box that scrolls or
# clips on purpose (`.table-wrap`). app.css sets `html, body { overflow-x: hidden }`, which cuts such
# content off instead of letting the page scroll, so we measure the boxes themselves.
_OVERFLOWING_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === "hidden") continue;
    if (r.right > width + 1 && r.left < width && !clipped(el)) {
      const id = el.id ? "#" + el.id : "";
      const cls = el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "";
      out.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(r.right)}px`);
    }
  }
  return out;
}
"""


def chromium_missing_reason() -> str | None:
    if os.path.exists(CHROMIUM):
        return None
    return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def login_code_from(message) -> str:
    match = LOGIN_CODE.search(message.body)
    assert match, f"no sign-in code in the email:\n{message.body}"
    return match.group(1)


def overflowing_elements(page) -> list[str]:
    """What sticks out past the right edge of the viewport (empty when the page fits)."""
    return page.evaluate(_OVERFLOWING_JS)


def watch_assets(page) -> list[str]:
    """A list that fills with the stylesheets and scripts this page fails to load."""
    broken: list[str] = []

    def check(response) -> None:
        if "/static/" in response.url and response.status >= 400:
            broken.append(f"{response.status} {response.url}")

    page.on("response", check)
    return broken


def sign_in_with_password(page, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
