"""The tests' reading of a page: what a search finds, and the text as a person reads it."""

from __future__ import annotations

import pytest

from tests.html_page import Page

MARKUP = """<!doctype html>
<html lang="fr"><head><title>Accueil</title><style>p { color: red }</style></head>
<body>
  <!-- a comment nobody reads -->
  <p class="flash  flash-success" data-state-url="/state">Rôle   demandé
     pour <b>ABC</b> test.</p>
  <p class="flash-error" id="one">Erreur</p>
  <script>var shown = "never";</script>
  <template><p>later</p></template>
  <form id="f"><input name="csrf_token" value="t0k" type="hidden">
    <input name="ok" type="checkbox" checked>
    <select name="country">
      <option value="">--</option>
      <optgroup label="Europe"><option value="BE" selected>Belgique (BE)</option></optgroup>
    </select>
  </form>
</body></html>"""


@pytest.fixture
def page() -> Page:
    return Page(MARKUP)


def test_a_class_matches_by_one_of_its_words_or_whole(page):
    assert [p.text for p in page.find_all("p", class_="flash-success")] == [
        "Rôle demandé pour ABC test."
    ]
    assert len(page.find_all("p", class_="flash flash-success")) == 1  # two spaces as one
    assert page.find("p", class_="flash").attrs["class"] == "flash flash-success"
    assert len(page.find_all("p", class_="flash-")) == 0


def test_other_attributes_match_whole_and_true_means_present(page):
    assert page.find(id="one").text == "Erreur"
    assert page.find_all(id="on") == []
    assert page.find("p", data_state_url=True).attrs["data-state-url"] == "/state"
    assert len(page.find_all("p", data_state_url=True)) == 1


def test_the_text_leaves_out_what_nobody_reads(page):
    text = page.text
    assert "Rôle demandé pour ABC test. Erreur" in text
    for unseen in ("color: red", "never", "later", "comment"):
        assert unseen not in text
    assert text.startswith("Accueil")  # the title is text, as Beautiful Soup read it


def test_the_page_finds_its_html_element_an_element_only_what_is_inside(page):
    assert [e.tag for e in page.find_all("html")] == ["html"]
    form = page.find("form", id="f")
    assert form.find_all("form") == []
    assert [e.tag for e in form.find_all(["select", "input"])] == ["input", "input", "select"]
    select = form.find("select")
    assert [e.tag for e in select.find_all(recursive=False)] == ["option", "optgroup"]


def test_fields_values_and_options(page):
    assert page.csrf_token() == "t0k"
    assert page.is_checked("ok")
    assert page.find("input", name="ok").attrs["checked"] == "checked"  # written alone
    assert page.selected("country") == "BE"
    assert page.options("country") == [(None, "", "--"), ("Europe", "BE", "Belgique (BE)")]


def test_find_wants_exactly_one(page):
    with pytest.raises(AssertionError, match="3 <p"):  # a template's elements count
        page.find("p")
    with pytest.raises(AssertionError, match="0 <table"):
        page.find("table")


def test_an_empty_answer_is_an_empty_page():
    empty = Page("  ")
    assert empty.text == ""
    assert empty.find_all("p") == []
