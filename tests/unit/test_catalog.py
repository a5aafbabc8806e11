"""Every message exists in Chinese, English and Spanish, with the same placeholders."""

import ast
import re
import string
from pathlib import Path

import pytest

from kiosk.i18n import LANGUAGES, catalog, translate

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_every_language_has_every_key():
    keys = {lang: set(catalog(lang)) for lang in LANGUAGES}
    everything = set().union(*keys.values())
    for lang, have in keys.items():
        assert not everything - have, f"{lang} is missing {sorted(everything - have)}"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_placeholders_match_english(lang):
    for key, message in catalog("en").items():
        assert _placeholders(catalog(lang)[key]) == _placeholders(message), key


def test_no_message_is_left_untranslated_or_empty():
    for lang in LANGUAGES:
        for key, message in catalog(lang).items():
            assert message.strip(), f"{lang}:{key} is empty"
    same = [k for k in catalog("zh") if catalog("zh")[k] == catalog("en")[k]]
    assert not same, f"Chinese copies English for {same}"


def _keys_used_in_code() -> set[str]:
    pattern = re.compile(
        r"""(?:\bt|Tr|TrButton|translate\([^,]+,)\(?\s*["']([a-z_]+\.[a-z_.]+)["']"""
    )
    used: set[str] = set()
    for path in KIOSK.rglob("*.py"):
        used.update(pattern.findall(path.read_text(encoding="utf-8")))
    return used


def test_every_key_the_code_names_exists():
    used = _keys_used_in_code()
    assert len(used) > 10  # the scan itself works
    missing = used - set(catalog("en"))
    assert not missing, f"keys used in code but not in the catalog: {sorted(missing)}"


def test_values_are_filled_in_literally():
    text = translate("en", "other_ways.hotline", hotline="[bold]{x}[/]")
    assert text == "Call the [bold]{x}[/] hotline."


def test_every_literal_that_looks_like_a_key_exists():
    """Keys travel as values too (IdProblem, RowRefused): any 'section.name' literal counts."""
    sections = {key.split(".")[0] for key in catalog("en")}
    missing = set()
    for path in KIOSK.rglob("*.py"):
        if path.name == "config.py":  # its dotted names are settings ("family.inbox")
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Pieces of f-strings ("records.col_" in f"records.col_{key}") are not whole keys.
        pieces = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
        for node in ast.walk(tree):
            if id(node) in pieces:
                continue
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                if re.fullmatch(r"[a-z_]+\.[a-z_]+", value) and value.split(".")[0] in sections:
                    if value not in catalog("en"):
                        missing.add(f"{path.name}: {value}")
    assert not missing, sorted(missing)


def test_chinese_text_takes_full_width_colons():
    """An ASCII ':' right after a Chinese character (or after a placeholder that follows one)."""
    cjk = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
    wrong = re.compile(rf"{cjk}(?:\{{[a-z_]+\}})?:")
    bad = {key: message for key, message in catalog("zh").items() if wrong.search(message)}
    assert not bad, bad
    assert translate("zh", "common.labelled", label="姓名", value="张三") == "姓名：张三"


def test_every_registry_reason_code_has_text_in_every_language():
    from kiosk.domain.registry import ENTITLEMENT_REASONS, reason_key

    for code in ENTITLEMENT_REASONS:
        key = reason_key(code)
        assert key is not None
        for lang in LANGUAGES:
            assert catalog(lang)[key].strip(), (lang, code)
    assert reason_key("something the registry wrote") is None
