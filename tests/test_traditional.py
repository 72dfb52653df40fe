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



# --- articles flattened onto one line ----------------------------------------------------------

FLAT = (
    "立法院三讀電業法修正案 綠能業者：盼加速併網 【本報訊】 記者林美華／台北報導 "
    "立法院昨日三讀通過電業法部分條文修正案，未來再生能源業者可直接售電給用戶，不必經過台電。"
    "經濟部官員表示，修法後預估每年可增加約３０萬瓩的綠電交易量。 業者樂觀看待 "
    "太陽光電公會理事長陳志明指出，這次修法讓業者「終於看到曙光」，但併網時程仍是最大瓶頸。"
    "他說，目前排隊等待併網的案場超過１,２００件。 環團則提醒，政府應同步檢討環境影響評估制度，"
    "避免開發案衝擊生態。\n"
    "颱風逼近 東部嚴防豪雨 記者王小華／花蓮報導 中央氣象局昨日上午發布海上颱風警報，預估颱風中心"
    "今晚至明晨最接近花東沿海。氣象局提醒，G7 峰會期間花蓮、台東山區累積雨量可能超過５００毫米。 "
    "縣府已開設應變中心 花蓮縣政府表示，已預先撤離山區居民約２００人，並備妥沙包與抽水機。\n")


def _laid_out(tmp_path, text: str):
    from corpus_tools.layout import lay_out
    from corpus_tools.sources import read

    p = tmp_path / "flat.txt"
    p.write_text(text, encoding="utf-8")
    src = read(p)
    return src, [q for page in lay_out(src).pages for q in page.paras]


def test_flat_lines_split_into_pieces_with_offsets(tmp_path) -> None:
    src, paras = _laid_out(tmp_path, FLAT)
    roles = []
    for q in paras:
        (rep,) = [r for r in q.repairs if r.kind == "flat_line_split"]
        role, rest = rep.detail.split(": chars ")
        span, _, line = rest.partition(" of line ")
        start, end = map(int, span.split("-"))
        assert int(line) == q.line_start == q.line_end
        assert src.lines[q.line_start - 1][start:end] == q.text  # the range re-slices the input line
        roles.append((q.line_start, role, q.text[:6]))
    assert roles == [
        (1, "head", "立法院三讀電"), (1, "marker", "【本報訊】"), (1, "marker", "記者林美華／"),
        (1, "para", "立法院昨日三"), (1, "subheading", "業者樂觀看待"), (1, "para", "太陽光電公會"),
        (1, "para", "環團則提醒，"),
        (2, "head", "颱風逼近 東"), (2, "marker", "記者王小華／"), (2, "para", "中央氣象局昨"),
        (2, "subheading", "縣府已開設應"), (2, "para", "花蓮縣政府表")]
    assert "G7 峰會" in paras[9].text  # a space inside a sentence is no break


def test_flat_articles_segment_like_a_page_dump(tmp_path) -> None:
    from corpus_tools.layout import lay_out
    from corpus_tools.segment import segment
    from corpus_tools.sources import read

    p = tmp_path / "flat.txt"
    p.write_text(FLAT, encoding="utf-8")
    items = [i for i in segment(lay_out(read(p))).items if i.kind == "article"]
    assert [i.line_start for i in items] == [1, 2]
    assert [len(i.paragraphs) for i in items] == [3, 2]
    assert [[s.text for s in i.subheadings] for i in items] == [["業者樂觀看待"], ["縣府已開設應變中心"]]
    assert items[1].headline == "颱風逼近 東部嚴防豪雨"


@pytest.mark.parametrize("line", [
    "习近平 李克强 王沪宁 赵乐际出席会议。会议指出，要坚定信心，抓好项目建设，确保一季度实现开门红。"
    "会议强调，各地各部门要认真落实会议精神，把各项任务落到实处，推动经济持续回升向好。",
    "新华社北京10月14日电 （记者 杜 宇）国务院总理今天主持召开国务院常务会议，部署进一步做好稳就业工作。"
    "会议指出，今年以来就业形势总体稳定。会议要求，各地要加大政策支持力度，帮助企业渡过难关。",
])
def test_paragraph_lines_are_not_flat_articles(tmp_path, line: str) -> None:
    """Names parted by spaces and a wire dateline before its text are a paragraph, not a headline."""
    _, paras = _laid_out(tmp_path, line + "\n")
    assert [q.text for q in paras] == [line]


