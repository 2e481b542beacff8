"""Assessments in the API: rounds and their results, answering one's own invitation, the instrument library.

The rules are the pages' rules: everyone in a community reads its results (aggregates, never who gave
which answer); answering needs an invitation (anyone else gets the same 404 as for a missing round);
the instrument library is for staff and evaluators. Texts that come from an instrument are given in the
request's language (Accept-Language), falling back to English; the full definition endpoint gives every
language.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.assessments import actions
from cocreate.assessments.access import (
    access_administration,
    access_invitee,
    access_version,
    administrations_in,
)
from cocreate.assessments.instruments import definition_of
from cocreate.assessments.models import (
    Administration,
    AdministrationStatus,
    InstrumentVersion,
    Item,
    Section,
    VersionStatus,
)
from cocreate.assessments.results import results_for
from cocreate.assessments.text import FALLBACK, pick

from .views import Pages, TenantScoped

# Serializers ------------------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": "One text per language code, for example {'en': '...', 'es': '...'}.",
    },
    component_name="LocalizedText",
)
class LocalizedTextField(serializers.DictField):
    """Instrument text as stored: every language it has."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.CharField(), **kwargs)


@extend_schema_field(
    {"type": "string", "enum": AdministrationStatus.values, "description": "open, consensus or closed"},
    component_name="AdministrationStatus",
)
class AdministrationStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=AdministrationStatus.choices, **kwargs)


@extend_schema_field(
    {"type": "string", "enum": VersionStatus.values, "description": "draft, published or retired"},
    component_name="VersionStatus",
)
class VersionStatusField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=VersionStatus.choices, **kwargs)


class ScoresSerializer(serializers.Serializer):
    total = serializers.FloatField(allow_null=True, help_text=_("In the unit of the instrument's scoring."))
    sections = serializers.DictField(child=serializers.FloatField(allow_null=True))
    agreed = serializers.IntegerField(help_text=_("How many items have a value the team agreed."))


class AdministrationSerializer(serializers.ModelSerializer):
    """One round of an instrument in a community, with its cached scores."""

    version = serializers.IntegerField(source="version_id", read_only=True)
    version_number = serializers.IntegerField(source="version.number", read_only=True)
    instrument_name = serializers.SerializerMethodField()
    instrument_name_en = serializers.SerializerMethodField()
    status = AdministrationStatusField(read_only=True)
    invited_count = serializers.IntegerField(read_only=True)
    scores = serializers.SerializerMethodField()

    class Meta:
        model = Administration
        fields = [
            "id",
            "instrument_key",
            "instrument_name",
            "instrument_name_en",
            "version",
            "version_number",
            "title",
            "stage",
            "status",
            "due_on",
            "anonymous",
            "opened_at",
            "closed_at",
            "response_count",
            "invited_count",
            "scores",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_instrument_name(self, adm: Administration) -> str:
        return pick(adm.version.name)

    @extend_schema_field(serializers.CharField())
    def get_instrument_name_en(self, adm: Administration) -> str:
        return pick(adm.version.name, FALLBACK)

    @extend_schema_field(ScoresSerializer)
    def get_scores(self, adm: Administration) -> dict:
        # Only what `assessments.disclosure` lets through: null while the round collects answers (a
        # before/after comparison would give the newest answer away) and from fewer than three people.
        shown = adm.shown_scores
        return {"total": shown.total, "sections": shown.sections, "agreed": shown.agreed}


class SectionResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    below_target = serializers.BooleanField()


class ItemResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    section = serializers.CharField(help_text=_("The key of the item's section."))
    text = serializers.CharField()
    value = serializers.FloatField(
        allow_null=True, help_text=_("The agreed value, else the mean of the individual answers.")
    )
    agreed = serializers.BooleanField()
    score = serializers.FloatField(allow_null=True)
    below_target = serializers.BooleanField()
    withheld = serializers.BooleanField(
        help_text=_(
            "The figures built from individual answers are not shown: fewer than three people answered the "
            "item, or the round is still collecting answers. An agreed value is shown all the same."
        )
    )


class PerspectiveNumbersSerializer(serializers.Serializer):
    professional = serializers.FloatField(allow_null=True)
    lived = serializers.FloatField(allow_null=True)


class PerspectiveSizesSerializer(serializers.Serializer):
    professional = serializers.IntegerField(allow_null=True)
    lived = serializers.IntegerField(allow_null=True)


class AlignmentSerializer(serializers.Serializer):
    """One paired item: each perspective's answers as a percent of the top of the scale."""

    item = serializers.CharField()
    text = serializers.CharField()
    shares = PerspectiveNumbersSerializer(
        help_text=_(
            "Empty (null) for a group of fewer than three people and for every group beside it, so nobody "
            "is singled out."
        )
    )
    sizes = PerspectiveSizesSerializer(help_text=_("People per group; null for one or two."))
    gap = serializers.FloatField(allow_null=True, help_text=_("Percentage points between the perspectives."))
    flagged = serializers.BooleanField(help_text=_("The perspectives differ enough to talk about it."))


class AdministrationDetailSerializer(AdministrationSerializer):
    """A round's results: per section and item, and, for paired instruments, the alignment."""

    target = serializers.FloatField(source="version.target", allow_null=True, read_only=True)
    scoring = serializers.CharField(source="version.scoring", read_only=True)
    sections = SectionResultSerializer(source="result_sections", many=True, read_only=True)
    items = ItemResultSerializer(source="result_items", many=True, read_only=True)
    alignment = AlignmentSerializer(
        source="result_alignment",
        many=True,
        read_only=True,
        allow_null=True,
        help_text=_("Paired instruments only (null otherwise)."),
    )

    class Meta(AdministrationSerializer.Meta):
        fields = [
            *AdministrationSerializer.Meta.fields,
            "scoring",
            "target",
            "sections",
            "items",
            "alignment",
        ]
        read_only_fields = fields


class ResponseInSerializer(serializers.Serializer):
    """Your answers to a round you were invited to. Every item needs an answer on the scale."""

    answers = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("One value of the scale per item key.")
    )
    evidence = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000),
        required=False,
        default=dict,
        help_text=_("What shows it, per item key (optional)."),
    )
    dont_know = serializers.ListField(
        child=serializers.CharField(max_length=60),
        required=False,
        default=list,
        help_text=_("Item keys answered “I don't know” (only items that offer it; counted, not scored)."),
    )
    reflections = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000),
        required=False,
        default=dict,
        help_text=_("Answers to the instrument's reflection prompts, per prompt key (optional)."),
    )
    anonymous = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Keep no link between you and these answers (always so in an anonymous round)."),
    )


