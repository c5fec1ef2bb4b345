"""The YAML loaders for rule and data files: safe loading only, repeated keys refused.

Kept apart from the rule set so that a run whose files were all parsed before (and cached)
never imports a YAML parser.
"""

from __future__ import annotations

import yaml


class _LineLoader(yaml.SafeLoader):
    """Safe loader that remembers the line of every mapping, for error messages."""


def _reject_duplicate_keys(loader, node: yaml.MappingNode) -> None:
    # YAML lets a later key silently replace an earlier one; in rule data ("swap" lists,
    # registries) that hides a contradiction, so a repeated key is an error.
    seen: dict = {}
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


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    _reject_duplicate_keys(loader, node)
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# Data files (the names registry) are large and need no line numbers: libyaml parses them
# four times faster than the pure-Python loader.
class _FAST_LOADER(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # noqa: N801
    """libyaml's safe loader, refusing repeated keys like the line-keeping one."""


def _construct_plain_mapping(loader, node: yaml.MappingNode) -> dict:
    _reject_duplicate_keys(loader, node)
    return loader.construct_mapping(node, deep=True)


_FAST_LOADER.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_plain_mapping)


LINE_LOADER, PLAIN_LOADER = _LineLoader, _FAST_LOADER
