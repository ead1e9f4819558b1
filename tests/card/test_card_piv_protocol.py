"""PivSession: exact bytes against scripted replies, then full flows against the software card."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest
from card_helpers import ScriptedTransport, h
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from app.card import apdu, errors, piv
from app.card.piv import Algorithm, ObjectTag, PivSession, Slot
from app.card.softcard import ATR, InProcessTransport, SoftPivCard, parse_command

SELECT = "00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00"
VERIFY_123456 = "00 20 00 80 08 31 32 33 34 35 36 FF FF"
DIGEST = hashlib.sha256(b"Juminzei").digest()
MGMT = piv.DEFAULT_MANAGEMENT_KEY


def session(*steps: tuple[str, str]) -> tuple[PivSession, ScriptedTransport]:
    t = ScriptedTransport(list(steps))
    return PivSession(t), t


def ecb(algorithm: int, key: bytes, block: bytes, decrypt: bool = False) -> bytes:
    cipher = piv.management_cipher(algorithm, key)
    ctx = cipher.decryptor() if decrypt else cipher.encryptor()
    return ctx.update(block) + ctx.finalize()


# --- scripted: exact bytes ---------------------------------------------------------------------

def test_select() -> None:
    fci = ("61 21 4F 06 00 00 10 00 01 00 79 07 4F 05 A0 00 00 03 08 50 04 54 45 53 54"
           " AC 08 80 01 11 80 01 03 06 00")
    s, t = session((SELECT, fci + " 90 00"))
    result = s.select()
    assert result == piv.SelectResult(aid=h("000010000100"), label="TEST", algorithms=(0x11, 0x03))
    t.assert_done()
    s, _t = session((SELECT, "90 00"))
    assert s.select() == piv.SelectResult(b"", "", ())
    s, _ = session((SELECT, "6A 82"))
    with pytest.raises(errors.AppletNotFound):
        s.select()
    s, _ = session((SELECT, "6E 00"))
    with pytest.raises(errors.NotSupported):
        s.select()


def test_verify_pin() -> None:
    s, t = session((VERIFY_123456, "90 00"), ("00 20 00 80 08 31 32 33 34 35 36 37 38", "90 00"))
    s.verify_pin("123456")
    s.verify_pin(b"12345678")
    t.assert_done()


@pytest.mark.parametrize(("sw", "error", "left"), [
    ("63 C2", errors.WrongPin, 2), ("63 C1", errors.WrongPin, 1),
    ("63 C0", errors.PinBlocked, None), ("69 83", errors.PinBlocked, None),
    ("6A 80", errors.WrongData, None),
])
def test_verify_pin_failures(sw: str, error: type[Exception], left: int | None) -> None:
    s, _ = session((VERIFY_123456, sw))
    with pytest.raises(error) as info:
        s.verify_pin("123456")
    assert not isinstance(info.value, errors.WrongPuk)
    if left is not None:
        assert isinstance(info.value, errors.WrongPin) and info.value.retries_left == left


@pytest.mark.parametrize("pin", ["12345", "123456789", b""])
def test_pin_length_checked_before_sending(pin: str | bytes) -> None:
    s, t = session()
    with pytest.raises(ValueError):
        s.verify_pin(pin)
    assert t.sent == []


def test_pin_retries_and_status() -> None:
    s, t = session(("00 20 00 80", "63 C3"), ("00 20 00 80", "90 00"), ("00 20 00 80", "69 83"),
                   ("00 20 00 80", "90 00"), ("00 20 FF 80", "90 00"))
    assert s.pin_retries() == 3
    assert s.pin_retries() is None
    assert s.pin_retries() == 0
    assert s.pin_verified()
    s.reset_pin_status()
    t.assert_done()
    s, _ = session(("00 20 00 80", "6A 88"))
    with pytest.raises(errors.ReferencedDataNotFound):
        s.pin_retries()


def test_change_pin_puk_and_unblock() -> None:
    old, new = "31 32 33 34 35 36 FF FF", "36 35 34 33 32 31 FF FF"
    puk = "31 32 33 34 35 36 37 38"
    s, t = session(
        (f"00 24 00 80 10 {old} {new}", "90 00"),
        (f"00 24 00 80 10 {old} {new}", "63 C1"),
        (f"00 24 00 81 10 {puk} {puk}", "90 00"),
        (f"00 24 00 81 10 {puk} {puk}", "63 C2"),
        (f"00 2C 00 80 10 {puk} {new}", "90 00"),
        (f"00 2C 00 80 10 {puk} {new}", "63 C1"),
        (f"00 2C 00 80 10 {puk} {new}", "69 83"),
        (f"00 2C 00 80 10 {puk} {new}", "63 C0"),
        (f"00 24 00 80 10 {old} {new}", "69 83"),
    )
    s.change_pin("123456", "654321")
    with pytest.raises(errors.WrongPin) as wrong_pin:
        s.change_pin("123456", "654321")
    assert wrong_pin.value.retries_left == 1 and not isinstance(wrong_pin.value, errors.WrongPuk)
    s.change_puk("12345678", "12345678")
    with pytest.raises(errors.WrongPuk) as wrong_puk:
        s.change_puk("12345678", "12345678")
    assert wrong_puk.value.retries_left == 2
    s.unblock_pin("12345678", "654321")
    with pytest.raises(errors.WrongPuk):
        s.unblock_pin("12345678", "654321")
    with pytest.raises(errors.PukBlocked):
        s.unblock_pin("12345678", "654321")
    with pytest.raises(errors.PukBlocked):
        s.unblock_pin("12345678", "654321")
    with pytest.raises(errors.PinBlocked) as blocked:
        s.change_pin("123456", "654321")
    assert not isinstance(blocked.value, errors.PukBlocked)
    t.assert_done()


def test_get_data_with_response_chaining() -> None:
    body = bytes(range(256)) * 2
    reply = apdu.tlv(0x53, body)
    s, t = session(
        ("00 CB 3F FF 05 5C 03 5F C1 02 00", reply[:256].hex() + " 61 00"),
        ("00 C0 00 00 00", reply[256:512].hex() + f" 61 {len(reply) - 512:02X}"),
        (f"00 C0 00 00 {len(reply) - 512:02X}", reply[512:].hex() + " 90 00"),
    )
    assert s.get_data(ObjectTag.CHUID) == body
    t.assert_done()


def test_get_data_discovery_and_errors() -> None:
    s, t = session(
        ("00 CB 3F FF 03 5C 01 7E 00", "7E 03 4F 01 AA 90 00"),
        ("00 CB 3F FF 05 5C 03 5F C1 09 00", "6A 82"),
        ("00 CB 3F FF 05 5C 03 5F C1 09 00", "69 82"),
    )
    assert s.get_data(ObjectTag.DISCOVERY) == h("4F 01 AA")
    with pytest.raises(errors.DataObjectNotFound):
        s.get_data(ObjectTag.PRINTED_INFORMATION)
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        s.get_data(ObjectTag.PRINTED_INFORMATION)
    t.assert_done()


def test_put_data_chained_and_discovery() -> None:
    payload = bytes(300)
    full = h("5C 03 5F C1 09") + apdu.tlv(0x53, payload)
    s, t = session(
        ("10 DB 3F FF FF " + full[:255].hex(), "90 00"),
        (f"00 DB 3F FF {len(full) - 255:02X} " + full[255:].hex(), "90 00"),
        ("00 DB 3F FF 06 5C 01 7E 7E 01 AA", "90 00"),
        ("00 DB 3F FF 08 5C 03 5F C1 09 53 01 AA", "69 82"),
    )
    s.put_data(ObjectTag.PRINTED_INFORMATION, payload)
    s.put_data(ObjectTag.DISCOVERY, h("AA"))
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        s.put_data(ObjectTag.PRINTED_INFORMATION, h("AA"))
    t.assert_done()


def _cert_der() -> bytes:
    card = SoftPivCard()
    card.provision(slots=(Slot.AUTHENTICATION,))
    cert = card.certificate(Slot.AUTHENTICATION)
    assert cert is not None
    return cert.public_bytes(Encoding.DER)


def test_certificates() -> None:
    der = _cert_der()
    container = apdu.tlv(0x53, piv.certificate_object(der))
    get_9a = "00 CB 3F FF 05 5C 03 5F C1 05 00"
    chunks = [container[i:i + 256] for i in range(0, len(container), 256)]
    steps: list[tuple[str, str]] = [(get_9a, chunks[0].hex() + f" 61 {len(chunks[1]):02X}"),
                                    (f"00 C0 00 00 {len(chunks[1]):02X}", chunks[1].hex() + " 90 00")]
    steps += [(get_9a, "6A 82"), (get_9a, "53 04 70 00 FE 00 90 00"),
              (get_9a, apdu.tlv(0x53, apdu.tlv(0x70, der) + h("71 01 01")).hex() + " 90 00")]
    s, t = session(*steps)
    cert = s.read_certificate(Slot.AUTHENTICATION)
    assert cert is not None and cert.public_bytes(Encoding.DER) == der
    assert s.read_certificate(Slot.AUTHENTICATION) is None
    assert s.read_certificate(Slot.AUTHENTICATION) is None
    with pytest.raises(errors.CardError):
        s.read_certificate(Slot.AUTHENTICATION)
    t.assert_done()

    payload = h("5C 03 5F C1 0B") + container
    writes = [(f"10 DB 3F FF FF {payload[:255].hex()}", "90 00"),
              (f"00 DB 3F FF {len(payload) - 255:02X} {payload[255:].hex()}", "90 00")]
    s, t = session(*writes)
    assert cert is not None
    s.write_certificate(Slot.KEY_MANAGEMENT, cert)
    t.assert_done()


def test_card_guid() -> None:
    chuid = apdu.tlv(0x53, apdu.tlv(0x30, bytes(25)) + apdu.tlv(0x34, bytes(range(16))))
    get = "00 CB 3F FF 05 5C 03 5F C1 02 00"
    s, t = session((get, chuid.hex() + " 90 00"), (get, "6A 82"))
    assert s.card_guid() == bytes(range(16))
    assert s.card_guid() is None
    t.assert_done()


@pytest.mark.parametrize(("algorithm", "key"), [(Algorithm.TDES, MGMT), (Algorithm.AES128, bytes(range(16)))])
def test_authenticate_mutual(algorithm: int, key: bytes) -> None:
    size = piv.management_block_size(algorithm)
    witness = bytes(range(size))
    enc_witness = ecb(algorithm, key, witness)

    def step2(command: bytes) -> str:
        head = h(f"00 87 {algorithm:02X} 9B {6 + 2 * size:02X} 7C {4 + 2 * size:02X} 80 {size:02X}")
        assert command.startswith(head + witness + bytes((0x81, size)))
        assert command[-1] == 0x00
        challenge = command[len(head) + size + 2:-1]
        assert len(challenge) == size
        return apdu.tlv(0x7C, apdu.tlv(0x82, ecb(algorithm, key, challenge))).hex() + "9000"

    t = ScriptedTransport([
        (f"00 87 {algorithm:02X} 9B 04 7C 02 80 00 00",
         apdu.tlv(0x7C, apdu.tlv(0x80, enc_witness)).hex() + "9000"),
        step2,
    ])
    PivSession(t).authenticate(key, algorithm)
    t.assert_done()


def test_authenticate_failures() -> None:
    first = "00 87 03 9B 04 7C 02 80 00 00"
    witness_reply = apdu.tlv(0x7C, apdu.tlv(0x80, bytes(8))).hex() + "9000"
    t = ScriptedTransport([(first, "7C 04 80 02 00 00 90 00")])
    with pytest.raises(errors.AuthenticationFailed):
        PivSession(t).authenticate()
    t = ScriptedTransport([(first, witness_reply), lambda c: "7C 0A 82 08 0000000000000000 9000"])
    with pytest.raises(errors.AuthenticationFailed):
        PivSession(t).authenticate()
    t = ScriptedTransport([(first, witness_reply), lambda c: "69 82"])
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        PivSession(t).authenticate()
    with pytest.raises(ValueError):
        piv.management_cipher(0x07, MGMT)
    with pytest.raises(ValueError):
        piv.management_cipher(Algorithm.AES128, MGMT)


def test_generate_key() -> None:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    generated = apdu.tlv(0x7F49, apdu.tlv(0x86, point)).hex() + "9000"
    s, t = session(("00 47 00 9A 05 AC 03 80 01 11 00", generated),
                   ("00 47 00 9D 05 AC 03 80 01 11 00", "69 82"))
    assert s.generate_key(Slot.AUTHENTICATION) == key
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        s.generate_key(Slot.KEY_MANAGEMENT)
    with pytest.raises(ValueError):
        s.generate_key(Slot.AUTHENTICATION, Algorithm.RSA2048)
    t.assert_done()


def test_sign_and_ecdh_bytes() -> None:
    signature = bytes(70)
    peer = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = peer.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    s, t = session(
        ("00 87 11 9A 26 7C 24 82 00 81 20 " + DIGEST.hex() + " 00",
         apdu.tlv(0x7C, apdu.tlv(0x82, signature)).hex() + "9000"),
        ("00 87 11 9D 47 7C 45 82 00 85 41 " + point.hex() + " 00", "7C 22 82 20" + "11" * 32 + "9000"),
        ("00 87 11 9D 47 7C 45 82 00 85 41 " + point.hex() + " 00", "7C 22 82 20" + "22" * 32 + "9000"),
        ("00 87 11 9A 26 7C 24 82 00 81 20 " + DIGEST.hex() + " 00", "69 82"),
        ("00 87 11 9A 26 7C 24 82 00 81 20 " + DIGEST.hex() + " 00", "7C 00 90 00"),
    )
    assert s.sign(Slot.AUTHENTICATION, DIGEST) == signature
    assert s.ecdh(Slot.KEY_MANAGEMENT, peer) == b"\x11" * 32
    assert s.ecdh(Slot.KEY_MANAGEMENT, point) == b"\x22" * 32
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        s.sign(Slot.AUTHENTICATION, DIGEST)
    with pytest.raises(errors.CardError):
        s.sign(Slot.AUTHENTICATION, DIGEST)
    with pytest.raises(ValueError):
        s.sign(Slot.AUTHENTICATION, DIGEST[:20])
    with pytest.raises(ValueError):
        s.ecdh(Slot.KEY_MANAGEMENT, point[1:])
    with pytest.raises(ValueError):
        s.ecdh(Slot.KEY_MANAGEMENT, b"\x02" + point[1:])
    t.assert_done()


# --- against the software card -----------------------------------------------------------------

@pytest.fixture
def card() -> SoftPivCard:
    c = SoftPivCard(pin="123456", puk="12345678")
    c.provision()
    return c


@pytest.fixture
def s(card: SoftPivCard) -> PivSession:
    sess = PivSession(InProcessTransport(card))
    sess.select()
    return sess


def test_wrong_pin_counts_down_blocks_and_puk_unblocks(s: PivSession) -> None:
    assert s.pin_retries() == 3
    for left in (2, 1):
        with pytest.raises(errors.WrongPin) as info:
            s.verify_pin("000000")
        assert info.value.retries_left == left
        assert s.pin_retries() == left
    with pytest.raises(errors.PinBlocked):
        s.verify_pin("000000")
    with pytest.raises(errors.PinBlocked):
        s.verify_pin("123456")  # the right PIN no longer helps
    assert s.pin_retries() == 0
    with pytest.raises(errors.WrongPuk) as puk:
        s.unblock_pin("87654321", "111111")
    assert puk.value.retries_left == 2
    s.unblock_pin("12345678", "111111")
    assert s.pin_retries() == 3
    with pytest.raises(errors.WrongPin):
        s.verify_pin("123456")
    s.verify_pin("111111")
    assert s.pin_retries() is None


def test_puk_blocks(s: PivSession) -> None:
    for _ in range(2):
        with pytest.raises(errors.WrongPuk):
            s.unblock_pin("00000000", "111111")
    with pytest.raises(errors.PukBlocked):
        s.unblock_pin("00000000", "111111")
    with pytest.raises(errors.PukBlocked):
        s.unblock_pin("12345678", "111111")
    with pytest.raises(errors.PukBlocked):
        s.change_puk("12345678", "87654321")


def test_change_pin_and_puk(s: PivSession) -> None:
    with pytest.raises(errors.WrongPin):
        s.change_pin("999999", "222222")
    s.change_pin("123456", "22222222")
    s.verify_pin("22222222")
    s.change_puk("12345678", "87654321")
    with pytest.raises(errors.WrongData):
        s.change_pin("22222222", "abcdef")  # PIN must be digits
    s.unblock_pin("87654321", "333333")
    s.verify_pin("333333")


def test_sign_verifies_and_needs_pin(s: PivSession, card: SoftPivCard) -> None:
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        s.sign(Slot.AUTHENTICATION, DIGEST)
    s.verify_pin("123456")
    signature = s.sign(Slot.AUTHENTICATION, DIGEST)
    cert = s.read_certificate(Slot.AUTHENTICATION)
    assert cert is not None
    public = cert.public_key()
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(signature, DIGEST, ec.ECDSA(Prehashed(hashes.SHA256())))
    assert public == card.public_key(Slot.AUTHENTICATION)


def test_ecdh_matches_host(s: PivSession, card: SoftPivCard) -> None:
    s.verify_pin("123456")
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    shared = s.ecdh(Slot.KEY_MANAGEMENT, ephemeral.public_key())
    card_public = card.public_key(Slot.KEY_MANAGEMENT)
    assert card_public is not None
    assert shared == ephemeral.exchange(ec.ECDH(), card_public)


def test_generate_put_data_need_management_key(s: PivSession) -> None:
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        s.generate_key(Slot.CARD_AUTH)
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        s.put_data(ObjectTag.PRINTED_INFORMATION, b"x")
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        s.authenticate(bytes(24))
    s.authenticate()
    public = s.generate_key(Slot.CARD_AUTH)
    signature = s.sign(Slot.CARD_AUTH, DIGEST)  # 9E needs no PIN
    public.verify(signature, DIGEST, ec.ECDSA(Prehashed(hashes.SHA256())))
    big = bytes(range(256)) * 4
    s.put_data(ObjectTag.PRINTED_INFORMATION, big)
    with pytest.raises(errors.SecurityStatusNotSatisfied):
        s.get_data(ObjectTag.PRINTED_INFORMATION)  # printed information needs the PIN
    s.verify_pin("123456")
    assert s.get_data(ObjectTag.PRINTED_INFORMATION) == big
    s.put_data(ObjectTag.PRINTED_INFORMATION, b"")
    with pytest.raises(errors.DataObjectNotFound):
        s.get_data(ObjectTag.PRINTED_INFORMATION)


def test_objects_and_certificates(s: PivSession, card: SoftPivCard) -> None:
    assert s.card_guid() == card.guid and len(card.guid) == 16
    discovery = apdu.parse_tlv(s.get_data(ObjectTag.DISCOVERY))
    assert discovery[0x4F] == piv.PIV_AID and discovery[0x5F2F] == h("40 00")
    ccc = apdu.parse_tlv(s.get_data(ObjectTag.CARD_CAPABILITY_CONTAINER))
    assert ccc[0xF0][:7] == h("A0 00 00 01 16 FF 02")
    assert apdu.parse_tlv(s.get_data(ObjectTag.KEY_HISTORY))[0xC1] == b"\x00"
    assert s.read_certificate(Slot.SIGNATURE) is None
    cert = s.read_certificate(Slot.AUTHENTICATION)
    assert cert is not None
    s.authenticate()
    s.write_certificate(Slot.SIGNATURE, cert)
    assert s.read_certificate(Slot.SIGNATURE) == cert


def test_aes_management_key() -> None:
    key = bytes(range(16))
    card = SoftPivCard(management_key=key, management_algorithm=Algorithm.AES128)
    s = PivSession(InProcessTransport(card))
    result = s.select()
    assert result.algorithms == (Algorithm.ECC_P256, Algorithm.AES128)
    with pytest.raises(errors.IncorrectParameters):
        s.authenticate()  # 3DES against an AES card
    s.authenticate(key, Algorithm.AES128)
    s.generate_key(Slot.KEY_MANAGEMENT)


def test_pin_status_power_cycle_and_reselect(card: SoftPivCard) -> None:
    transport = InProcessTransport(card)
    s = PivSession(transport)
    s.select()
    s.verify_pin("123456")
    s.select()
    assert s.pin_verified()  # kept on re-SELECT
    card.reset()
    s.select()
    assert not s.pin_verified()
    s.verify_pin("123456")
    card.power_off()
    with pytest.raises(errors.CardRemoved):
        s.pin_retries()
    s2 = PivSession(InProcessTransport(card))
    s2.select()
    assert s2.pin_retries() == 3
    transport.close()
    with pytest.raises(errors.CardCommunicationError):
        s.select()


def test_state_file_persists(tmp_path: Path) -> None:
    path = tmp_path / "card.json"
    card = SoftPivCard(pin="246810", state_path=path)
    card.provision("Test Clerk")
    assert not card.provision("Test Clerk")
    s = PivSession(InProcessTransport(card))
    s.select()
    with pytest.raises(errors.WrongPin):
        s.verify_pin("000000")
    again = SoftPivCard(state_path=path)
    s2 = PivSession(InProcessTransport(again))
    s2.select()
    assert s2.pin_retries() == 2
    s2.verify_pin("246810")
    assert again.public_key(Slot.AUTHENTICATION) == card.public_key(Slot.AUTHENTICATION)
    assert again.certificate(Slot.KEY_MANAGEMENT) == card.certificate(Slot.KEY_MANAGEMENT)
    assert again.guid == card.guid
    state = json.loads(path.read_text())
    assert "BEGIN PRIVATE KEY" in state["keys"]["9A"]
    assert path.stat().st_mode & 0o777 == 0o600
    state["version"] = 99
    path.write_text(json.dumps(state))
    with pytest.raises(ValueError):
        SoftPivCard(state_path=path)


def test_softcard_rejects_bad_setup() -> None:
    with pytest.raises(ValueError):
        SoftPivCard(pin="12ab56")
    with pytest.raises(ValueError):
        SoftPivCard(puk="1234")
    with pytest.raises(ValueError):
        SoftPivCard(management_key=bytes(16))


def test_trace_never_contains_pin(s: PivSession, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="app.card.apdu"):
        with pytest.raises(errors.WrongPin):
            s.verify_pin("975310")
        s.verify_pin("123456")
        s.change_pin("123456", "864200")
        s.unblock_pin("12345678", "135791")
        s.verify_pin("135791")
        s.ecdh(Slot.KEY_MANAGEMENT, ec.generate_private_key(ec.SECP256R1()).public_key())
    text = caplog.text.replace(" ", "")
    assert ">>00200080[8bytesredacted]" in text  # the commands are traced…
    for secret in ("975310", "123456", "864200", "135791", "12345678"):
        assert secret not in text
        assert secret.encode().hex() not in text.lower()  # …but never their PIN bytes


# --- software card corner cases (raw APDUs) -----------------------------------------------------

def raw(card: SoftPivCard, command: str) -> str:
    return card.process(h(command)).hex(" ").upper()


def test_softcard_raw_commands(card: SoftPivCard) -> None:
    card.power_on()
    assert raw(card, "00 CB 3F FF 03 5C 01 7E 00") == "6D 00"  # nothing selected
    assert raw(card, "00 A4 04 00 05 A0 00 00 03 99 00") == "6A 82"
    assert raw(card, "00 A4 00 00 02 3F 00") == "6A 82"
    assert raw(card, "00 A4 04 0C 09 A0 00 00 03 08 00 00 10 00") == "90 00"
    assert raw(card, "80 CB 3F FF 03 5C 01 7E 00") == "6E 00"
    assert raw(card, "00 FD 00 00 00") == "6D 00"
    assert raw(card, "00 C0 00 00 00") == "69 85"
    assert raw(card, "00 CB") == "67 00"
    assert raw(card, "00 CB 3F FF 05 5C 01") == "67 00"
    assert raw(card, "00 CB 3F FE 03 5C 01 7E 00") == "6A 86"
    assert raw(card, "00 CB 3F FF 03 5C 05 7E 00") == "6A 80"
    assert raw(card, "00 CB 3F FF 02 53 00 00") == "6A 80"
    assert raw(card, "00 CB 3F FF 05 5C 03 5F C1 0A 00") == "6A 82"
    # extended-length GET DATA answers in one piece
    answer = card.process(h("00 CB 3F FF 00 00 05 5C 03 5F C1 05 00 00"))
    assert answer[-2:] == h("90 00") and len(answer) > 300
    assert raw(card, "00 CB 3F FF 00 00") == "67 00"
    assert raw(card, "00 CB 3F FF 00 00 05 5C 03") == "67 00"
    # short Le smaller than the object: 61xx chaining from the card
    first = card.process(h("00 CB 3F FF 03 5C 01 7E 10"))
    assert first[-2:] == h("61 04")
    assert raw(card, "00 C0 00 00 04") == "2F 02 40 00 90 00"
    # VERIFY variants
    assert raw(card, "00 20 00 81 08 31 32 33 34 35 36 37 38") == "6A 88"
    assert raw(card, "00 20 01 80") == "6A 86"
    assert raw(card, "00 20 00 80 04 31 32 33 34") == "6A 80"
    assert raw(card, "00 20 FF 80 01 00") == "6A 80"
    assert raw(card, "00 24 01 80 10" + "31" * 16) == "6A 86"
    assert raw(card, "00 24 00 82 10" + "31" * 16) == "6A 88"
    assert raw(card, "00 24 00 80 08" + "31" * 8) == "6A 80"
    assert raw(card, "00 24 00 81 10" + "31" * 8 + "31323334FFFFFFFF") == "6A 80"
    assert raw(card, "00 2C 01 80 10" + "31" * 16) == "6A 86"
    assert raw(card, "00 2C 00 81 10" + "31" * 16) == "6A 88"
    assert raw(card, "00 2C 00 80 10" + "31" * 8 + "41" * 8) == "6A 80"


def test_softcard_raw_keys_and_objects(card: SoftPivCard) -> None:
    s = PivSession(InProcessTransport(card))
    s.select()
    assert raw(card, "00 DB 3F FF 03 5C 01 7E") == "69 82"
    assert raw(card, "00 47 00 9A 05 AC 03 80 01 11") == "69 82"
    assert raw(card, "00 87 03 9B 16 7C 14 80 08 0000000000000000 81 08 0000000000000000") == "69 85"
    s.authenticate()
    assert raw(card, "00 DB 3F FE 03 5C 01 7E") == "6A 86"
    assert raw(card, "00 DB 3F FF 02 5C 01") == "6A 80"
    assert raw(card, "00 DB 3F FF 04 5C 01 7E 53") == "6A 80"
    assert raw(card, "00 DB 3F FF 05 5C 01 7E 53 00") == "6A 80"
    assert raw(card, "00 47 01 9A 05 AC 03 80 01 11") == "6A 86"
    assert raw(card, "00 47 00 9B 05 AC 03 80 01 11") == "6A 86"
    assert raw(card, "00 47 00 9A 05 AC 03 80 01 07") == "6A 80"
    assert raw(card, "00 47 00 9A 02 AC 03") == "6A 80"
    # management key protocol errors
    assert raw(card, "00 87 03 9B 04 7C 02 81 00") == "69 85"
    assert raw(card, "00 87 03 9B 04 7C 02 80 00 00")[-5:] == "90 00"
    assert raw(card, "00 87 03 9B 0C 7C 0A 80 08 0000000000000000") == "6A 80"
    assert raw(card, "00 87 08 9B 04 7C 02 80 00") == "6A 86"
    # key operations
    assert raw(card, "00 87 11 9A 02 7C 03") == "6A 80"
    assert raw(card, "00 87 11 9F 04 7C 02 82 00") == "6A 86"
    assert raw(card, "00 87 14 9A 04 7C 02 82 00") == "6A 86"
    assert raw(card, "00 87 11 9C 04 7C 02 82 00") == "6A 88"
    s.verify_pin("123456")
    assert raw(card, "00 87 11 9A 04 7C 02 81 00") == "6A 80"
    assert raw(card, "00 87 11 9A 04 7C 02 82 00") == "6A 80"
    assert raw(card, "00 87 11 9D 09 7C 07 82 00 85 03 04 01 02") == "6A 80"
    # a short digest is left-padded, a long one truncated (ECDSA conversion rules)
    short = card.process(h("00 87 11 9A 0C 7C 0A 82 00 81 06 010203040506 00"))
    assert short[-2:] == h("90 00")
    public = card.public_key(Slot.AUTHENTICATION)
    assert public is not None
    sig = apdu.parse_tlv(apdu.unwrap(short[:-2], 0x7C))[0x82]
    public.verify(sig, bytes(26) + h("010203040506"), ec.ECDSA(Prehashed(hashes.SHA256())))


def test_softcard_internal_error_answers_6f00(card: SoftPivCard, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    s = PivSession(InProcessTransport(card))
    s.select()

    def boom(self: SoftPivCard, cmd: object) -> tuple[bytes, int]:
        raise RuntimeError("bug")

    monkeypatch.setitem(SoftPivCard._HANDLERS, 0xCB, boom)
    with caplog.at_level(logging.CRITICAL, logger="app.card.softcard"):
        assert raw(card, "00 CB 3F FF 03 5C 01 7E 00") == "6F 00"


def test_parse_command_and_atr() -> None:
    cmd = parse_command(h("00 CB 3F FF 03 5C 01 7E 00"))
    assert (cmd.data, cmd.le, cmd.extended) == (h("5C 01 7E"), 256, False)
    cmd = parse_command(h("00 CB 3F FF 00 00 00"))
    assert (cmd.data, cmd.le, cmd.extended) == (b"", 65536, True)
    cmd = parse_command(h("00 DB 3F FF 00 00 01 AA"))
    assert (cmd.data, cmd.le, cmd.extended) == (h("AA"), 0, True)
    tck = 0
    for byte in ATR[1:]:
        tck ^= byte
    assert ATR[0] == 0x3B and tck == 0


def test_command_chaining_interrupted(card: SoftPivCard) -> None:
    s = PivSession(InProcessTransport(card))
    s.select()
    s.authenticate()
    # a chain broken by another command is dropped
    assert raw(card, "10 DB 3F FF 03 5C 01 7E") == "90 00"
    assert raw(card, "00 20 00 80") == "63 C3"
    assert raw(card, "00 DB 3F FF 02 7E 00") == "6A 80"
