"""A glossary of required and forbidden target terms, read from CSV or TBX.

CSV: one term a row, `source term, target term, language, status, note`; status is
"required" (the default) or "forbidden"; a first row naming the columns is skipped.
TBX (TBX-Basic, TBX-Min, TBX v3): each concept's terms per language; the source language
is the file's `xml:lang` or TBX-Min `<languages source>` (else English); a term whose status is deprecated, superseded,
obsolete or not recommended is forbidden, every other one required. Read with the
standard library's XML parser, which expands no external entities.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from textfix.rule import base_language

FORBIDDEN_STATUSES = {
    "forbidden",
    "deprecated",
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
    "obsolete",
    "notrecommended",
    "not recommended",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class GlossaryError(ValueError):
    pass


@dataclass(frozen=True)
class Term:
    source: str  # "" where the row names no source term
    target: str
    language: str  # "" for every language
    forbidden: bool = False
    note: str = ""

    def speaks(self, lang: str | None) -> bool:
        """Whether the term is for text in `lang` ("de" covers "de_CH"; "de-CH" only itself)."""
        if not self.language:
            return True
        if not lang:
            return False
        want, have = self.language.replace("_", "-").lower(), lang.replace("_", "-").lower()
        return want == have if "-" in want else base_language(want) == base_language(have)


def load(path: Path) -> list[Term]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"{path}: cannot read glossary: {exc.strerror}") from None
    if path.suffix.lower() in (".tbx", ".xml"):
        return read_tbx(data, path)
    try:
        return read_csv(data.decode("utf-8-sig"), path)
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: glossary is not UTF-8 (byte {exc.start})") from None


def read_csv(text: str, path: Path = Path("glossary.csv")) -> list[Term]:
    terms = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), 1):
        cells = [cell.strip() for cell in row] + [""] * 5
        source, target, language, status, note = cells[:5]
        if not any(cells) or source.startswith("#"):
            continue
        status = status.lower() or "required"
        if number == 1 and status not in ("required", *FORBIDDEN_STATUSES):
            continue  # the column names
        if not target:
            raise GlossaryError(f"{path}:{number}: a row with no target term")
        if status not in ("required", *FORBIDDEN_STATUSES):
            raise GlossaryError(f"{path}:{number}: status must be 'required' or 'forbidden', not {status!r}")
        terms.append(Term(source, target, language, status in FORBIDDEN_STATUSES, note))
    return terms


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def read_tbx(data: bytes, path: Path = Path("glossary.tbx")) -> list[Term]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise GlossaryError(f"{path}: not a valid TBX file: {exc}") from None
    # TBX-Basic names the source language on the root, TBX-Min in its header.
    languages = next((e for e in root.iter() if _local(e.tag) == "languages"), None)
    source_lang = base_language(
        root.get(_XML_LANG) or (languages.get("source") if languages is not None else "") or "en"
    )
    terms = []
    for concept in root.iter():
        if _local(concept.tag) not in ("termEntry", "conceptEntry", "entry"):
            continue
        by_lang: dict[str, list[tuple[str, bool]]] = {}
        for lang_set in concept:
            if _local(lang_set.tag) not in ("langSet", "langSec", "langGroup"):
                continue
            lang = lang_set.get(_XML_LANG) or lang_set.get("lang") or ""
            by_lang.setdefault(lang, []).extend(_terms(lang_set))
        sources = [term for lang, found in by_lang.items() if base_language(lang) == source_lang for term, _ in found]
        for lang, found in by_lang.items():
            if base_language(lang) == source_lang:
                continue
            for target, forbidden in found:
                for source in sources or [""]:
                    terms.append(Term(source, target, lang, forbidden))
    return terms


def _terms(lang_set: ET.Element) -> list[tuple[str, bool]]:
    """(term, forbidden) for each term of one language of a concept."""
    found = []
    for group in lang_set.iter():
        if _local(group.tag) not in ("tig", "ntig", "termSec", "termGroup"):
            continue
        term, forbidden = "", False
        for element in group.iter():
            name = _local(element.tag)
            text = "".join(element.itertext()).strip()
            if name == "term" and not term:
                term = text
            elif name in ("termNote", "termStatus", "usageStatus", "descrip", "admin") and (
                name != "termNote"
                or element.get("type") in ("administrativeStatus", "usageStatus", "normativeAuthorization")
            ):
                forbidden = forbidden or text.lower().replace("-", "").replace(" ", "") in {
                    s.replace("-", "").replace(" ", "") for s in FORBIDDEN_STATUSES
                }
        if term:
            found.append((term, forbidden))
    return found
