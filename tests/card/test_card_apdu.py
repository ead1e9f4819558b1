"""APDU encoding, chaining, status-word errors and BER-TLV, with exact bytes."""

from __future__ import annotations

import logging

import pytest
from card_helpers import ScriptedTransport, h
from hypothesis import given
from hypothesis import strategies as st

from app.card import apdu, errors
from app.card.transport import Transport


def test_build_cases() -> None:
    assert apdu.build(0x00, 0x20, 0x00, 0x80) == h("00 20 00 80")
    assert apdu.build(0x00, 0xC0, 0x00, 0x00, le=256) == h("00 C0 00 00 00")
    assert apdu.build(0x00, 0xC0, 0x00, 0x00, le=0x10) == h("00 C0 00 00 10")
    assert apdu.build(0x00, 0xDB, 0x3F, 0xFF, b"\x01\x02") == h("00 DB 3F FF 02 01 02")
    assert apdu.build(0x00, 0xCB, 0x3F, 0xFF, b"\x5c\x01\x7e", 256) == h("00 CB 3F FF 03 5C 01 7E 00")


@pytest.mark.parametrize("kwargs", [
    {"cla": 0x100}, {"ins": -1}, {"data": b"x" * 256}, {"le": 0}, {"le": 257},
])
def test_build_rejects(kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"cla": 0, "ins": 0xCB, "p1": 0x3F, "p2": 0xFF}
    args.update(kwargs)
    with pytest.raises(apdu.ApduError):
        apdu.build(**args)  # type: ignore[arg-type]


def test_build_chained() -> None:
    assert apdu.build_chained(0, 0xDB, 0x3F, 0xFF, b"\x01") == [h("00 DB 3F FF 01 01")]
    blocks = apdu.build_chained(0, 0xDB, 0x3F, 0xFF, bytes(600), le=256)
    assert [b[:5] for b in blocks] == [h("10 DB 3F FF FF"), h("10 DB 3F FF FF"), h("00 DB 3F FF 5A")]
    assert blocks[-1][-1] == 0x00 and len(blocks[-1]) == 5 + 90 + 1
    assert sum(len(b) - 5 for b in blocks[:2]) == 510


def test_split_response() -> None:
    assert apdu.split_response(h("01 02 90 00")) == (b"\x01\x02", 0x9000)
    with pytest.raises(apdu.ApduError):
        apdu.split_response(b"\x90")


def test_transmit_response_chaining() -> None:
    t = ScriptedTransport([
        ("00 CB 3F FF 03 5C 01 7E 00", "AA BB 61 02"),
        ("00 C0 00 00 02", "CC DD 61 00"),
        ("00 C0 00 00 00", "EE 90 00"),
    ])
    assert isinstance(t, Transport)
    assert apdu.transmit(t, 0, 0xCB, 0x3F, 0xFF, h("5C 01 7E"), 256) == (h("AA BB CC DD EE"), 0x9000)
    t.assert_done()


def test_transmit_command_chaining_and_error_mid_chain() -> None:
    data = bytes(range(256)) + b"\x01"
    t = ScriptedTransport([
        ("10 DB 3F FF FF " + data[:255].hex(), "90 00"),
        ("00 DB 3F FF 02 " + data[255:].hex(), "90 00"),
    ])
    assert apdu.transmit(t, 0, 0xDB, 0x3F, 0xFF, data) == (b"", 0x9000)
    t = ScriptedTransport([("10 DB 3F FF FF " + data[:255].hex(), "69 82")])
    assert apdu.transmit(t, 0, 0xDB, 0x3F, 0xFF, data) == (b"", 0x6982)
    t.assert_done()


def test_transmit_wrong_le_is_resent() -> None:
    t = ScriptedTransport([
        ("00 CA 00 01 00", "6C 04"),
        ("00 CA 00 01 04", "01 02 03 04 90 00"),
    ])
    assert apdu.transmit(t, 0, 0xCA, 0x00, 0x01, le=256) == (h("01020304"), 0x9000)
    t = ScriptedTransport([
        ("00 CA 00 01", "6C 02"),
        ("00 CA 00 01 02", "01 02 90 00"),
    ])
    assert apdu.transmit(t, 0, 0xCA, 0x00, 0x01) == (h("0102"), 0x9000)
    t.assert_done()