def test_headline_above_one_long_body_line_is_not_joined(tmp_path) -> None:
    """A headline with an exclamation mark between its decks, above a one-line body, starts an article."""
    body = ("市府昨日宣布，明年起全面推動垃圾分類新制，未依規定分類者最高可處新台幣６千元罰鍰。"
            "環保局表示，新制上路前將舉辦逾百場說明會，並發放宣導手冊給每一戶家庭。" * 2)
    other = body.replace("市府", "縣府").replace("環保局", "清潔隊")  # not a block printed twice
    text = f"市區停水三天！\n{body}\n\n垃圾分類新制上路！ 違規最高罰６千\n{other}\n"
    _, paras = _laid_out(tmp_path, text)
    assert [q.text for q in paras] == ["市區停水三天！", body, "垃圾分類新制上路！ 違規最高罰６千", other]


def test_headline_with_exclamation_or_question_above_one_body_line_heads_its_article(tmp_path) -> None:
    """Such a headline opens an article of its own; it is never read as a paragraph of the article above.

    Each body is one line of a whole article (at least ``flat.FLAT_BODY_MIN`` characters, several sentences).
    """
    from corpus_tools.layout import lay_out
    from corpus_tools.segment import segment
    from corpus_tools.sources import read

    bodies = [
        "中央氣象局昨天指出，今年入冬以來最強的一波寒流將在周末抵達，北部平地最低溫可能只剩8度左右。"
        "氣象局提醒民眾外出注意保暖，老人家清晨起床動作要放慢，避免心血管疾病發作。"
        "各縣市政府也已開設臨時避寒中心，提供熱食與毛毯給需要的街友，並派員到橋下與車站關懷。",
        "颱風昨天遠離後，中南部菜農一早就下田搶收，希望趕在下一波降雨前把高麗菜送進拍賣市場。"
        "批發市場業者表示，這兩天到貨量明顯增加，預估下周菜價就會回到颱風前的水準。"
        "農委會也宣布將啟動冷藏蔬菜釋出機制，協助平抑市場價格，並加碼補助受損農地的復耕費用。",
        "市議員昨天在議會質詢時追問捷運延伸線的進度，捷運局長回應，土建工程已完成九成，機電系統正在安裝測試。"
        "市府規畫明年底先行試營運，正式通車時間則要看履勘結果而定。"
        "沿線居民對新站開通抱有很高期待，但也擔心施工期間的交通黑暗期還會持續一段時間，希望市府加派交通疏導人力。",
    ]
    heads = ["寒流南下 北部低溫探8度", "颱風走了！農民搶收高麗菜 菜價可望回穩",
             "捷運延伸線何時通車？市府：明年底試營運"]
    p = tmp_path / "heads.txt"
    p.write_text("\n\n".join(f"{h}\n{b}" for h, b in zip(heads, bodies, strict=True)) + "\n", encoding="utf-8")
    items = segment(lay_out(read(p))).items
    assert [(i.headline, list(i.paragraphs)) for i in items] == [(h, [b]) for h, b in zip(heads, bodies, strict=True)]


# --- whole issues built with the CLI and loaded with datasets ----------------------------------

TRAD_ISSUE = (
    "要聞\n\n"
    "行政院通過明年度總預算 歲出創新高\n"
    "【本報訊】記者陳大文／台北報導\n"
    "行政院昨日通過明年度中央政府總預算案，歲出規模約新台幣２兆８千億元，較今年增加逾５％，創歷年新高。"
    "主計總處表示，社福支出仍占最大宗，約７千３百億元。\n"
    "國防預算亦增加，達４千億元。行政院長表示，將持續推動產業升級。\n\n"
    "港股昨日急挫 恒指跌逾500點\n"
    "（中央社香港24日電）香港股市昨日全面下跌，恒生指數收市跌532點，成交額約1,200億港元。"
    "分析師陳方安生昨表示，投資者憂慮利率上升，短期內港股仍會反覆。\n\n"
    "颱風逼近 東部嚴防豪雨 記者王小華／花蓮報導 中央氣象局昨日上午發布海上颱風警報，預估颱風中心今晚至明晨"
    "最接近花東沿海。氣象局提醒，花蓮、台東山區累積雨量可能超過５００毫米。 縣府已開設應變中心 "
    "花蓮縣政府表示，已預先撤離山區居民約２００人，並備妥沙包與抽水機。\n")


