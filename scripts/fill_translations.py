"""Fill unfinished messages of a Qt .ts file from glossary files (one per work area).

Glossary lines: CONTEXT<TAB>SOURCE<TAB>TRANSLATION, with CONTEXT `*` for any context and `\\n`
for a line break; `#` starts a comment line. Only unfinished messages are filled, so a translation
finished in the .ts itself is never overwritten. Usage: fill_translations.py TS GLOSSARY...
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def read_glossary(paths: list[Path]) -> dict[tuple[str, str], str]:
    entries: dict[tuple[str, str], str] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise SystemExit(f"{path}:{number}: expected CONTEXT<TAB>SOURCE<TAB>TRANSLATION")
            context, source, translation = (p.replace("\\n", "\n") for p in parts)
            entries[(context, source)] = translation
    return entries


def fill(ts: Path, glossary: dict[tuple[str, str], str]) -> int:
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") != "unfinished":
                continue
            source = message.findtext("source") or ""
            text = glossary.get((name, source), glossary.get(("*", source)))
            if text is not None:
                translation.text = text
                del translation.attrib["type"]
                filled += 1
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8")
    return filled


if __name__ == "__main__":
    ts_path, *glossaries = (Path(a) for a in sys.argv[1:])
    print(f"filled {fill(ts_path, read_glossary(glossaries))} messages from {len(glossaries)} glossaries")
