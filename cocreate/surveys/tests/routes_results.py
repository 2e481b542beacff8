"""Survey results pages in the permission matrix: a Riverside survey (everyone in Riverside and the
organization-wide roles see it; Lakeview's lead cannot even see it) and an organization's survey
(every member sees it; analysing, "you said, we did" and files need an organization-wide role)."""

from cocreate.testing.routes import ORG_MEMBERS, Route

from ..models import Answer, Theme
from .factories_results import cast_survey

COMMUNITY_VIEW = ORG_MEMBERS - {"other_community_lead"}
HIDDEN = frozenset({"other_community_lead"})
ANALYSE = frozenset({"admin", "practitioner", "lead", "evaluator"})
FEEDBACK = frozenset({"admin", "practitioner", "lead"})
EXPORT = frozenset({"admin", "practitioner", "lead", "funder", "evaluator"})
ORG_ANALYSE = frozenset({"admin", "evaluator"})
ORG_FEEDBACK = frozenset({"admin"})
ORG_EXPORT = frozenset({"admin", "funder", "evaluator"})


def _base(c, org_wide):
    s = cast_survey(c, org_wide=org_wide)
    if org_wide:
        return f"/o/{c.org.slug}/surveys/{s.pk}/results/"
    return f"/o/{c.org.slug}/c/{c.community.slug}/surveys/{s.pk}/results/"


def _text_question(c, org_wide):
    return cast_survey(c, org_wide=org_wide).questions.get(key="text")


def _theme(c, org_wide):
    s = cast_survey(c, org_wide=org_wide)
    return Theme.objects.filter(survey=s).first() or Theme.objects.create(
        organization=c.org, survey=s, question=_text_question(c, org_wide), name="Timing"
    )


def _answer(c, org_wide):
    return Answer.objects.filter(survey=cast_survey(c, org_wide=org_wide)).exclude(text="").first()


def _routes(org_wide):
    view, hidden = (ORG_MEMBERS, frozenset()) if org_wide else (COMMUNITY_VIEW, HIDDEN)
    analyse, feedback, export = (
        (ORG_ANALYSE, ORG_FEEDBACK, ORG_EXPORT) if org_wide else (ANALYSE, FEEDBACK, EXPORT)
    )

    def base(c):
        return _base(c, org_wide)

    return [
        Route("surveys:results", base, view, hidden),
        Route("surveys:results_csv", lambda c: base(c) + "export.csv", export, hidden),
        Route("surveys:results_xlsx", lambda c: base(c) + "export.xlsx", export, hidden),
        Route(
            "surveys:themes",
            lambda c: f"{base(c)}questions/{_text_question(c, org_wide).pk}/themes/",
            analyse,
            hidden,
        ),
        Route(
            "surveys:theme_create",
            lambda c: f"{base(c)}questions/{_text_question(c, org_wide).pk}/themes/new/",
            analyse,
            hidden,
            method="post",
            data=lambda c: {"new-name": f"Theme {Theme.objects.count()}", "new-summary": "A line"},
            allowed_status=302,
        ),
        Route("surveys:theme_edit", lambda c: f"{base(c)}themes/{_theme(c, org_wide).pk}/", analyse, hidden),
        Route(
            "surveys:theme_delete",
            lambda c: f"{base(c)}themes/{_theme(c, org_wide).pk}/delete/",
            analyse,
            hidden,
            method="post",
            data=lambda c: {},
            allowed_status=302,
        ),
        Route(
            "surveys:feedback_theme",
            lambda c: f"{base(c)}themes/{_theme(c, org_wide).pk}/feedback/",
            feedback,
            hidden,
        ),
        Route(
            "surveys:feedback_answer",
            lambda c: f"{base(c)}answers/{_answer(c, org_wide).pk}/feedback/",
            feedback,
            hidden,
        ),
    ]


ROUTES = _routes(False) + _routes(True)
