from django.urls import reverse

from cocreate.lib.urls import page_reverser


def test_it_reverses_each_target_once_per_page(monkeypatch):
    calls = []

    def counting_reverse(name, args=()):
        calls.append((name, args))
        return reverse(name, args=args)

    monkeypatch.setattr("cocreate.lib.urls.reverse", counting_reverse)
    url = page_reverser()
    links = [url("planning:goal", "sic", "riverside", pk) for pk in (7, 8, 7, 7, 8)]
    assert links[0] == "/o/sic/c/riverside/planning/goals/7/" == links[2]
    assert links[1] == "/o/sic/c/riverside/planning/goals/8/"
    assert len(calls) == 2
    assert page_reverser()("planning:goal", "sic", "riverside", 7) == links[0]  # a new page asks again
    assert len(calls) == 3
