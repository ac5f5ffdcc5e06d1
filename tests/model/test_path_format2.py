"""Path format 2: links on items, multi-line text, optional items, choice groups,
a baseline worked out from the items, and errors that count like people."""

from __future__ import annotations

from pathlib import Path

import pytest

from path_support import V2, builtin_path
from pathtui.errors import PathFileError
from pathtui.model.estimate import estimate
from pathtui.model.pathparse import parse_path
from pathtui.model.plan import count_note, first_open, not_picked, step_plan


def v2(text: str = V2) -> object:
    return parse_path(text, "langs.toml")


def error(text: str) -> str:
    with pytest.raises(PathFileError) as info:
        parse_path(text, "langs.toml")
    message = str(info.value)
    assert message.startswith("Path file langs.toml") and "\n" not in message
    return message


# --------------------------------------------------------------------------- loading


def test_links_descriptions_optional_and_choices_load() -> None:
    path = v2()
    step = path.steps[0]
    intro, go, python, rust, bonus = step.items
    assert [(r.title, r.url) for r in intro.links] == [
        ("One", "https://example.org/1"),
        ("Two", "http://example.org/2"),
    ]
    assert intro.description == (
        "First paragraph, with two lines\nthat stay together.\n\n- a list item\n- another   one"
    )
    assert bonus.optional and not intro.optional
    assert [c.id for c in step.choices] == ["first-language"]
    assert step.choices[0].options == ("go", "python", "rust")
    assert go.choice == python.choice == rust.choice == "first-language"


def test_control_characters_in_a_description_are_shown_not_obeyed() -> None:
    text = V2.replace("that stay together.", "that \\u001b[31mstay\\u0007 together.")
    desc = v2(text).steps[0].items[0].description
    assert "\x1b" not in desc and "\x07" not in desc
    assert "␛[31mstay␇ together." in desc and "\n\n- a list item" in desc


def test_schema_1_keeps_descriptions_on_one_line_and_refuses_new_keys() -> None:
    one = V2.replace("schema = 2", "schema = 1")
    message = error(one)
    assert "needs schema = 2" in message
    plain = (
        'schema = 1\nid = "x"\ntitle = "X"\n[baseline]\nhours_per_week = 10\nweeks = [1, 9]\n'
        '[[steps]]\nid = "s"\nnumber = 1\ntitle = "S"\ngoal = "G"\n'
        '[[steps.items]]\nid = "a"\ntitle = "A"\nhours = [1, 2]\ndescription = "one\\ntwo"\n'
    )
    path = parse_path(plain, "plain.toml")
    assert path.steps[0].items[0].description == "one␊two"
    assert path.baseline.weeks == (1.0, 9.0), "schema 1 baselines load as they always did"


# --------------------------------------------------------------------------- counting


def test_before_a_choice_the_group_weighs_one_average_option() -> None:
    path = v2()
    # intro 10-20, one average option (10+20+0)/3=10 - (40+20+60)/3=40, build 10-20
    assert path.steps[0].hours == (20.0, 60.0)
    assert path.hours == (30.0, 80.0)
    est = estimate(path, {}, 10)
    assert est.items_total == 3  # intro, one open pick, build-it; the optional one is out
    assert est.hours_left == (30.0, 80.0) == est.hours_total
    assert est.steps[0].total == 2
    assert est.next_item_id == "intro"


def test_once_chosen_the_other_options_no_longer_count() -> None:
    path = v2()
    states = {"intro": "done", "python": "learning"}
    est = estimate(path, states, 10)
    assert est.items_total == 3
    assert est.steps[0].done == 1 and est.steps[0].total == 2
    assert est.hours_left == (20.0, 40.0)  # python 10-20 + build 10-20
    assert est.hours_total == (30.0, 60.0)
    assert est.next_item_id == "python"
    states["python"] = "done"
    est = estimate(path, states, 10)
    assert est.current_step.number == 2, "go and rust are not work left in step 1"
    assert est.percent == round(2 / 3 * 100, 1)


def test_options_left_aside_are_named_and_the_count_says_why_it_differs_from_the_rows() -> None:
    step = v2().steps[0]  # rows: intro, go, python, rust, bonus (optional)
    assert not_picked(step, {}) == frozenset()
    assert count_note(step, {}) == "3 options count as 1 · 1 optional"
    states = {"intro": "done", "python": "learning"}
    assert not_picked(step, states) == {"go", "rust"}
    assert count_note(step, states) == "2 not picked · 1 optional"
    assert step_plan(step, states).total == 2  # 5 rows = 2 counted + 2 not picked + 1 optional
    assert not_picked(step, {"go": "learning", "rust": "done"}) == {"python"}


