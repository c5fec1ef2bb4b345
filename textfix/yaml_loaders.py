"""The YAML loaders for rule and data files: safe loading only, repeated keys and aliases refused.

Kept apart from the rule set so that a run whose files were all parsed before (and cached)
never imports a YAML parser.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any

import yaml

ALIAS_PROBLEM = "aliases (*{name}) are not allowed in textfix files; write the value out"


class _NoAliases(yaml.constructor.SafeConstructor):
    """Refuses a document that uses an alias (`*name`) before anything is built from it.

    An alias makes two places share one node, so a few nested ones stand for an exponential
    number of copies ("billion laughs": 1 KB becoming gigabytes once the rules walk it).
    Rule and data files have no need of them. A node reached twice in the composed graph is
    an alias; its line is looked for only on this error path."""

    def construct_document(self, node: yaml.Node) -> Any:
        seen: set[int] = set()
        stack = [node]
        while stack:
            item = stack.pop()
            if id(item) in seen:
                raise yaml.constructor.ConstructorError(None, None, ALIAS_PROBLEM, item.start_mark)
            seen.add(id(item))
            if isinstance(item, yaml.SequenceNode):
                stack.extend(item.value)
            elif isinstance(item, yaml.MappingNode):
                stack.extend(part for pair in item.value for part in pair)
        return super().construct_document(node)


class _LineLoader(_NoAliases, yaml.SafeLoader):
    """Safe loader that remembers the line of every mapping, for error messages."""


def _reject_duplicate_keys(loader: yaml.constructor.BaseConstructor, node: yaml.MappingNode) -> None:
    # YAML lets a later key silently replace an earlier one; in rule data ("swap" lists,
    # registries) that hides a contradiction, so a repeated key is an error.
    seen: dict[Hashable, int] = {}  # key -> the line it was first given on
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            first = seen.get(key)
        except TypeError:
            continue  # an unhashable key: construct_mapping reports it
        if first is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first given on line {first})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Hashable, Any]:
    _reject_duplicate_keys(loader, node)
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


if TYPE_CHECKING:  # the pure-Python fallback has the same interface
    _SafeBase = yaml.CSafeLoader
else:
    _SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Data files (the names registry) are large and need no line numbers: libyaml parses them
# four times faster than the pure-Python loader.
class _FAST_LOADER(_NoAliases, _SafeBase):
    """libyaml's safe loader, refusing repeated keys like the line-keeping one."""


def _construct_plain_mapping(loader: _FAST_LOADER, node: yaml.MappingNode) -> dict[Hashable, Any]:
    _reject_duplicate_keys(loader, node)
    return loader.construct_mapping(node, deep=True)


_FAST_LOADER.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_plain_mapping)


LINE_LOADER, PLAIN_LOADER = _LineLoader, _FAST_LOADER


def load(text: str, lines: bool = True) -> Any:
    """The data of one YAML document; yaml.YAMLError, with the line in its mark, if unusable."""
    try:
        return yaml.load(text, Loader=LINE_LOADER if lines else PLAIN_LOADER)  # both safe loaders
    except yaml.constructor.ConstructorError as exc:
        if exc.problem == ALIAS_PROBLEM:
            # The shared node's mark is its anchor; the alias that reuses it is the line to fix.
            alias = next(token for token in yaml.scan(text) if isinstance(token, yaml.AliasToken))
            exc.problem, exc.problem_mark = ALIAS_PROBLEM.format(name=alias.value), alias.start_mark
        raise
