"""How a team works together, in the API: its current shared agreement, its decision log and its
meetings (read only), and deciding together: open a proposal, state my position, list the positions,
close it with the outcome (the writes of `cocreate/meetings/proposals.py`).

The rules are the pages' rules: everyone who sees a community reads these ("meeting.view"); a decision
kept to staff is listed for staff only. A decision taken by secret vote has counts only: no field of any
endpoint links a person to how they voted (nothing that could is stored), and while the vote is open
its counts are not shown at all. Only the people asked may state a position; staff open and close.
"""

from __future__ import annotations

from typing import cast

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from cocreate.accounts.models import User
from cocreate.core.concurrency import if_match_version
from cocreate.core.errors import WriteError
from cocreate.meetings import actions, proposals
from cocreate.meetings.access import access_decision, access_meeting, decisions_in, meetings_in
from cocreate.meetings.models import (
    ANSWER_COLUMNS,
    AgreementQuestion,
    AgreementVersion,
    Decision,
    Meeting,
    Method,
    Outcome,
    Participant,
    Position,
    Reply,
)
from cocreate.partners.models import Partner

from .errors import IF_MATCH
from .support import PersonRefSerializer
from .views import Pages, TenantScoped

# Serializers ------------------------------------------------------------------------------------------------


class SharedAgreementAnswerSerializer(serializers.Serializer):
    """The team's own words for one of the toolkit's questions."""

    question = serializers.ChoiceField(choices=AgreementQuestion.choices)
    question_label = serializers.CharField()
    always = serializers.CharField()
    sometimes = serializers.CharField()
    never = serializers.CharField()


class SharedAgreementSerializer(serializers.ModelSerializer):
    """The current published version of the shared agreement, every question in the toolkit's order."""

    answers = serializers.SerializerMethodField()
    acknowledgements = serializers.SerializerMethodField()

    class Meta:
        model = AgreementVersion
        fields = ["number", "published_at", "answers", "acknowledgements"]
        read_only_fields = fields

    @extend_schema_field(SharedAgreementAnswerSerializer(many=True))
    def get_answers(self, version: AgreementVersion) -> list[dict]:
        by_question = {a.question: a for a in version.answers.all()}
        return [
            {
                "question": q.value,
                "question_label": str(q.label),
                **{col: getattr(by_question.get(q.value), col, "") for col in ANSWER_COLUMNS},
            }
            for q in AgreementQuestion
        ]

    @extend_schema_field(serializers.IntegerField(help_text=_("How many team members have acknowledged it.")))
    def get_acknowledgements(self, version: AgreementVersion) -> int:
        return version.acknowledgement_count  # type: ignore[attr-defined]  # annotated by the view's queryset


class DecisionParticipantSerializer(serializers.ModelSerializer):
    """Someone who took part in an open decision, and where they stood."""

    name = serializers.CharField(read_only=True)

    class Meta:
        model = Participant
        fields = ["name", "partner", "user", "partner_type", "position", "reason", "resolution"]
        read_only_fields = fields


class SecretVoteCountsSerializer(serializers.Serializer):
    agree = serializers.IntegerField()
    stand_aside = serializers.IntegerField()
    object = serializers.IntegerField()


class DecisionSerializer(serializers.ModelSerializer):
    """A decision. For a secret vote, `votes` has the counts and `participants` is always empty; for an
    open decision, `votes` is null and `participants` says who stood where."""

    method_label = serializers.CharField(source="get_method_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    decider = PersonRefSerializer(read_only=True)
    votes = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    plan_actions = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "title",
            "proposal",
            "method",
            "method_label",
            "status",
            "status_label",
            "closes_at",
            "decider",
            "decided_on",
            "outcome",
            "outcome_label",
            "rationale",
            "secret_vote",
            "votes",
            "participants",
            "meeting",
            "plan_actions",
            "visible_to_community",
            "published",
        ]
        read_only_fields = fields

    @extend_schema_field(SecretVoteCountsSerializer(allow_null=True))
    def get_votes(self, decision: Decision) -> dict | None:
        if not decision.secret_vote or decision.tally_hidden:
            return None  # an open secret vote's counts are shown when it closes
        return {
            str(position): n for position, n in decision.vote_counts.items() if position != Position.BLOCK
        }

    @extend_schema_field(DecisionParticipantSerializer(many=True))
    def get_participants(self, decision: Decision) -> list[dict]:
        if decision.secret_vote:
            return []  # counts only, never who voted how
        rows = sorted(decision.participants.all(), key=lambda p: p.name.casefold())
        return DecisionParticipantSerializer(rows, many=True).data  # type: ignore[return-value]  # many=True gives a list; the stub says ReturnDict

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_plan_actions(self, decision: Decision) -> list[int]:
        return sorted(row.action_id for row in decision.action_rows.all())


class ReplySerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Reply
        fields = ["author", "text", "created_at"]
        read_only_fields = fields

    def get_author(self, reply: Reply) -> str:
        return reply.author.display_name if reply.author is not None else ""


class PositionSerializer(serializers.ModelSerializer):
    """Where one person asked stands on a proposal, who wrote it down, and the answers to her concern."""

    name = serializers.CharField(read_only=True)
    position_label = serializers.CharField(source="get_position_display", read_only=True)
    recorded_by = serializers.SerializerMethodField()
    resolved = serializers.BooleanField(source="is_resolved", read_only=True)
    replies = ReplySerializer(many=True, read_only=True)

    class Meta:
        model = Participant
        fields = [
            "id",
            "name",
            "partner",
            "user",
            "position",
            "position_label",
            "reason",
            "resolved",
            "resolution",
            "on_behalf",
            "recorded_by",
            "stated_at",
            "version",
            "replies",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_recorded_by(self, row: Participant) -> str | None:
        """Who wrote the position down (herself, or a lead on her behalf)."""
        return row.recorded_by.display_name if row.recorded_by is not None else None


class PositionsSerializer(serializers.Serializer):
    """The positions on one proposal. A secret vote lists none: only how many have voted."""

    secret_vote = serializers.BooleanField()
    asked = serializers.IntegerField()
    answered = serializers.IntegerField()
    not_answered = serializers.ListField(child=serializers.CharField())
    positions = PositionSerializer(many=True)


class StatePositionSerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=Position.choices)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class OpenProposalSerializer(serializers.Serializer):
    """A proposal to open. `asked` are person keys ("p12" for partner 12, "u7" for user 7); left out,
    the meeting's attendees (or the team who can sign in) are asked."""

    title = serializers.CharField(max_length=200)
    proposal = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    method = serializers.ChoiceField(choices=Method.choices)
    closes_at = serializers.DateTimeField()
    asked = serializers.ListField(child=serializers.CharField(), required=False)
    secret_vote = serializers.BooleanField(required=False, default=False)
    meeting = serializers.IntegerField(required=False, allow_null=True, default=None)
    decider = serializers.IntegerField(required=False, allow_null=True, default=None)


class CloseProposalSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    rationale = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")


class MeetingPersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    partner = serializers.IntegerField(source="partner_id", allow_null=True)
    user = serializers.IntegerField(source="user_id", allow_null=True)


class MeetingRoleHolderSerializer(MeetingPersonSerializer):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")


class MeetingAgendaItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    title = serializers.CharField()
    owner = serializers.CharField(source="owner_name")
    minutes = serializers.IntegerField(source="duration", allow_null=True)


class MeetingPrepSerializer(serializers.Serializer):
    met_with = serializers.CharField(source="prep_with")
    met_on = serializers.DateField(source="prep_on", allow_null=True)
    agenda_agreed = serializers.BooleanField(source="prep_agenda_agreed")
    accessibility = serializers.BooleanField(source="prep_accessibility")
    childcare = serializers.BooleanField(source="prep_childcare")
    interpretation = serializers.BooleanField(source="prep_interpretation")
    notes = serializers.CharField(source="prep_notes")


class MeetingDebriefSerializer(serializers.Serializer):
    worked = serializers.CharField(source="debrief_worked")
    change = serializers.CharField(source="debrief_change")
    follow_ups = serializers.CharField(source="debrief_follow_ups")


