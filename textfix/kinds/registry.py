"""The rule kinds, by the name a rule file gives in `kind:`.

A kind's module is imported only when a rule of that kind is loaded: a run that selects a
few rules does not pay for the others' imports (ftfy, rapidfuzz, the names registry).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textfix.kinds import BaseKind

# kind name -> (module in textfix.kinds, class)
KINDS: dict[str, tuple[str, str]] = {
    "pattern": ("pattern", "PatternKind"),
    "substitution": ("substitution", "SubstitutionKind"),
    "stray_stop": ("stray_stop", "StrayStopKind"),
    "repetition": ("repetition", "RepetitionKind"),
    "boilerplate": ("boilerplate", "BoilerplateKind"),
    "encoding": ("encoding", "EncodingKind"),
    "consistency": ("consistency", "ConsistencyKind"),
    "names": ("names", "NamesKind"),
    "name_consistency": ("name_consistency", "NameConsistencyKind"),
    "source_codes": ("source_codes", "SourceCodesKind"),
    "untranslated": ("source_marks", "UntranslatedKind"),
    "end_punctuation": ("source_marks", "EndPunctuationKind"),
    "outer_whitespace": ("source_marks", "OuterWhitespaceKind"),
    "source_names": ("source_names", "SourceNamesKind"),
    "translation_consistency": ("translation_consistency", "TranslationConsistencyKind"),
    "glossary": ("glossary", "GlossaryKind"),
}


def kind_class(name: str) -> type[BaseKind]:
    """The class of the kind called `name` (one of KINDS)."""
    module, cls = KINDS[name]
    kind: type[BaseKind] = getattr(importlib.import_module(f"textfix.kinds.{module}"), cls)
    return kind
