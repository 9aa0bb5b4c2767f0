"""One interface over the two trees a migration works on: the loader's nodes and ruamel's round-trip
documents. A migration only reads values, builds plain values and replaces keys, so it is written once."""

from __future__ import annotations

from typing import Any, Protocol

from ..load import Loc, Map, Scalar, Seq


class Tree(Protocol):
    def is_map(self, node: Any) -> bool: ...

    def is_seq(self, node: Any) -> bool: ...

    def value(self, node: Any) -> Any:
        """A scalar's Python value (None for a mapping or list)."""

    def raw(self, node: Any) -> str:
        """A scalar's source text."""

    def loc(self, node: Any, path: str = "") -> Loc:
        """Where ``node`` stands (the file's name comes from the tree)."""

    def value_loc(self, mapping: Any, key: str, path: str = "") -> Loc:
        """Where the value of ``key`` in ``mapping`` stands."""

    def build(self, value: Any, like: Any) -> Any:
        """A node for plain ``value`` (dicts, lists, str, int) placed where ``like`` stands."""

    def block(self, seq: Any) -> Any:
        """``seq`` written one entry per line (its entries stay as built)."""

    def replace(self, mapping: Any, old: list[str], key: str, value: Any) -> None:
        """Put ``key: value`` where the first present of ``old`` stands, removing all of ``old``."""

    def insert_first(self, mapping: Any, key: str, value: Any) -> None:
        """Put ``key: value`` before every other key."""

    def drop(self, mapping: Any, key: str) -> None:
        """Leave out a value that could not be migrated (in memory); a rewritten file keeps it for its author."""


def texts(tree: Tree, node: Any) -> list[str]:
    """The strings of a text field: the one string, or each language's."""
    if tree.is_map(node):
        return [str(tree.value(v)) for v in node.values() if isinstance(tree.value(v), str)]
    value = tree.value(node)
    return [value] if isinstance(value, str) else []


class NodeTree:
    """The loader's :class:`~curriculum.load.Map`, :class:`~curriculum.load.Seq` and :class:`~curriculum.load.Scalar`."""

    def __init__(self, file: str) -> None:
        self.file = file

    def is_map(self, node: Any) -> bool:
        return isinstance(node, Map)

    def is_seq(self, node: Any) -> bool:
        return isinstance(node, Seq)

    def value(self, node: Any) -> Any:
        return node.value if isinstance(node, Scalar) else None

    def raw(self, node: Any) -> str:
        return node.raw if isinstance(node, Scalar) else ""

    def loc(self, node: Any, path: str = "") -> Loc:
        return node.loc.at(path)

    def value_loc(self, mapping: Any, key: str, path: str = "") -> Loc:
        return mapping[key].loc.at(path)

    def build(self, value: Any, like: Any) -> Any:
        loc = like.loc
        if isinstance(value, dict):
            out = Map(loc)
            for k, v in value.items():
                out[k] = self.build(v, like)
                out.keylocs[k] = loc
            return out
        if isinstance(value, list):
            seq = Seq(loc)
            seq.extend(self.build(v, like) for v in value)
            return seq
        tag = "int" if isinstance(value, int) else "str"
        return Scalar(value, str(value), tag, False, loc)

    def block(self, seq: Any) -> Any:
        return seq

    def replace(self, mapping: Any, old: list[str], key: str, value: Any) -> None:
        present = [k for k in mapping if k in old]
        if not present:
            return
        keyloc = mapping.keylocs.get(present[0], mapping.loc)
        items = list(mapping.items())
        mapping.clear()
        for k, v in items:
            if k == present[0]:
                mapping[key] = value
                mapping.keylocs[key] = keyloc
            elif k not in old:
                mapping[k] = v

    def insert_first(self, mapping: Any, key: str, value: Any) -> None:
        items = list(mapping.items())
        mapping.clear()
        mapping[key] = value
        mapping.keylocs.setdefault(key, mapping.loc)
        mapping.update(items)

    def drop(self, mapping: Any, key: str) -> None:
        mapping.pop(key, None)


class RoundTripTree:
    """ruamel.yaml's round-trip documents (``CommentedMap``, ``CommentedSeq``, scalars)."""

    def __init__(self, file: str) -> None:
        self.file = file

    def is_map(self, node: Any) -> bool:
        from ruamel.yaml.comments import CommentedMap

        return isinstance(node, CommentedMap)

    def is_seq(self, node: Any) -> bool:
        from ruamel.yaml.comments import CommentedSeq

        return isinstance(node, CommentedSeq)

    def value(self, node: Any) -> Any:
        if self.is_map(node) or self.is_seq(node):
            return None
        return str(node) if isinstance(node, str) else node

    def raw(self, node: Any) -> str:
        return str(node)

    def loc(self, node: Any, path: str = "") -> Loc:
        lc = getattr(node, "lc", None)
        if lc is not None:
            return Loc(self.file, lc.line + 1, lc.col + 1, path)
        return Loc(self.file, 1, 1, path)

    def value_loc(self, mapping: Any, key: str, path: str = "") -> Loc:
        try:
            line, column = mapping.lc.value(key)
        except (AttributeError, KeyError, TypeError):
            return self.loc(mapping, path)
        return Loc(self.file, line + 1, column + 1, path)

    def build(self, value: Any, like: Any = None) -> Any:
        """Flow style inside, so that a migrated entry stays on one line like the one it replaces."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        if isinstance(value, dict):
            out = CommentedMap()
            for k, v in value.items():
                out[k] = self.build(v)
            out.fa.set_flow_style()
            return out
        if isinstance(value, list):
            seq = CommentedSeq(self.build(v) for v in value)
            seq.fa.set_flow_style()
            return seq
        return value

    def block(self, seq: Any) -> Any:
        seq.fa.set_block_style()
        return seq

    def replace(self, mapping: Any, old: list[str], key: str, value: Any) -> None:
        present = [k for k in mapping if k in old]
        if not present:
            return
        position = list(mapping).index(present[0])
        comment = None
        for k in present:
            comment = mapping.ca.items.pop(k, None) or comment
            del mapping[k]
        mapping.insert(position, key, value)
        if comment is not None:
            mapping.ca.items[key] = comment

    def insert_first(self, mapping: Any, key: str, value: Any) -> None:
        mapping.insert(0, key, value)

    def drop(self, mapping: Any, key: str) -> None:
        return None
