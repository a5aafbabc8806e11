"""The pinyin candidate engine (kiosk/domain/pinyin.py): common surnames come first."""

import pytest

from kiosk.domain.pinyin import PAGE_SIZE, candidates

TWO_PAGES = 2 * PAGE_SIZE

# The 100 most common surnames of China with their pinyin (ü typed as v). Source: the
# ranking in 《二〇二〇年全国姓名报告》 (2020 national name report) of the Ministry of
# Public Security's household-registration research centre, published 2021-02, from the
# registered population; order as reprinted in the press (the test uses it as a set).
SURNAMES = """
王 wang 李 li 张 zhang 刘 liu 陈 chen 杨 yang 黄 huang 赵 zhao 吴 wu 周 zhou
徐 xu 孙 sun 马 ma 朱 zhu 胡 hu 郭 guo 何 he 林 lin 高 gao 罗 luo
郑 zheng 梁 liang 谢 xie 宋 song 唐 tang 许 xu 邓 deng 韩 han 冯 feng 曹 cao
彭 peng 曾 zeng 肖 xiao 田 tian 董 dong 潘 pan 袁 yuan 蔡 cai 蒋 jiang 余 yu
于 yu 杜 du 叶 ye 程 cheng 魏 wei 苏 su 吕 lv 丁 ding 任 ren 卢 lu
姚 yao 沈 shen 钟 zhong 姜 jiang 崔 cui 谭 tan 陆 lu 范 fan 汪 wang 廖 liao
石 shi 金 jin 韦 wei 贾 jia 夏 xia 付 fu 方 fang 邹 zou 熊 xiong 白 bai
孟 meng 秦 qin 邱 qiu 侯 hou 江 jiang 尹 yin 薛 xue 闫 yan 段 duan 雷 lei
龙 long 黎 li 史 shi 陶 tao 贺 he 毛 mao 郝 hao 顾 gu 龚 gong 邵 shao
万 wan 覃 qin 武 wu 钱 qian 戴 dai 严 yan 莫 mo 孔 kong 向 xiang 常 chang
""".split()
TOP_100 = list(zip(SURNAMES[::2], SURNAMES[1::2], strict=True))


def test_the_list_is_the_hundred_surnames():
    assert len(TOP_100) == 100
    assert len({surname for surname, _ in TOP_100}) == 100


@pytest.mark.parametrize(("surname", "letters"), TOP_100, ids=[s for s, _ in TOP_100])
def test_a_common_surname_is_within_the_first_two_pages(surname, letters):
    shown = candidates(letters)[:TWO_PAGES]
    assert surname in shown, f"{surname} not in the first two pages of {letters!r}: {shown}"


def test_plain_unicode_order_would_fail_the_surname_test():
    """The test above has teeth: the same characters in code-point order miss many."""
    missed = [s for s, letters in TOP_100 if s not in sorted(candidates(letters))[:TWO_PAGES]]
    assert len(missed) >= 20, missed


def test_the_most_common_surname_of_a_syllable_comes_first():
    assert candidates("wang")[0] == "王"
    assert candidates("zhang")[0] == "张"
    assert candidates("li")[0] == "李"


def test_u_umlaut_typed_as_v_or_u_or_itself():
    assert candidates("lv")[0] == "吕"
    assert candidates("lü") == candidates("lv") == candidates("LV")
    assert "吕" in candidates("lu")[:PAGE_SIZE]  # after l and n, u may stand for ü
    assert "卢" in candidates("lu")[:PAGE_SIZE]
    assert "虐" in candidates("nue")
    assert candidates("jv") == candidates("ju")  # after j, q, x, y, ü is written u


def test_the_place_in_the_name_changes_the_order():
    # Wei: 魏 and 韦 are surnames; 伟 is one of the commonest given-name characters.
    surname_first, given_first = candidates("wei"), candidates("wei", position=1)
    assert surname_first.index("魏") < surname_first.index("伟")
    assert given_first.index("伟") < given_first.index("魏")
    assert sorted(surname_first) == sorted(given_first)


def test_a_surname_read_its_own_way_is_found_by_that_reading():
    for surname, letters in (
        ("单", "shan"),
        ("解", "xie"),
        ("仇", "qiu"),
        ("区", "ou"),
        ("朴", "piao"),
    ):
        assert surname in candidates(letters)[:TWO_PAGES], (surname, letters)


@pytest.mark.parametrize("letters", ["", " ", "xyz", "q", "wangg", "v", "王", "li1", "zh-ang", "ü"])
def test_letters_that_spell_no_syllable_give_nothing(letters):
    assert candidates(letters) == []


def test_only_cjk_unified_ideographs_come_back():
    for letters in {letters for _, letters in TOP_100} | {"a", "e", "er", "ng", "m", "kun"}:
        for char in candidates(letters) + candidates(letters, position=1):
            assert len(char) == 1 and 0x4E00 <= ord(char) <= 0x9FFF, (letters, char)