class MeetingSerializer(serializers.ModelSerializer):
    """A meeting: when and where, who is invited, who holds each role, the agenda in order, the prep
    before it, the minutes and debrief after it, and the decisions taken in it that you may read."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    attendees = serializers.SerializerMethodField()
    roles = MeetingRoleHolderSerializer(many=True, read_only=True)
    agenda = MeetingAgendaItemSerializer(source="agenda_items", many=True, read_only=True)
    prep = MeetingPrepSerializer(source="*", read_only=True)
    debrief = MeetingDebriefSerializer(source="*", read_only=True)
    decisions = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "online_link",
            "status",
            "status_label",
            "attendees",
            "roles",
            "agenda",
            "prep",
            "minutes",
            "debrief",
            "decisions",
        ]
        read_only_fields = fields

    @extend_schema_field(MeetingPersonSerializer(many=True))
    def get_attendees(self, meeting: Meeting) -> list[dict]:
        rows = sorted(meeting.attendees.all(), key=lambda a: a.name.casefold())
        return MeetingPersonSerializer(rows, many=True).data  # type: ignore[return-value]  # many=True gives a list; the stub says ReturnDict

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_decisions(self, meeting: Meeting) -> list[int]:
        return [d.pk for d in meeting.readable_decisions]  # type: ignore[attr-defined]  # prefetched by the view (to_attr)


# Views --------------------------------------------------------------------------------------------------------


def _decisions_with_people(qs):
    return qs.select_related("decider").prefetch_related(
        Prefetch("participants", Participant.objects.select_related("partner", "user")), "action_rows"
    )


def _meetings_with_people(qs, decisions):
    partners = Partner.objects.only("pk", "name")
    users = User.objects.only("pk", "name", "email")
    return qs.prefetch_related(
        Prefetch("attendees__partner", partners),
        Prefetch("attendees__user", users),
        Prefetch("roles__partner", partners),
        Prefetch("roles__user", users),
        Prefetch("agenda_items__owner_partner", partners),
        Prefetch("agenda_items__owner_user", users),
        Prefetch(
            "decisions", decisions.only("pk", "meeting_id").order_by("pk"), to_attr="readable_decisions"
        ),
    )


@extend_schema(tags=["meetings"])
class AgreementDetail(TenantScoped, generics.RetrieveAPIView):
    """The community's shared agreement as last published (404 until a first version is published)."""

    serializer_class = SharedAgreementSerializer
    read_action = "meeting.view"

    def get_object(self) -> AgreementVersion:
        version = actions.current_version(self.community)
        if version is None:
            raise Http404
        version.acknowledgement_count = version.acknowledgements.count()  # type: ignore[attr-defined]  # added to the instance for display
        return version


@extend_schema(tags=["meetings"])
class DecisionList(TenantScoped, generics.ListAPIView):
    """The community's decision log, newest first (staff also see decisions kept to staff)."""

    serializer_class = DecisionSerializer
    pagination_class = Pages
    read_action = "meeting.view"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        return _decisions_with_people(
            decisions_in(self.tenant, self.community).order_by("-decided_on", "-pk")
        )


@extend_schema(tags=["meetings"])
class DecisionDetail(TenantScoped, generics.RetrieveAPIView):
    serializer_class = DecisionSerializer
    read_action = "meeting.view"

    def get_object(self) -> Decision:
        decision = access_decision(self.tenant, self.community, self.kwargs["pk"])
        return _decisions_with_people(Decision.objects.filter(pk=decision.pk)).get()


@extend_schema(tags=["meetings"])
class MeetingList(TenantScoped, generics.ListAPIView):
    """The community's meetings, soonest first; ?when=upcoming or past (past ones latest first)."""

    serializer_class = MeetingSerializer
    pagination_class = Pages
    read_action = "meeting.view"

    @extend_schema(parameters=[OpenApiParameter("when", str, enum=["upcoming", "past"])])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Meeting.objects.none()
        qs = meetings_in(self.tenant, self.community)
        when = self.request.query_params.get("when")
        if when not in {None, "", "upcoming", "past"}:
            raise serializers.ValidationError({"when": _("Use upcoming or past.")})
        now = timezone.now()
        if when == "upcoming":
            qs = qs.filter(ends_at__gt=now).order_by("starts_at", "pk")
        elif when == "past":
            qs = qs.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
        else:
            qs = qs.order_by("starts_at", "pk")
        return _meetings_with_people(qs, decisions_in(self.tenant, self.community))


@extend_schema(tags=["meetings"])
class MeetingDetail(TenantScoped, generics.RetrieveAPIView):
    serializer_class = MeetingSerializer
    read_action = "meeting.view"

    def get_object(self) -> Meeting:
        meeting = access_meeting(self.tenant, self.community, self.kwargs["pk"])
        decisions = decisions_in(self.tenant, self.community)
        return _meetings_with_people(Meeting.objects.filter(pk=meeting.pk), decisions).get()


# Deciding together ---------------------------------------------------------------------------------------------


def _one(decision: Decision) -> Decision:
    return _decisions_with_people(Decision.objects.filter(pk=decision.pk)).get()