def test_picking_more_than_asked_counts_every_pick() -> None:
    path = v2()
    est = estimate(path, {"go": "learning", "rust": "done"}, 10)
    assert est.steps[0].total == 3 and est.steps[0].done == 1
    assert est.hours_left == (40.0, 80.0)  # intro 10-20, go 20-40, build 10-20; rust is done
    assert est.hours_total == (40.0, 140.0)


def test_optional_items_count_toward_nothing() -> None:
    path = v2()
    with_bonus = estimate(path, {"bonus": "done"}, 10)
    assert with_bonus.items_done == 0 and with_bonus.hours_left == (30.0, 80.0)


def test_the_first_open_item_of_an_unpicked_group_is_an_option() -> None:
    path = v2()
    assert first_open(path.steps[0], {"intro": "done"}).id == "go"
    plan = step_plan(path.steps[0], {"intro": "done"})
    assert plan.open_slots == 1 and plan.total == 2


def test_the_built_in_path_has_its_two_choices_and_still_adds_up() -> None:
    path = builtin_path()
    basics, servers = path.steps[0], path.steps[3]
    assert [(c.id, c.choose, len(c.options)) for c in basics.choices] == [
        ("basics-first-language", 1, 2)
    ]
    assert [(c.id, c.choose, len(c.options)) for c in servers.choices] == [("servers-focus", 1, 4)]
    assert path.hours == (390.0, 1040.0)
    # whatever is picked, the totals hold: every option of a group weighs the same
    for option in basics.choices[0].options + servers.choices[0].options:
        assert estimate(path, {option: "learning"}, 10).hours_left == (390.0, 1040.0)
    # ids learners already have progress on are still there
    assert path.find("basics-language") and path.find("servers-specialize")


# --------------------------------------------------------------------------- baseline


def test_weeks_may_be_left_out_and_are_worked_out() -> None:
    path = v2(V2.replace("weeks = [3, 8]\n", ""))
    assert path.baseline.weeks == (3.0, 8.0)


def test_a_baseline_that_disagrees_with_the_items_shows_both_figures() -> None:
    message = error(V2.replace("weeks = [3, 8]", "weeks = [1, 2]"))
    assert "baseline, weeks" in message
    assert "10–20 hours" in message and "30–80 hours" in message and "3–8 weeks" in message


def test_rounding_is_not_a_disagreement() -> None:
    assert v2(V2.replace("weeks = [3, 8]", "weeks = [3.4, 8]")).baseline.weeks == (3.4, 8.0)


# --------------------------------------------------------------------------- errors


def test_places_count_from_one_and_name_the_ids() -> None:
    message = error(V2.replace("hours = [0, 60]", "hours = [60, 0]"))
    assert "step 1 ('pick'), item 4 ('rust'), hours: low (60) is greater than high (0)" in message
    message = error(V2.replace('url = "http://example.org/2"', 'url = "ftp://x"'))
    assert "step 1 ('pick'), item 1 ('intro'), link 2, url" in message


def test_an_over_long_id_is_told_it_is_too_long() -> None:
    long_id = "a" * 88
    message = error(V2.replace('id = "rust"', f'id = "{long_id}"'))
    assert "is 88 characters long; ids may be at most 64" in message
    assert "item 4, id" in message


def test_unknown_choice_and_too_few_options() -> None:
    assert "no choice 'second-language' in this step" in error(
        V2.replace(
            'choice = "first-language"\n  [[steps.items]]\n  id = "rust"',
            'choice = "second-language"\n  [[steps.items]]\n  id = "rust"',
        )
    )
    message = error(V2.replace("choose = 1", "choose = 3"))
    assert "asks to choose 3 but has 3 options" in message
    message = error(V2.replace("choose = 1", "choose = 0"))
    assert "choice 1 ('first-language'), choose: must be 1 or more" in message


def test_an_option_cannot_be_optional() -> None:
    text = V2.replace(
        '  id = "go"\n  title = "Go"', '  id = "go"\n  title = "Go"\n  optional = true'
    )
    assert "cannot also be optional" in error(text)


def test_too_many_links_and_too_long_text_say_the_limit(tmp_path: Path) -> None:
    links = ", ".join(f'{{ title = "L{i}", url = "https://e.org/{i}" }}' for i in range(201))
    text = V2.replace("links = [\n", f"links = [{links},\n", 1)
    assert "has 203 links; the most is 200" in error(text)
    long = V2.replace('title = "Go"', f'title = "{"g" * 10_001}"')
    assert "is 10,001 characters long; the most is 10,000" in error(long)
