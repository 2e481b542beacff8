"""The ignite talk's speaking time: 150 words a minute, 15 s a slide, 5 minutes in all."""

from django.utils import translation

from cocreate.worksheets import ignite, kinds, seeding

from .kinds_helpers import riverside_sheet


def test_it_counts_words_and_seconds_at_150_a_minute():
    assert ignite.word_count("I felt alone — and afraid, didn't I?") == 7
    assert ignite.seconds_for(150) == 60
    assert ignite.seconds_for(37) < 15 < ignite.seconds_for(38)


def test_it_flags_long_short_and_empty_slides_and_the_total():
    rows = [{"words": "word " * 40}, {"words": "word " * 10}, {"words": ""}, {"words": "word " * 30}]
    talk = ignite.talk_time(rows)
    assert [s.status for s in talk.slides] == ["long", "short", "empty", "ok"]
    assert talk.words == 80 and talk.seconds == 32 and talk.over_seconds == 0
    long_talk = ignite.talk_time([{"words": "word " * 45}] * 20)
    assert long_talk.seconds == 360 and long_talk.over_seconds == 60 and long_talk.minutes == "6:00"


def test_the_panel_shows_under_the_slides_step_in_spanish(cast, django_assert_num_queries):
    ws = riverside_sheet(cast, "ignite")
    slides = ws.content["slides"]["slides"]
    slides[0]["words"] = "palabra " * 50
    seeding.save_step(ws, "slides", {"slides": slides}, acting_user=cast.partner)
    ws.refresh_from_db()
    ws.template_version  # noqa: B018  # the engine loads it with the worksheet
    with django_assert_num_queries(0):
        (panel,) = kinds.extras(ws, "slides", tenant=None)
    assert kinds.extras(ws, "story", tenant=None) == []
    from django.template.loader import render_to_string

    with translation.override("es"):
        html = render_to_string(panel.template, {"extra": panel.context})
    assert "Tiempo para hablar" in html and "150" in html
    assert 'class="ignite-slide is-long"' in html