@extend_schema(tags=["meetings"])
class ProposalOpen(TenantScoped, generics.GenericAPIView):
    """Open a proposal for positions (staff). The people asked are told."""

    serializer_class = OpenProposalSerializer
    read_action = write_action = "meeting.change"

    @extend_schema(request=OpenProposalSerializer, responses={201: DecisionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        incoming = OpenProposalSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        community = self.community
        meeting = None
        if data["meeting"] is not None:
            meeting = Meeting.objects.filter(community=community, pk=data["meeting"]).first()
            if meeting is None:
                raise serializers.ValidationError(
                    {"meeting": [_("Only a meeting of this community can be linked.")]}
                )
        decider = None
        if data["decider"] is not None:
            decider = actions_decider(community, data["decider"])
        people = proposals.people_to_ask(community)
        asked = data.get("asked")
        if asked is None:
            asked = proposals.default_asked(community, meeting, people)
        decision = proposals.do_open_proposal(
            community,
            acting_user=cast(User, request.user),
            people=people,
            details=proposals.ProposalDetails(
                title=data["title"],
                proposal=data["proposal"],
                method=data["method"],
                closes_at=data["closes_at"],
                asked=asked,
                secret_vote=data["secret_vote"],
                decider=decider,
                meeting=meeting,
            ),
        )
        return Response(DecisionSerializer(_one(decision)).data, status=status.HTTP_201_CREATED)


def actions_decider(community, pk: int) -> User:
    from cocreate.meetings.access import decider_choices

    user = decider_choices(community).filter(pk=pk).first()
    if user is None:
        raise serializers.ValidationError({"decider": [_("Choose a member of this community.")]})
    return user


def _open(view: TenantScoped, pk: int, action: str = "meeting.view") -> Decision:
    decision = access_decision(view.tenant, view.community, pk, action)
    if not decision.is_open:
        raise WriteError(_("This proposal is closed: the decision has been recorded."))
    return decision


@extend_schema(tags=["meetings"])
class PositionState(TenantScoped, generics.GenericAPIView):
    """State my own position on an open proposal, or change it (only the people asked; 403 otherwise).
    In a secret vote this casts my ballot, once, and answers 204: nothing says how I voted."""

    serializer_class = StatePositionSerializer
    read_action = write_action = "meeting.view"

    @extend_schema(
        request=StatePositionSerializer, responses={200: PositionSerializer, 204: None}, parameters=[IF_MATCH]
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        decision = _open(self, kwargs["pk"])
        incoming = StatePositionSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        row = proposals.do_state_position(
            decision,
            acting_user=cast(User, request.user),
            position=incoming.validated_data["position"],
            reason=incoming.validated_data["reason"],
            version=if_match_version(request),
        )
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        row = Participant.objects.select_related("partner", "user", "recorded_by").get(pk=row.pk)
        return Response(PositionSerializer(row).data, headers={"ETag": f'"{row.version}"'})


@extend_schema(tags=["meetings"])
class PositionList(TenantScoped, generics.GenericAPIView):
    """Who was asked on a proposal and where each stands (a secret vote: only how many have voted)."""

    serializer_class = PositionsSerializer
    read_action = "meeting.view"

    def get(self, request: Request, *args, **kwargs) -> Response:
        decision = access_decision(self.tenant, self.community, kwargs["pk"])
        record = proposals.proposal_record(decision, cast(User, request.user))
        answered = {p.person_key for p in record.positions}
        body = {
            "secret_vote": decision.secret_vote,
            "asked": len(record.asked),
            "answered": record.voted if decision.secret_vote else len(record.positions),
            "not_answered": []
            if decision.secret_vote
            else [a.name for a in record.asked if a.key not in answered],
            "positions": [] if decision.secret_vote else PositionSerializer(record.positions, many=True).data,
        }
        return Response(body)


@extend_schema(tags=["meetings"])
class ProposalClose(TenantScoped, generics.GenericAPIView):
    """Close an open proposal with its outcome and rationale (staff). With consent or consensus it is
    refused (400) as adopted while an objection or block stands. Closing again returns the decision."""

    serializer_class = CloseProposalSerializer
    read_action = write_action = "meeting.change"

    @extend_schema(request=CloseProposalSerializer, responses={200: DecisionSerializer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        decision = access_decision(self.tenant, self.community, kwargs["pk"], "meeting.change")
        incoming = CloseProposalSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        decision = proposals.do_close_proposal(
            decision, acting_user=cast(User, request.user), **incoming.validated_data
        )
        return Response(DecisionSerializer(_one(decision)).data)
