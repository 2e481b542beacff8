"""Shared set-up for assessment tests: a small team instrument defined here (so tests do not depend on
the wording of the built-in files), rounds opened for the cast, and answers sent the way people do."""

from __future__ import annotations

from typing import Any

from cocreate.assessments import actions
from cocreate.assessments.instruments import create_version, validate
from cocreate.assessments.models import Administration, Instrument, InstrumentVersion, Invitee, VersionStatus

SMALL_TEAM: dict[str, Any] = {
    "key": "capacity-test",
    "kind": "team",
    "scoring": "percent",
    "target": 80,
    "name": {"en": "Capacity check", "es": "Revisión de capacidad"},
    "scale": [
        {"value": 0, "label": {"en": "Not in place", "es": "No existe"}},
        {"value": 1, "label": {"en": "Partly in place", "es": "Existe en parte"}},
        {"value": 2, "label": {"en": "In place", "es": "Existe"}},
    ],
    "reflection_prompts": [
        {"key": "strengths", "text": {"en": "Our strengths", "es": "Nuestras fortalezas"}}
    ],
    "sections": [
        {
            "key": "co-creation",
            "title": {"en": "Co-creation partners", "es": "Aliados de co-creación"},
            "items": [
                {
                    "key": "cc-involved",
                    "text": {"en": "All five partner types are involved", "es": "Los cinco tipos participan"},
                },
                {
                    "key": "cc-plan",
                    "text": {"en": "A written engagement plan exists", "es": "Hay un plan escrito"},
                },
                {
                    "key": "cc-feedback",
                    "text": {"en": "Data feedback loops run", "es": "Hay ciclos de datos"},
                },
            ],
        },
        {
            "key": "leadership",
            "title": {"en": "Leadership and teams", "es": "Liderazgo y equipos"},
            "items": [
                {
                    "key": "lt-team",
                    "text": {"en": "An implementation team meets", "es": "Un equipo se reúne"},
                },
                {
                    "key": "lt-roles",
                    "text": {"en": "Roles are written down", "es": "Los roles están escritos"},
                },
            ],
        },
    ],
}


def team_version(org=None, definition=SMALL_TEAM) -> InstrumentVersion:
    """A published team instrument: the organization's own when `org` is given, else a built-in."""
    instrument, _ = Instrument.objects.get_or_create(organization=org, key=definition["key"])
    existing = instrument.versions.filter(status=VersionStatus.PUBLISHED).first()
    return existing or create_version(instrument, validate(definition), status=VersionStatus.PUBLISHED)


def builtin(key: str) -> InstrumentVersion:
    return InstrumentVersion.objects.get(
        instrument__organization=None, instrument__key=key, status=VersionStatus.PUBLISHED
    )


def open_round(cast, version=None, *, invitees=None, anonymous=False, **kw) -> Administration:
    version = version or team_version()
    people = invitees if invitees is not None else [cast.lead, cast.partner, cast.practitioner]
    return actions.do_open_administration(
        cast.community,
        version=version,
        acting_user=cast.practitioner,
        invitees=people,
        anonymous=anonymous,
        **kw,
    )


def answer(adm: Administration, user, values, *, evidence=None, reflections=None):
    """Submit `user`'s answers: a dict {item_key: value}, or one value for every item."""
    if not isinstance(values, dict):
        values = {key: values for key in adm.version.items.values_list("key", flat=True)}
    invitee = Invitee.objects.select_related("administration__version").get(administration=adm, user=user)
    invitee.administration = adm
    return actions.do_submit_response(
        invitee, answers=values, evidence=evidence or {}, reflections=reflections or {}
    )
