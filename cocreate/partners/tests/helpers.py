"""Partners for the cast's communities, made on demand (the cast itself stays small)."""

from cocreate.partners import actions
from cocreate.partners.models import EngagementArea, Partner, PartnerType


def riverside_parent(cast) -> Partner:
    """A parent with lived experience in Riverside (the same one however often it is asked for)."""
    partner = Partner.objects.filter(community=cast.community, email="ana@example.org").first()
    return partner or actions.do_create_partner(
        cast.community,
        name="Ana Ruiz",
        partner_type=PartnerType.COMMUNITY,
        lived_experience=True,
        email="ana@example.org",
        phone="555-0101",
        languages="Spanish, English",
    )


def area(community, key="co-creation") -> EngagementArea:
    return EngagementArea.objects.get(community=community, key=key)
