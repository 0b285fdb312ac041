"""The characters no stored text may hold (lawtracker.text): each found and named by its
code and place, as Excel writes it into a workbook too; tab and line breaks kept; a
message quoting a cell shows them as codes."""

import pytest

from lawtracker.text import control_problem, visible, without_controls


@pytest.mark.parametrize(
    "char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\ufffe"]
)
def test_a_control_character_is_a_problem_named_by_its_code_and_place(char, english):
    problem = control_problem(f"某公司{char}罚款")
    assert f"U+{ord(char):04X}" in problem and "character 4" in problem


@pytest.mark.parametrize("text", ["某公司\t罚款", "两行\n文字", "回车\r\n", "普通文字 ＡＢ", ""])
def test_tab_line_breaks_and_ordinary_text_are_kept(text):
    assert control_problem(text) is None
    assert without_controls(text) == text


def test_a_control_character_as_excel_writes_it_into_a_workbook_is_a_problem():
    assert "U+0001" in control_problem("甲_x0001_乙")
    assert control_problem("甲_x005F_x0001_乙") is None  # the underscore escaped: plain text
    assert control_problem("文件_x0041_名") is None  # an escaped letter is no control


def test_a_message_quoting_a_cell_shows_its_control_characters_as_codes():
    assert visible("a\x00b\x1bc") == "aU+0000bU+001Bc"
