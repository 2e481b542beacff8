"""Every surface reads answers through `assessments.disclosure`: this fails when a new one does not.

A module outside tests and migrations "reads answers" when it imports the answer models (`Response`,
`Consensus`), walks a round's responses, calls the scoring functions that build figures from answers,
or reads the cached scores column (`Administration.scores`). Each such module is listed here with the
reason; a module that shows what it reads must use `disclosure` (import it). A new surface that reads
answers without being listed fails below: route it through `results.results_for` (one round),
`Administration.shown_scores` or `disclosure.shown_value` (cached scores), or add it here with the
reason and the use of `disclosure` a reviewer can check. A stale entry fails too.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import cocreate

ROOT = Path(cocreate.__file__).parent
ANSWER_MODELS = {"Response", "Consensus"}
# A survey's answers: the responses, the answers, and which answers a theme holds (a theme's count).
SURVEY_ANSWER_MODELS = {"Response", "Answer", "AnswerTheme"}
READS = [
    (re.compile(r"KeyTransform\([^()]*\"scores\"\)"), "reads the cached scores column"),
    (re.compile(r"\.scores(\[|\.get\()"), "reads the cached scores"),
    (
        re.compile(r"\.responses\.(all|filter|values|values_list|only|exclude|aggregate|annotate)\("),
        "walks responses",
    ),
    (re.compile(r"\bscoring\.(results|spread|alignment)\("), "builds figures from answers"),
]

# Writers: they store answers and the cached scores (written through `disclosure.cached_results`), and
# show nothing themselves.
WRITERS = {
    "assessments/actions.py": "submits answers, records agreed values, writes the cached scores",
    "assessments/demo.py": "seeds the demo's rounds; picks the weakest item of a closed round to flag",
    "assessments/generate.py": "generates rounds for the benchmark; caches through disclosure.cached_results",
    "surveys/answering.py": "stores one person's answers (the public form and the API); shows nothing back",
    "surveys/builder.py": "counts responses (how many answered, pre-test answers) and deletes pre-test ones",
    "surveys/testing.py": "stores responses straight through the models for tests, the demo and the bench",
    "surveys/generate.py": "generates an organization's survey with responses for the benchmark",
    "surveys/demo.py": "seeds the demo's surveys; picks its written answers to give them themes",
    "surveys/themes.py": "gives answers to themes (writes AnswerTheme); shows nothing",
    "surveys/feedback.py": "links an answer or a theme to its feedback item; the text is the staff member's",
}
# Readers that show what they read: each goes through `disclosure`.
READERS = {
    "assessments/disclosure.py": "the module that decides",
    "assessments/results.py": "one round's results (page, charts, files, report, API) and trends",
    "assessments/views_run.py": "the consensus session's spreads and evidence",
    "surveys/results.py": "a survey's results (page, files, themes page) under disclosure.SurveyDisclosure",
    "planning/queries.py": "a goal's item scores in later rounds (disclosure.shown_value)",
    "support/queries/outcomes.py": "rounds' totals per month beside the dosage (disclosure.shown_value)",
    # Draws `MonthOutcomes.scores`, which support/queries/outcomes.py filled through disclosure.
    "support/charts.py": "charts the outcomes already decided by support/queries/outcomes.py",
}


def _modules() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
        and not path.name.startswith("test_")
    )


def reasons(path: Path) -> list[str]:
    """Why a module counts as reading answers (empty when it does not)."""
    source = path.read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            in_assessments = path.parent.name == "assessments" and node.level == 1 and module == "models"
            if module.endswith("assessments.models") or in_assessments:
                names = {alias.name for alias in node.names} & ANSWER_MODELS
                if names:
                    found.append(f"imports {', '.join(sorted(names))}")
            in_surveys = path.parent.name == "surveys" and node.level == 1 and module == "models"
            if module.endswith("surveys.models") or in_surveys:
                names = {alias.name for alias in node.names} & SURVEY_ANSWER_MODELS
                if names:
                    found.append(f"imports survey {', '.join(sorted(names))}")
    found += [why for pattern, why in READS if pattern.search(source)]
    return found


def test_every_module_that_reads_answers_is_known_and_goes_through_disclosure():
    listed = {**WRITERS, **READERS}
    unknown, undisclosed = [], []
    for path in _modules():
        name = path.relative_to(ROOT).as_posix()
        why = reasons(path)
        if not why:
            continue
        if name not in listed:
            unknown.append(f"{name}: {'; '.join(why)}")
        elif name in READERS and name not in ("assessments/disclosure.py", "support/charts.py"):
            if not re.search(r"\bdisclosure\b", path.read_text(encoding="utf-8")):
                undisclosed.append(name)
    assert not unknown, (
        "These modules read answers without going through assessments.disclosure:\n" + "\n".join(unknown)
    )
    assert not undisclosed, f"These modules show answers without assessments.disclosure: {undisclosed}"


def test_the_lists_are_not_stale():
    for name in {**WRITERS, **READERS}:
        path = ROOT / name
        assert path.exists(), f"{name} is listed but gone"
        assert reasons(path), f"{name} no longer reads answers: take it off the list"


def test_the_guard_catches_a_new_surface(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text(
        "from cocreate.assessments.models import Response\n"
        "def means(adm):\n"
        "    return [r.answers for r in Response.objects.filter(administration=adm)]\n"
    )
    assert reasons(sneaky) == ["imports Response"]
    cached = tmp_path / "cached.py"
    cached.write_text("def total(adm):\n    return adm.scores.get('total')\n")
    assert reasons(cached) == ["reads the cached scores"]
    survey = tmp_path / "survey.py"
    survey.write_text(
        "from cocreate.surveys.models import Answer\n"
        "def texts(s):\n"
        "    return list(Answer.objects.filter(survey=s).values_list('text', flat=True))\n"
    )
    assert reasons(survey) == ["imports survey Answer"]