def test_trace_redacts_secrets(caplog: pytest.LogCaptureFixture) -> None:
    t = ScriptedTransport([
        ("00 20 00 80 08 31 32 33 34 35 36 FF FF", "63 C2"),
        ("00 87 11 9D 04 7C 02 82 00 00", "7C 22 82 20" + "AB" * 32 + "90 00"),
        ("00 CB 3F FF 03 5C 01 7E", "90 00"),
    ])
    with caplog.at_level(logging.DEBUG, logger="app.card.apdu"):
        apdu.transmit(t, 0, 0x20, 0x00, 0x80, b"123456\xff\xff")
        apdu.transmit(t, 0, 0x87, 0x11, 0x9D, h("7C 02 82 00"), 256)
        apdu.transmit(t, 0, 0xCB, 0x3F, 0xFF, h("5C 01 7E"))
    text = caplog.text
    assert "31 32 33" not in text and "123456" not in text and "AB AB" not in text
    assert ">> 00 20 00 80 [8 bytes redacted]" in text
    assert "<< [36 bytes redacted] 9000" in text
    assert ">> 00 CB 3F FF 03 5C 01 7E" in text and "<< 9000" in text
    assert "<< 63C2" in text


def test_trace_off_does_not_format(caplog: pytest.LogCaptureFixture) -> None:
    t = ScriptedTransport([("00 20 00 80", "63 C3")])
    with caplog.at_level(logging.INFO, logger="app.card.apdu"):
        assert apdu.transmit(t, 0, 0x20, 0x00, 0x80) == (b"", 0x63C3)
    assert caplog.text == ""


def test_describe_helpers() -> None:
    assert apdu.describe_command(h("00 20 00 80")) == "00 20 00 80"
    assert apdu.describe_command(h("00 24 00 80 10") + bytes(16)) == "00 24 00 80 [16 bytes redacted]"
    assert apdu.describe_command(h("00 2C 00 80 10") + bytes(16)) == "00 2C 00 80 [16 bytes redacted]"
    assert apdu.describe_response(0xCB, b"", 0x6A82) == "6A82"


def test_error_mapping() -> None:
    wrong = errors.error_for_sw(0x63C2)
    assert isinstance(wrong, errors.WrongPin) and wrong.retries_left == 2 and wrong.sw == 0x63C2
    assert isinstance(errors.error_for_sw(0x63C0), errors.PinBlocked)
    assert isinstance(errors.error_for_sw(0x6983), errors.PinBlocked)
    assert isinstance(errors.error_for_sw(0x6982), errors.SecurityStatusNotSatisfied)
    assert isinstance(errors.error_for_sw(0x6A82), errors.NotFound)
    assert isinstance(errors.error_for_sw(0x6A80), errors.WrongData)
    assert isinstance(errors.error_for_sw(0x6D00), errors.NotSupported)
    other = errors.error_for_sw(0x6F00)
    assert type(other) is errors.CardError and "6F00" in str(other)
    assert errors.WrongPin(1).sw == 0x63C1
    errors.check_sw(0x9000)
    with pytest.raises(errors.ReferencedDataNotFound):
        errors.check_sw(0x6A88)


# --- TLV ---------------------------------------------------------------------------------------

def test_tlv_encoding() -> None:
    assert apdu.tlv(0x53, b"") == h("53 00")
    assert apdu.tlv(0x5FC105, b"\x01") == h("5F C1 05 01 01")
    assert apdu.tlv(0x7F49, bytes(200))[:5] == h("7F 49 81 C8 00")
    assert apdu.encode_length(0x1234) == h("82 12 34")
    assert apdu.tag_bytes(0) == b"\x00"
    with pytest.raises(apdu.TlvError):
        apdu.encode_length(0x10000)


def test_tlv_parsing() -> None:
    data = h("5F C1 05 02 AA BB  7F 49 82 00 01 CC  53 81 01 DD  53 00")
    assert list(apdu.iter_tlv(data)) == [(0x5FC105, h("AABB")), (0x7F49, h("CC")), (0x53, h("DD")),
                                         (0x53, b"")]
    assert apdu.parse_tlv(data)[0x53] == h("DD")
    assert apdu.unwrap(h("53 01 AA"), 0x53) == h("AA")
    assert list(apdu.iter_tlv(b"")) == []


@pytest.mark.parametrize("bad", ["5F", "5F C1", "53", "53 80", "53 83 00 00 01 00", "53 82 00", "53 02 01"])
def test_tlv_malformed(bad: str) -> None:
    with pytest.raises(apdu.TlvError):
        list(apdu.iter_tlv(h(bad)))


def test_unwrap_rejects_other_shapes() -> None:
    with pytest.raises(apdu.TlvError):
        apdu.unwrap(h("53 00 53 00"), 0x53)
    with pytest.raises(apdu.TlvError):
        apdu.unwrap(h("7E 00"), 0x53)


@given(st.lists(st.tuples(
    st.sampled_from([0x53, 0x70, 0x7E, 0x5C, 0x5FC105, 0x7F49, 0x5F2F, 0x9F8101]),
    st.binary(max_size=700)), max_size=5))
def test_tlv_roundtrip(items: list[tuple[int, bytes]]) -> None:
    encoded = b"".join(apdu.tlv(tag, value) for tag, value in items)
    assert list(apdu.iter_tlv(encoded)) == items
