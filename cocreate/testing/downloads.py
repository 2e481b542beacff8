"""Downloading a document the way a person does: press the button, wait on the progress page, download.

Documents are prepared in the task queue (`cocreate.core.jobs`). In tests the queue runs each task at
once, when the transaction commits; pytest-django's tests run inside one, so this runs the commit hooks.
"""

from __future__ import annotations

from django.test import TestCase


def prepare(client, url: str, data: dict | None = None):
    """Press the download button (a POST); returns the redirect to the progress page, the job done."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.status_code
    assert "/downloads/" in response["Location"], response["Location"]
    return response


def download(client, url: str, data: dict | None = None):
    """Press the button, check the progress page says it is ready, and fetch the file."""
    progress_url = prepare(client, url, data)["Location"]
    page = client.get(progress_url)
    assert page.status_code == 200
    assert f'href="{progress_url}file/"' in page.text, page.text  # ready: the download link shows
    return client.get(progress_url + "file/")
