"""Traditional-character papers: script detection, the shipped character table, whole issues built and loaded.

Every text here is written for these tests (no eval text).
"""

from __future__ import annotations

import json

import pytest

from corpus_tools.script import TABLE_FILE, detect_script, generate_table, script_counts, to_view

TAIWAN = ("台北市政府昨日公布，今年上半年台北捷運每日平均運量約２１０萬人次，較去年同期增加逾５％。"
          "市長表示，將在里港、台中兩地增設轉運站，並於明年底前完成環狀線第二期工程。")
HONG_KONG = ("【本報訊】特區政府昨日公布，本港上月失業率回落至３．１％，較上季下跌０．２個百分點。"
             "勞福局局長表示，零售及餐飲業職位空缺超過二萬個，政府會繼續推動再培訓計劃。")
SIMPLIFIED_BODY = (
    "本报讯（记者王小红 通讯员李明）昨日，市政府召开常务会议，研究部署今年一季度经济工作。会议指出，"
    "全市上下要坚定信心，抓好项目建设，确保实现开门红。\n"
    "陳方安生、劉德華等香港嘉宾出席了开幕式。会上，市长作了讲话，要求各地各部门认真落实会议精神，"
    "把各项任务落到实处。\n"
    "据统计，全市去年新增城镇就业人员3.2万人，城镇登记失业率控制在4%以内。\n")


def test_shipped_table_matches_opencc() -> None:
    """The data file is what OpenCC gives today (regenerate with ``write_table`` when this fails)."""
    shipped = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    assert shipped == generate_table()


def test_traditional_papers_are_hant() -> None:
    """台, 里, 于 are printed in traditional text too: they do not make a Taiwan story simplified."""
    assert detect_script(TAIWAN) == "Hant"
    assert detect_script(HONG_KONG) == "Hant"
    trad, simp = script_counts(TAIWAN)
    assert simp == 0 and trad >= 10


def test_traditional_masthead_and_names_leave_a_simplified_issue_hans() -> None:
    """A simplified body under a traditional masthead, naming people in traditional characters."""
    text = "荊州日報\n第1版 要聞\n" + SIMPLIFIED_BODY
    assert script_counts(text)[0] > 0  # the traditional characters are there ...
    assert detect_script(text) == "Hans"  # ... but the issue is printed in simplified characters


def test_pages_in_each_script_are_mixed() -> None:
    text = SIMPLIFIED_BODY + "\n\n\n" + TAIWAN + "\n" + HONG_KONG
    assert detect_script(text) == "mixed"


def test_simplified_standard_characters_are_their_own_view() -> None:
    """著名, 乾坤, 什么, 哪吒: OpenCC simplifies 著/乾/么/吒 one at a time, the view must not."""
    text = "著名学者在乾坤湾讲解什么是哪吒闹海的故事。"
    assert to_view(text) == text


def test_view_of_traditional_conventions() -> None:
    printed = "（中央社台北24日電）記者陳大文／台北報導：全台逾１２３萬個家庭受惠，約佔３５％。"
    view = to_view(printed)
    assert view == "（中央社台北24日电）记者陈大文／台北报导：全台逾123万个家庭受惠，约占35%。"
    assert len(view) == len(printed)


@pytest.mark.parametrize("text", [TAIWAN, HONG_KONG, SIMPLIFIED_BODY])
def test_view_slices_commute(text: str) -> None:
    view = to_view(text)
    for a in range(0, len(text), 7):
        assert to_view(text[a:a + 11]) == view[a:a + 11]