def _build_and_load(tmp_path, text: str, data: bytes | None = None):
    """Build ``text`` (or ``data``) with the CLI, load every config the card lists, check every span."""
    from conftest import run_cli

    from corpus_tools.load import listed_configs, load_config

    tmp_path.mkdir(parents=True, exist_ok=True)
    src = tmp_path / "twd-2022-02-25.txt"
    src.write_bytes(data if data is not None else text.encode("utf-8"))
    out = tmp_path / "out"
    r = run_cli("build", str(src), "--newspaper", "測試日報", "--out", str(out))
    assert r.returncode == 0, r.stderr
    rows = {cfg: load_config(out, cfg, cache_dir=str(tmp_path / "hf")).to_list() for cfg in listed_configs(out)}
    owners = {**{a["article_id"]: a for a in rows.get("articles", [])},
              **{i["image_id"]: i for i in rows.get("images", [])}}
    checked = 0
    for n in rows.get("numbers", []):
        owner = owners[n["article_id"] or n["image_id"]]
        assert owner[n["field"]][n["start"]:n["end"]] == n["text"]
        checked += 1
    for p in rows.get("people", []):
        owner = owners[p["article_id"] or p["image_id"]]
        for m in p["mentions"]:
            assert owner[m["field"]][m["start"]:m["end"]] == m["text"]
            checked += 1
    for a in rows.get("articles", []):
        for s in a["subheadings"]:
            assert a["text"][s["start"]:s["end"]] == s["text"]
        for para in a["paragraphs"]:
            assert para in a["text"] and para in text  # text as printed, never the simplified view
    return rows, out, checked


def test_traditional_issue_builds_and_every_span_holds(tmp_path) -> None:
    rows, out, checked = _build_and_load(tmp_path, TRAD_ISSUE)
    (issue,) = rows["issues"]
    assert issue["script"] == "Hant" and issue["charset_notes"] == []
    heads = [a["headline"] for a in rows["articles"]]
    assert "港股昨日急挫 恒指跌逾500點" in heads and "颱風逼近 東部嚴防豪雨" in heads
    flat = next(a for a in rows["articles"] if a["headline"] == "颱風逼近 東部嚴防豪雨")
    assert [s["text"] for s in flat["subheadings"]] == ["縣府已開設應變中心"]
    assert any(r["kind"] == "flat_line_split" for r in flat["provenance"]["repairs"])
    assert checked == len(rows.get("numbers", [])) + sum(len(p["mentions"]) for p in rows.get("people", []))
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "traditional characters (Hant): 1." in card  # counts per script (the card does not list issues)


def test_mixed_script_issue_builds(tmp_path) -> None:
    """A simplified body under a traditional masthead, and a page in traditional characters."""
    text = "荊州日報\n\n" + SIMPLIFIED_BODY + "\n\n\n" + TRAD_ISSUE
    rows, _, _ = _build_and_load(tmp_path, text)
    assert rows["issues"][0]["script"] == "mixed"
    rows, _, _ = _build_and_load(tmp_path / "b", "荊州日報\n\n" + SIMPLIFIED_BODY * 1)
    assert rows["issues"][0]["script"] == "Hans"


def test_hkscs_issue_reports_characters_outside_big5(tmp_path) -> None:
    text = TRAD_ISSUE.replace("香港股市昨日", "深水埗商戶及香港股市昨日")
    rows, _, _ = _build_and_load(tmp_path, text, text.encode("big5hkscs"))
    (issue,) = rows["issues"]
    assert issue["encoding"] == "big5hkscs"
    notes = {n["char"]: n for n in issue["charset_notes"]}
    assert notes["埗"]["kind"] == "outside_big5"
    assert notes["埗"]["lines"] == [text.split("\n").index(next(x for x in text.split("\n") if "埗" in x)) + 1]
