"""Background work for assessments: invitation emails go out after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import Administration
from .text import pick


@task()
def send_assessment_invitations(administration_id: int, user_ids: list[int]) -> None:
    """Email each new invitee the link to answer, in their own language."""
    adm = Administration.objects.select_related("organization", "community", "version").get(
        pk=administration_id
    )
    invitees = adm.invitees.filter(user_id__in=user_ids).select_related("user")
    link = settings.SITE_URL + adm.get_absolute_url() + "answer/"
    for invitee in invitees:
        user = invitee.user
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "administration": adm,
                "instrument_name": pick(adm.version.name, language),
                "link": link,
                "user": user,
            }
            subject = render_to_string("assessments/email/invitation_subject.txt", context).strip()
            body = render_to_string("assessments/email/invitation_body.txt", context)
        send_mail(subject, body, None, [user.email])
