import pytest

from cocreate.notifications.registry import DIGEST, NotificationKind, notification_kinds

SAMPLE = NotificationKind(
    key="sample", order=999, label="A sample event", template="notifications/tests/sample"
)
SAMPLE_DIGEST = NotificationKind(
    key="sample_digest",
    order=998,
    label="A quiet event",
    template="notifications/tests/sample",
    default_email=DIGEST,
)


@pytest.fixture(autouse=True)
def sample_kinds():
    notification_kinds.register(SAMPLE)
    notification_kinds.register(SAMPLE_DIGEST)
    yield
    notification_kinds._entries.pop(SAMPLE.key, None)
    notification_kinds._entries.pop(SAMPLE_DIGEST.key, None)
