"""Meetings as iCalendar (RFC 5545), written by hand: a community feed and one-meeting downloads.

Times are written in UTC (the same moment for every subscriber, whatever their own zone), and the
calendar names the organization's time zone (`X-WR-TIMEZONE`) so calendar apps that honour it show
the meetings on the organization's clock. Text values are escaped (backslash, semicolon, comma, newline) and long
lines folded at 75 octets without splitting a UTF-8 character.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from .models import Meeting, MeetingStatus

PRODID = "-//Cocreate//Meetings//EN"


def escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, continuation lines starting with a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    pieces, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never cut inside a character
            end -= 1
        pieces.append(data[start:end].decode())
        start, limit = end, 74  # the leading space counts
    return "\r\n ".join(pieces)


def utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _description(meeting: Meeting, url: str) -> str:
    lines = []
    items = list(meeting.agenda_items.all())
    for i, item in enumerate(items, 1):
        extra = ", ".join(x for x in (item.owner_name, f"{item.duration} min" if item.duration else "") if x)
        lines.append(f"{i}. {item.title}" + (f" ({extra})" if extra else ""))
    if meeting.online_link:
        lines.append(meeting.online_link)
    lines.append(url)
    return "\n".join(lines)


def event_lines(meeting: Meeting, *, url: str, host: str, stamp: datetime) -> list[str]:
    location = ", ".join(x for x in (meeting.place, meeting.online_link) if x)
    lines = [
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.pk}@{host}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(meeting.starts_at)}",
        f"DTEND:{utc(meeting.ends_at)}",
        f"SUMMARY:{escape(meeting.title)}",
        f"STATUS:{'CANCELLED' if meeting.status == MeetingStatus.CANCELLED else 'CONFIRMED'}",
        f"LAST-MODIFIED:{utc(meeting.updated_at)}",
        f"DESCRIPTION:{escape(_description(meeting, url))}",
        f"URL:{escape(url)}",
    ]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    meetings: Iterable[Meeting], *, name: str, urls: dict[int, str], host: str, time_zone: str
) -> str:
    """The whole VCALENDAR text (CRLF line ends). `urls` maps each meeting's pk to its page;
    `time_zone` is the organization's (an IANA name)."""
    stamp = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{escape(time_zone)}",
    ]
    for meeting in meetings:
        lines += event_lines(meeting, url=urls[meeting.pk], host=host, stamp=stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