class ResponseOutSerializer(serializers.Serializer):
    administration = serializers.IntegerField()
    anonymous = serializers.BooleanField()
    response_count = serializers.IntegerField()


class InstrumentSerializer(serializers.ModelSerializer):
    """The published version of an instrument of the library (built in, or the organization's own)."""

    key = serializers.CharField(source="instrument.key", read_only=True)
    name = serializers.SerializerMethodField()
    name_en = serializers.SerializerMethodField()
    builtin = serializers.BooleanField(source="instrument.is_builtin", read_only=True)
    target = serializers.FloatField(allow_null=True, read_only=True)
    section_count = serializers.IntegerField(read_only=True)
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = InstrumentVersion
        fields = [
            "id",
            "key",
            "name",
            "name_en",
            "number",
            "builtin",
            "kind",
            "scoring",
            "target",
            "paired",
            "section_count",
            "item_count",
            "published_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_name(self, version: InstrumentVersion) -> str:
        return pick(version.name)

    @extend_schema_field(serializers.CharField())
    def get_name_en(self, version: InstrumentVersion) -> str:
        return pick(version.name, FALLBACK)


class ScalePointSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    label = LocalizedTextField()  # type: ignore[assignment]  # a declared field; the stub sees Field.label
    description = LocalizedTextField()


class PromptSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = LocalizedTextField()


class ItemDefinitionSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = LocalizedTextField()
    guidance = LocalizedTextField()
    evidence_prompt = LocalizedTextField()
    wordings = serializers.DictField(
        child=LocalizedTextField(),
        help_text=_(
            "Other wordings beside the common text: per perspective in paired instruments (lived), and "
            "the plain-language one partners read first (plain)."
        ),
    )


class SectionDefinitionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = LocalizedTextField()
    description = LocalizedTextField()
    artifacts_prompt = LocalizedTextField()
    items = ItemDefinitionSerializer(many=True)


class InstrumentDefinitionSerializer(serializers.Serializer):
    """A whole version as the respondents saw it, in every language it has."""

    id = serializers.IntegerField()
    number = serializers.IntegerField()
    status = VersionStatusField()
    builtin = serializers.BooleanField()
    published_at = serializers.DateTimeField(allow_null=True)
    key = serializers.CharField()
    kind = serializers.CharField()
    scoring = serializers.CharField()
    target = serializers.FloatField(allow_null=True)
    paired = serializers.BooleanField()
    adaptable = serializers.BooleanField(allow_null=True)
    name = LocalizedTextField()
    description = LocalizedTextField(allow_null=True)
    scale = ScalePointSerializer(many=True)
    reflection_prompts = PromptSerializer(many=True, allow_null=True)
    sections = SectionDefinitionSerializer(many=True)


# Views ------------------------------------------------------------------------------------------------------


def _count(model, **filters):
    """A correlated COUNT subquery (no join fan-out in the outer query)."""
    return Coalesce(
        Subquery(
            model.objects.filter(**filters)
            .order_by()
            .values("version_id")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        ),
        0,
    )


@extend_schema(tags=["assessments"])
class AdministrationList(TenantScoped, generics.ListAPIView):
    """The community's assessment rounds, newest first, with their cached scores."""

    serializer_class = AdministrationSerializer
    pagination_class = Pages
    read_action = "assessment.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Administration.objects.none()
        return (
            administrations_in(self.tenant, self.community)
            .select_related("version")
            .annotate(invited_count=Count("invitees"))
            .order_by("-opened_at", "-pk")
        )


@extend_schema(tags=["assessments"])
class AdministrationDetail(TenantScoped, generics.RetrieveAPIView):
    """One round's results: scores per section and item, the target and, for paired instruments, how
    the professional and lived-experience answers line up. Never who gave which answer."""

    serializer_class = AdministrationDetailSerializer
    read_action = "assessment.view"

    def get_object(self) -> Administration:
        adm = access_administration(self.tenant, self.community, self.kwargs["pk"])
        annotate_results(adm)
        return adm


def annotate_results(adm: Administration) -> None:
    """Attach the results the detail serializer reads, computed as the results page computes them.

    `results_for` has applied `assessments.disclosure` already: withheld figures are null, as on the page.
    """
    r = results_for(adm)
    withheld = r.scores_withheld
    adm.invited_count = adm.invitees.count()  # type: ignore[attr-defined]  # added to the instance for display
    adm.result_sections = [  # type: ignore[attr-defined]  # added to the instance for display
        {
            "key": row.section.key,
            "title": row.title,
            "score": None if withheld else row.score,
            "below_target": not withheld and row.below,
        }
        for row in r.sections
    ]
    adm.result_items = [  # type: ignore[attr-defined]  # added to the instance for display
        {
            "key": row.item.key,
            "section": row.item.section.key,
            "text": row.text,
            "value": None if withheld or row.value is None else round(row.value, 2),
            "agreed": row.agreed,
            "score": None if withheld else row.score,
            "below_target": not withheld and row.below,
            "withheld": row.withheld,
        }
        for row in r.items
    ]
    adm.result_alignment = (  # type: ignore[attr-defined]  # added to the instance for display
        None
        if r.alignment is None
        else [
            {
                "item": row.item.item.key,
                "text": row.item.text,
                "shares": row.shares,
                "sizes": row.sizes,
                "gap": row.gap,
                "flagged": row.flagged,
            }
            for row in r.alignment
        ]
    )


@extend_schema(tags=["assessments"])
class ResponseCreate(TenantScoped, generics.GenericAPIView):
    """Send your own answers to a round you were invited to (once; they cannot be changed after)."""

    serializer_class = ResponseInSerializer
    # Answering is by invitation, not by role: anyone who sees the community gets this far, and then
    # only the people invited to the round find it (everyone else: 404, as for a missing round).
    read_action = write_action = "assessment.view"

    @extend_schema(
        request=ResponseInSerializer,
        responses={201: ResponseOutSerializer},
        description=(
            "Every item asked of you needs a value on the instrument's scale, or its key in 'dont_know' "
            'where the item offers "I don\'t know". Items of sections the round does not ask of your '
            "perspective are left out. Bad or missing answers give 400 with a "
            "message per item key under 'answers'; a round no longer collecting answers, or a second "
            "submission, gives 400 with 'non_field_errors'."
        ),
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        adm = access_administration(self.tenant, self.community, kwargs["pk"])
        invitee = access_invitee(self.tenant, adm)
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            response = actions.do_submit_response(
                invitee,
                answers=data["answers"],
                dont_know=data["dont_know"],
                evidence=data["evidence"],
                reflections=data["reflections"],
                language=get_language() or "",
                anonymous=data["anonymous"],
            )
        except DjangoValidationError as error:
            body: dict[str, Any]
            if hasattr(error, "error_dict"):
                body = {"answers": error.message_dict}
            else:
                body = {"non_field_errors": error.messages}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(
            ResponseOutSerializer(
                {
                    "administration": adm.pk,
                    "anonymous": response.respondent_id is None,
                    "response_count": invitee.administration.response_count,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )


class LibraryScoped(TenantScoped):
    """The organization's instrument library: staff and evaluators anywhere in it (403 for others)."""

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        # Team leads hold their role in a community: reading the library is theirs too.
        if not self.tenant.can_anywhere("instrument.view"):
            raise PermissionDenied


@extend_schema(tags=["instruments"])
class InstrumentList(LibraryScoped, generics.ListAPIView):
    """The instruments a round can be opened with: the built-in ones and the organization's own, each
    at its published version."""

    serializer_class = InstrumentSerializer
    pagination_class = Pages

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return InstrumentVersion.objects.none()
        return (
            InstrumentVersion.objects.filter(status=VersionStatus.PUBLISHED)
            .filter(
                Q(instrument__organization__isnull=True)
                | Q(instrument__organization=self.tenant.organization)
            )
            .select_related("instrument")
            .annotate(
                section_count=_count(Section, version=OuterRef("pk")),
                item_count=_count(Item, version=OuterRef("pk")),
            )
            .order_by("instrument__key", "instrument__organization_id", "pk")
        )


@extend_schema(tags=["instruments"])
class InstrumentDetail(LibraryScoped, generics.RetrieveAPIView):
    """A version's full definition, in every language it has: the one a round was answered with, too."""

    serializer_class = InstrumentDefinitionSerializer

    def get_object(self) -> dict:
        version = access_version(self.tenant, self.kwargs["pk"])
        return {
            **definition_of(version),
            "id": version.pk,
            "number": version.number,
            "status": version.status,
            "builtin": version.instrument.is_builtin,
            "published_at": version.published_at,
        }
