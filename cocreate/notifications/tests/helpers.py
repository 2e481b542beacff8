from cocreate.notifications.actions import notify

STARTS = "2026-12-10T17:30:00+00:00"


def tell(cast, people, key="meeting:1:planned", kind="sample", **kw):
    return notify(
        kind=kind,
        recipients=people,
        organization=cast.org,
        community=cast.community,
        key=key,
        url="/o/sic/",
        context={"title": "Family night", "starts_at": STARTS},
        **kw,
    )
