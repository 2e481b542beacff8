"""Small steps the accounts tests share: what a person does in the browser, as client calls."""

from __future__ import annotations

import re

from django.core import mail

from cocreate.conftest import PASSWORD


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": email, "password": password, **extra})


def link_in(message) -> str:
    """The path of the first link to this site in an email body."""
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def code_in(message) -> str:
    """The sign-in code in allauth's code email: the one line that is only the code."""
    codes = [
        line.strip()
        for line in message.body.splitlines()
        if re.fullmatch(r"[A-Z0-9]{3,}(-[A-Z0-9]+)*", line.strip())
    ]
    assert len(codes) == 1, message.body
    return codes[0]


def outbox_to(email: str) -> list:
    return [m for m in mail.outbox if email in m.to]
