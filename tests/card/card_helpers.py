"""Scripted transport for APDU-level tests: asserts the exact bytes sent, plays back replies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

Responder = Callable[[bytes], str]


def h(text: str) -> bytes:
    """Hex (spaces allowed) → bytes."""
    return bytes.fromhex(text.replace(" ", ""))


@dataclass
class ScriptedTransport:
    """Each step is (expected command hex, reply hex) or a callable(command) -> reply hex."""

    steps: list[tuple[str, str] | Responder]
    sent: list[bytes] = field(default_factory=list)
    closed: bool = False

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        assert self.steps, f"unexpected command {apdu.hex(' ')}"
        step = self.steps.pop(0)
        self.sent.append(apdu)
        if callable(step):
            reply = h(step(apdu))
        else:
            expected, answer = step
            assert apdu.hex(" ").upper() == h(expected).hex(" ").upper()
            reply = h(answer)
        return reply[:-2], int.from_bytes(reply[-2:], "big")

    def close(self) -> None:
        self.closed = True

    def assert_done(self) -> None:
        assert not self.steps, f"{len(self.steps)} scripted commands were not sent"
