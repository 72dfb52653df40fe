"""The script view: same length, position by position, and script detection on our own sentences."""

from __future__ import annotations

from corpus_tools.script import detect_script, to_view


def test_view_keeps_length_and_positions() -> None:
    printed = "【本報訊】記者林小明／高雄報導：全縣約有３萬個「志工」參與，超過７成是青年。"
    view = to_view(printed)
    assert len(view) == len(printed)
    assert view == "【本报讯】记者林小明／高雄报导：全县约有3万个“志工”参与，超过7成是青年。"
    for a in range(0, len(printed), 3):
        for b in range(a, len(printed) + 1, 4):
            assert to_view(printed[a:b]) == view[a:b]


def test_simplified_text_is_its_own_view() -> None:
    text = "本报记者王小红报道：全县约有3万名志愿者。"
    assert to_view(text) == text


def test_detect_script() -> None:
    assert detect_script("市民踴躍參與義賣活動，籌得善款逾百萬元，將全數撥作興建學校之用。") == "Hant"
    assert detect_script("市民踊跃参与义卖活动，筹得善款逾百万元，将全数用于兴建学校。") == "Hans"
    half = "市民踴躍參與義賣活動，籌得善款。\n" + "市民踊跃参与义卖活动，筹得善款。"  # a line in each script
    assert detect_script(half) == "mixed"
    assert detect_script("2026 ABC") == "Hans"
