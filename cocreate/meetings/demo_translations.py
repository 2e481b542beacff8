"""A bilingual Riverside for the demo: Spanish versions of the team's goals, actions, "you said, we
did" item, meeting titles, agenda items, decision and shared agreement, written by the lead (who
speaks both), so that María (parent@, who reads in Spanish) reads her community's plan in her language.

A few texts are left in English on purpose: one action, one agenda item and the older meetings'
minutes show the "Written in English" marker and fill the "needs translation" list.

Runs after the planning and meetings demo (it translates what they wrote, found by its English text);
a text already translated is left as it is, so running it again changes nothing. Meetings sit above
planning, so this module may read both.
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.formats import date_format

from cocreate.accounts.models import User
from cocreate.core import translations, versioned
from cocreate.core.actions import do_save_translation
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community
from cocreate.planning.models import Action, FeedbackItem, Goal

from . import actions
from .models import AgendaItem, AgreementQuestion, AgreementVersion, Decision, Meeting

GOALS = {
    "Every sign-up form and flyer is in Spanish and English": (
        "Todos los formularios de inscripción y folletos están en español y en inglés"
    ),
    "Families and staff build what we know together: parents help plan and run every listening "
    "session, and the team shows what it did with what it heard": (
        "Familias y personal aprendemos juntos: las madres y los padres ayudan a preparar y dirigir cada "
        "sesión de escucha, y el equipo cuenta qué hizo con lo que escuchó"
    ),
    "Two community members with lived experience on every team, paid fairly for their time": (
        "Dos personas de la comunidad con experiencia vivida en cada equipo, con un pago justo por su tiempo"
    ),
}
ACTIONS = {
    "Translate the sign-up form and the two flyers": "Traducir el formulario de inscripción y los dos folletos",
    # "Print the flyers and leave them at both family resource centres" stays in English: the marker.
    "Invite three parents to co-host the next listening session, with child care and an interpreter": (
        "Invitar a tres madres o padres a dirigir la próxima sesión de escucha, con cuidado de niños e intérprete"
    ),
    "Try a new format for the sessions: small tables, each with a parent as facilitator": (
        "Probar otra forma de hacer las sesiones: mesas pequeñas, cada una guiada por una madre o un padre"
    ),
    "Report back to the families what changed after the last session (“you said, we did”)": (
        "Contar a las familias qué cambió después de la última sesión (“ustedes dijeron, nosotros hicimos”)"
    ),
}
WHY = {
    "We plan for families without hearing from them first, and then wonder why the sessions are empty. "
    "Parents see what we miss.": (
        "Planeamos para las familias sin escucharlas antes, y luego nos preguntamos por qué nadie viene a "
        "las sesiones. Las madres y los padres ven lo que a nosotros se nos escapa."
    ),
    "Parents asked for a real say in the home visits they receive, and to learn how the program decides "
    "what to offer.": (
        "Las familias pidieron tener voz de verdad en las visitas que reciben en casa, y saber cómo decide "
        "el programa qué ofrecer."
    ),
    "Half of the families we serve read Spanish first.": "La mitad de las familias que atendemos lee primero en español.",
    "Decisions made with the people they affect hold up better.": (
        "Las decisiones tomadas con las personas a quienes afectan se sostienen mejor."
    ),
}
# The first action's details; the others' stay in English (marked).
ACTION_DETAILS = {
    "Child care for up to ten children; a Spanish interpreter; the library's community room": (
        "Cuidado para hasta diez niños; una intérprete de español; la sala comunitaria de la biblioteca"
    ),
    "Three parents co-host; at least twelve families attend": (
        "Tres madres o padres dirigen la sesión; vienen al menos doce familias"
    ),
}
FEEDBACK = {
    "The letter does not say who will visit, or why": "La carta no dice quién va a venir a casa, ni para qué"
}
AGENDA = {
    "Welcome and a round of check-ins": "Bienvenida y ronda para saber cómo está cada quien",
    "What families told us this month": "Lo que nos dijeron las familias este mes",
    "Next steps on the plan": "Próximos pasos del plan",
    # "What we will tell families after this meeting" stays in English: the marker.
}
DECISIONS = {
    "Try Thursday evening sessions for a month": "Probar durante un mes las sesiones los jueves por la tarde",
    "Tuesday clashes with school pick-up for most parents.": (
        "Los martes coinciden con la salida de la escuela para la mayoría de las familias."
    ),
}
MINUTES = {
    "Parents reported that the Tuesday sessions clash with school pick-up. The team agreed to try "
    "Thursday evenings for a month and to ask again.": (
        "Las familias contaron que las sesiones de los martes coinciden con la salida de la escuela. El "
        "equipo acordó probar los jueves por la tarde durante un mes y volver a preguntar."
    ),
}
# The team's agreement, in its own words (written for the demo when Riverside has none yet), and its
# Spanish version: question -> (always, never) in English, then in Spanish.
AGREEMENT = {
    AgreementQuestion.DISCUSS: (
        ("Hear from every person at the table before we choose", "Interrupt"),
        ("Escuchar a cada persona de la mesa antes de elegir", "Interrumpir"),
    ),
    AgreementQuestion.DECIDE: (
        ("Decide by consent, and ask who objects and why", ""),
        ("Decidir por consentimiento, y preguntar quién se opone y por qué", ""),
    ),
    AgreementQuestion.MEETINGS: (
        ("Meet in the evening, with child care and an interpreter", ""),
        ("Reunirnos por la tarde, con cuidado de niños e intérprete", ""),
    ),
    AgreementQuestion.TIME: (
        ("Start and end on time", "Add an item at the last minute"),
        ("Empezar y terminar a la hora", "Añadir un tema a última hora"),
    ),
    AgreementQuestion.FOLLOW_THROUGH: (
        ("Write down who does what, by when", ""),
        ("Anotar quién hace qué y para cuándo", ""),
    ),
    AgreementQuestion.PREPARE: (
        ("Send the agenda a week ahead, in Spanish and English", ""),
        ("Mandar el orden del día una semana antes, en español y en inglés", ""),
    ),
    AgreementQuestion.COMMUNICATE: (
        ("Use plain words and explain any acronym", "Use jargon"),
        ("Usar palabras sencillas y explicar cada sigla", "Usar jerga"),
    ),
    AgreementQuestion.INFORMATION: (
        ("Share the minutes within three days", ""),
        ("Compartir el acta en un plazo de tres días", ""),
    ),
    AgreementQuestion.CONFLICT: (
        ("Talk about the problem, not the person", ""),
        ("Hablar del problema, no de la persona", ""),
    ),
}


def _translate(obj, field: str, spanish: str, lead: User) -> None:
    shown = translations.shown(obj, field, "es")
    if not shown.translated:  # already there: leave it as it is
        do_save_translation(obj, acting_user=lead, field=field, language="es", text=spanish)


def _agreement(riverside: Community, lead: User) -> AgreementVersion:
    current = versioned.current(AgreementVersion, riverside)
    if current is None:
        answers = {
            question.value: {"always": english[0], "never": english[1]}
            for question, (english, _spanish) in AGREEMENT.items()
        }
        actions.do_save_agreement_draft(riverside, acting_user=lead, answers=answers)
        current = actions.do_publish_agreement(riverside, acting_user=lead)
    return current


def seed_translations(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    lead = User.objects.filter(email=f"lead@{DEMO_DOMAIN}").first()
    if riverside is None or lead is None:
        return
    for model, field, texts in (
        (Goal, "statement", GOALS),
        (Goal, "why_team", WHY),
        (Goal, "why_community", WHY),
        (Action, "resources", ACTION_DETAILS),
        (Action, "measure", ACTION_DETAILS),
        (Action, "strategy", ACTIONS),
        (FeedbackItem, "said", FEEDBACK),
        (AgendaItem, "title", AGENDA),
        (Decision, "title", DECISIONS),
        (Decision, "rationale", DECISIONS),
    ):
        for obj in model.objects.filter(community=riverside, **{f"{field}__in": list(texts)}):
            _translate(obj, field, texts[getattr(obj, field)], lead)
    # Every meeting's title, in the Spanish way of writing its date; the latest held meeting's minutes.
    meetings = list(Meeting.objects.filter(community=riverside).order_by("starts_at"))
    for meeting in meetings:
        if meeting.title.startswith("Team meeting, "):
            with translation.override("es"):
                day = date_format(timezone.localtime(meeting.starts_at), "j \\d\\e F")
            _translate(meeting, "title", f"Reunión del equipo, {day}", lead)
    held = [m for m in meetings if m.minutes in MINUTES]
    if held:
        _translate(held[-1], "minutes", MINUTES[held[-1].minutes], lead)
    version = _agreement(riverside, lead)
    for answer in version.answers.all():
        pair = AGREEMENT.get(AgreementQuestion(answer.question))
        if pair is None:
            continue
        (always, never), (always_es, never_es) = pair
        if answer.always == always:
            _translate(answer, "always", always_es, lead)
        if never and answer.never == never:
            _translate(answer, "never", never_es, lead)
