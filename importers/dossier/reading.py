"""Reading a dossier's YAML: safe, dates kept as text, a key given twice refused."""

import yaml

from importers.dossier.errors import DossierError


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as text and refuses a key given twice in one mapping."""


# Dates stay text so that parse_partial_date judges them: "2021-02-30" gets a clear message
# instead of a crash inside PyYAML, and "2021" and "2021-04-30" are read the same way.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node):
    seen = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping",
                node.start_mark,
                f"the key {key!r} is given twice",
                key_node.start_mark,
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(path):
    """The file's text (UTF-8); ValueError saying why when it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from None


def read_yaml(path):
    try:
        text = read_text(path)
    except ValueError as exc:
        raise DossierError([f"{path.name}: cannot read the file: {exc}"]) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 -- _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DossierError([f"{path.name}: malformed YAML{where}: {problem}"]) from None
