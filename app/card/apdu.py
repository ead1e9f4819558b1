"""APDU building, command/response chaining, BER-TLV helpers and a redacting trace.

Only short APDUs (ISO 7816-4) are built: data longer than 255 bytes is sent by command chaining
(CLA bit 0x10 on every block but the last), long answers are collected through 61xx / GET
RESPONSE, and 6Cxx (wrong Le) is answered by repeating the command with the Le the card asked for.

Tracing goes to the `app.card.apdu` logger at DEBUG. The data of VERIFY, CHANGE REFERENCE DATA
and RESET RETRY COUNTER commands (PINs, PUKs) and the answers of GENERAL AUTHENTICATE (shared
secrets) are never written, only their length.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from app.card.transport import Transport

log = logging.getLogger("app.card.apdu")

SW_OK = 0x9000
INS_VERIFY = 0x20
INS_CHANGE_REFERENCE = 0x24
INS_RESET_RETRY = 0x2C
INS_GENERAL_AUTHENTICATE = 0x87
INS_GET_RESPONSE = 0xC0
CLA_CHAINING = 0x10
MAX_SHORT_DATA = 255

# Commands whose data field is secret, and commands whose answer is secret.
SECRET_COMMAND_INS = frozenset({INS_VERIFY, INS_CHANGE_REFERENCE, INS_RESET_RETRY})
SECRET_RESPONSE_INS = frozenset({INS_GENERAL_AUTHENTICATE})


class ApduError(ValueError):
    """A command that cannot be encoded (bad byte values, too long for a short APDU)."""


def build(cla: int, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> bytes:
    """One short command APDU. `le` 1..256 (256 is encoded as 00); None means no Le."""
    for value in (cla, ins, p1, p2):
        if not 0 <= value <= 0xFF:
            raise ApduError("header byte out of range")
    if len(data) > MAX_SHORT_DATA:
        raise ApduError("data too long for a short APDU")
    apdu = bytes((cla, ins, p1, p2))
    if data:
        apdu += bytes((len(data),)) + data
    if le is not None:
        if not 1 <= le <= 256:
            raise ApduError("Le out of range")
        apdu += bytes((le & 0xFF,))
    return apdu


def build_chained(cla: int, ins: int, p1: int, p2: int, data: bytes = b"",
                  le: int | None = None) -> list[bytes]:
    """The command as a list of short APDUs, chained when `data` exceeds 255 bytes.

    Every block but the last has CLA | 0x10 and no Le; the last carries `le`.
    """
    if len(data) <= MAX_SHORT_DATA:
        return [build(cla, ins, p1, p2, data, le)]
    blocks = [data[i:i + MAX_SHORT_DATA] for i in range(0, len(data), MAX_SHORT_DATA)]
    out = [build(cla | CLA_CHAINING, ins, p1, p2, block) for block in blocks[:-1]]
    out.append(build(cla, ins, p1, p2, blocks[-1], le))
    return out


def split_response(response: bytes) -> tuple[bytes, int]:
    """Response APDU bytes → (data, status word)."""
    if len(response) < 2:
        raise ApduError("response shorter than a status word")
    return response[:-2], (response[-2] << 8) | response[-1]


def describe_command(apdu: bytes) -> str:
    """A log line for a command APDU, with secret data replaced by its length."""
    header = apdu[:4].hex(" ").upper()
    body = apdu[4:]
    if len(apdu) >= 2 and apdu[1] in SECRET_COMMAND_INS and len(body) > 1:
        return f"{header} [{len(body) - 1} bytes redacted]"
    return f"{header} {body.hex(' ').upper()}".rstrip()


def describe_response(ins: int, data: bytes, sw: int) -> str:
    """A log line for an answer; GENERAL AUTHENTICATE answers are redacted."""
    if ins in SECRET_RESPONSE_INS and data:
        return f"[{len(data)} bytes redacted] {sw:04X}"
    return f"{data.hex(' ').upper()} {sw:04X}".lstrip()


def _exchange(transport: Transport, apdu: bytes, ins: int) -> tuple[bytes, int]:
    if log.isEnabledFor(logging.DEBUG):
        log.debug(">> %s", describe_command(apdu))
    data, sw = transport.transmit(apdu)
    if log.isEnabledFor(logging.DEBUG):
        log.debug("<< %s", describe_response(ins, data, sw))
    return data, sw


def transmit(transport: Transport, cla: int, ins: int, p1: int, p2: int, data: bytes = b"",
             le: int | None = None) -> tuple[bytes, int]:
    """Send one logical command and return the complete answer (data, final status word).

    Handles command chaining, 61xx (fetching the rest with GET RESPONSE) and 6Cxx (resending
    with the Le the card asked for). A chained block answered with anything but 9000 stops the
    chain and that status word is returned.
    """
    blocks = build_chained(cla, ins, p1, p2, data, le)
    for block in blocks[:-1]:
        _, sw = _exchange(transport, block, ins)
        if sw != SW_OK:
            return b"", sw
    last = blocks[-1]
    answer, sw = _exchange(transport, last, ins)
    if sw >> 8 == 0x6C:
        resend = last[:-1] if le is not None else last
        answer, sw = _exchange(transport, resend + bytes((sw & 0xFF,)), ins)
    collected = bytearray(answer)
    while sw >> 8 == 0x61:
        more, sw = _exchange(transport, build(cla & ~CLA_CHAINING & 0xFF, INS_GET_RESPONSE, 0, 0,
                                              le=(sw & 0xFF) or 256), ins)
        collected += more
    return bytes(collected), sw


# --- BER-TLV -------------------------------------------------------------------------------

class TlvError(ValueError):
    """Malformed BER-TLV."""


def encode_length(length: int) -> bytes:
    if length < 0x80:
        return bytes((length,))
    if length <= 0xFF:
        return bytes((0x81, length))
    if length <= 0xFFFF:
        return bytes((0x82, length >> 8, length & 0xFF))
    raise TlvError("TLV value too long")


def tag_bytes(tag: int) -> bytes:
    """A tag number as its bytes (0x5FC105 → 5F C1 05)."""
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def tlv(tag: int, value: bytes) -> bytes:
    return tag_bytes(tag) + encode_length(len(value)) + value


def iter_tlv(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(tag, value) pairs of a sequence of BER-TLV objects (one level)."""
    pos = 0
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag & 0x1F == 0x1F:
            while True:
                if pos >= len(data):
                    raise TlvError("truncated tag")
                byte = data[pos]
                pos += 1
                tag = (tag << 8) | byte
                if not byte & 0x80:
                    break
        if pos >= len(data):
            raise TlvError("missing length")
        length = data[pos]
        pos += 1
        if length & 0x80:
            count = length & 0x7F
            if count == 0 or count > 2 or pos + count > len(data):
                raise TlvError("bad length")
            length = int.from_bytes(data[pos:pos + count], "big")
            pos += count
        if pos + length > len(data):
            raise TlvError("value runs past the end")
        yield tag, data[pos:pos + length]
        pos += length


def parse_tlv(data: bytes) -> dict[int, bytes]:
    """The first value of each tag (one level)."""
    out: dict[int, bytes] = {}
    for tag, value in iter_tlv(data):
        out.setdefault(tag, value)
    return out


def unwrap(data: bytes, tag: int) -> bytes:
    """The value of `data`, which must be exactly one TLV with `tag`."""
    items = list(iter_tlv(data))
    if len(items) != 1 or items[0][0] != tag:
        raise TlvError(f"expected one {tag:X} object")
    return items[0][1]
