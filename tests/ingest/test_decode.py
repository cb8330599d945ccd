"""Bytes to text: UTF-8, stray bad bytes, legacy encodings, binary and empty input."""

from __future__ import annotations

from communique.ingest.decode import check_text, decode_bytes

RU = "Секретарь Совета встретился с министром рыболовства в Рейкьявике и обсудил квоты на треску. "


def test_utf8_with_bom_is_plain_text() -> None:
    d = decode_bytes("\ufeffOn May 4 this year the Council met.".encode())
    assert d.text == "On May 4 this year the Council met." and d.notes == []


def test_a_few_invalid_bytes_are_replaced_and_noted() -> None:
    d = decode_bytes(b"The Council met in Troms\xf8 on Monday to discuss fishing quotas and pilots." * 2)
    assert d.text is not None and d.text.count("\ufffd") == 2
    assert d.notes == ["invalid UTF-8 replaced (2 characters, first at byte 24)"]


def test_a_legacy_encoding_is_recognised_not_mangled() -> None:
    d = decode_bytes((RU * 4).encode("cp1251"))
    assert d.text is not None and d.text.startswith("Секретарь Совета")
    assert d.notes == ["not UTF-8: decoded as cp1251"]


def test_binary_and_empty() -> None:
    assert decode_bytes(b"").reason == "empty"
    assert decode_bytes(b" \n\t ").reason == "empty"
    assert decode_bytes(b"GIF89a\x00\x01\x02").reason == "binary"
    assert decode_bytes(bytes(range(1, 32)) * 40).reason == "binary"
    assert check_text("text with a NUL\x00 inside").reason == "binary"
