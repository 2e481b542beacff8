"""Riverside's demo calls for community leaders: an open bilingual call with six applications sent
from its public page (the review's demo scores and decides some of them), and last year's call,
closed. Written through the `do_*` functions; a community that has calls already is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cocreate.accounts.models import User
from cocreate.core.actions import do_save_translation
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community

from . import calls
from .calls import ApplicationData, CallDetails
from .models import Call, CallQuestion

OPEN_TITLE = "Parent leader for the improvement team"
INVOLVES = (
    "Join Riverside's improvement team as one of its parent leaders: come to the monthly team meeting, "
    "help plan and test changes to how families get home visits, and bring what parents in your "
    "neighbourhood tell you. An orientation and a mentor from the team help you start."
)
# The open call's texts in Spanish (a bilingual call), as the team's translator wrote them.
SPANISH = {
    "title": "Madre o padre líder para el equipo de mejora",
    "involves": (
        "Únase al equipo de mejora de Riverside como madre o padre líder: venga a la reunión mensual del "
        "equipo, ayude a planear y probar cambios en cómo las familias reciben las visitas al hogar, y "
        "traiga lo que le cuentan otras familias de su barrio. Una orientación y un mentor del equipo le "
        "ayudan a empezar."
    ),
    "time_asked": "Unas seis horas al mes, durante un año",
    "compensation": "$25 por hora, cuidado de niños y transporte pagados",
}
LAST_YEAR_TITLE = "Family voice on the home visiting advisory group"

# name, email, phone, language, days, meeting times, access needs, notes, heard from, answers
APPLICANTS = [
    (
        "Rosa Hernández",
        "rosa.hernandez@example.org",
        "",
        "es",
        [1, 3],
        ["18-20"],
        ["interpretation", "child_care"],
        "Tengo dos niños pequeños.",
        "school",
        "Organicé el grupo de madres de la escuela de mis hijos durante dos años.",
    ),
    (
        "Keisha Williams",
        "keisha.w@example.org",
        "555-0142",
        "en",
        [0, 2, 4],
        ["10-12", "12-14"],
        ["transport"],
        "",
        "friend",
        "I coached my son's soccer team and ran the snack rota for three seasons.",
    ),
    (
        "Tomás Ortega",
        "",
        "555-0177",
        "es",
        [5],
        ["08-10", "10-12"],
        [],
        "",
        "community_group",
        "Ayudo en la despensa de alimentos de mi iglesia cada sábado.",
    ),
    (
        "Linh Nguyen",
        "linh.nguyen@example.org",
        "",
        "en",
        [1, 2, 3],
        ["16-18", "18-20"],
        ["child_care"],
        "Evening meetings work if child care is there.",
        "social_media",
        "I started a WhatsApp group for parents new to the neighbourhood.",
    ),
    (
        "Guadalupe Reyes",
        "lupe.reyes@example.org",
        "555-0120",
        "es",
        [0, 3],
        ["12-14"],
        ["interpretation", "transport"],
        "No tengo carro.",
        "team_member",
        "Fui voluntaria en la clínica como intérprete para otras familias.",
    ),
    (
        "Marcus Johnson",
        "marcus.j@example.org",
        "",
        "en",
        [2, 4],
        ["18-20"],
        [],
        "",
        "other",
        "As a dad who went through home visiting myself, I led a fathers' circle at the library.",
    ),
]


def seed_calls(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    lead = User.objects.filter(email=f"lead@{DEMO_DOMAIN}").first()
    if riverside is None or lead is None or Call.objects.filter(community=riverside).exists():
        return
    today = timezone.localdate()
    reviewers = list(
        calls.reviewer_choices(riverside).filter(
            email__in=[f"lead@{DEMO_DOMAIN}", f"practitioner@{DEMO_DOMAIN}"]
        )
    )
    # Last year's call, closed: made and closed through the writes, then dated back a year.
    old = calls.do_create_call(
        riverside,
        acting_user=lead,
        details=CallDetails(
            title=LAST_YEAR_TITLE,
            involves="Four evening meetings a year to advise on how home visits reach families.",
            time_asked="Two hours, four times a year",
            compensation="$50 gift card per meeting",
            closes_on=today,
            languages=["en"],
            reviewers=reviewers,
        ),
    )
    calls.do_open_call(old, acting_user=lead)
    calls.do_close_call(old, acting_user=lead)
    year_ago = timezone.now() - timedelta(days=365)
    Call.objects.filter(pk=old.pk).update(
        closes_on=today - timedelta(days=330),
        created_at=year_ago,
        opened_at=year_ago,
        closed_at=year_ago + timedelta(days=35),
    )
    # This year's call: open, bilingual, with six applications from its public page.
    call = calls.do_create_call(
        riverside,
        acting_user=lead,
        details=CallDetails(
            title=OPEN_TITLE,
            involves=INVOLVES,
            time_asked="About six hours a month, for one year",
            compensation="$25 an hour, child care and travel paid",
            closes_on=today + timedelta(days=21),
            languages=["en", "es"],
            reviewers=reviewers,
        ),
    )
    calls.do_open_call(call, acting_user=lead)
    for name, text in SPANISH.items():
        do_save_translation(call, acting_user=lead, field=name, language="es", text=text)
    questions = list(CallQuestion.objects.filter(call=call).order_by("position", "pk"))
    now = timezone.now()
    for index, row in enumerate(APPLICANTS):
        name, email, phone, language, days, times, needs, notes, heard, story = row
        answers = {str(q.pk): story if i == 0 else "" for i, q in enumerate(questions)}
        for q in questions:
            if q.required and not answers[str(q.pk)]:
                answers[str(q.pk)] = (
                    "Quiero que otras familias tengan la ayuda que yo no tuve."
                    if language == "es"
                    else "I want other families to get the help I did not have."
                )
        calls.do_submit_application(
            call,
            data=ApplicationData(
                name=name,
                email=email,
                phone=phone,
                language=language,
                answers=answers,
                available_days=days,
                meeting_times=times,
                access_needs=needs,
                access_notes=notes,
                heard_from=heard,
            ),
            address=f"demo-{index}",
            now=now - timedelta(days=6 - index, hours=index),
        )
