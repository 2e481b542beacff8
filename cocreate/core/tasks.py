"""Background work for tenancy: emails go out after the transaction commits, through the task queue."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import Invitation


@task()
def send_invitation_email(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("organization", "community", "invited_by").get(
        pk=invitation_id
    )
    context = {
        "invitation": invitation,
        "link": settings.SITE_URL + invitation.get_absolute_url(),
        "place": invitation.community or invitation.organization,
    }
    # The expiry date as the organization's calendar has it.
    with translation.override(invitation.language), timezone.override(invitation.organization.time_zone):
        subject = render_to_string("core/email/invitation_subject.txt", context).strip()
        body = render_to_string("core/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
