"""Reading a scenario file and reporting every problem in it at once.

Each problem is one line: ``FILE: PATH: what is wrong; how to fix it``. Structural problems come
from pydantic; problems that need the whole file (ids that refer to nothing) are found on the raw
YAML so that they are reported even when other parts of the file are broken.

Input is bounded before it is trusted: a file is read only if it is a regular file of at most a
few megabytes (a pipe, a device or a folder is refused without waiting on it), and the YAML may
nest only so deep and expand, through aliases, to only so many values.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from rota.domain.clock import parse_clock
from rota.domain.errors import InputError
from rota.domain.scenario import Scenario, Service

MAX_SCENARIO_BYTES = 1_000_000
MAX_DEPTH = 20
MAX_VALUES = 100_000
MAX_INT_DIGITS = 30


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; InputError for anything else. A pipe
    or a device would block or never end, so it is refused from its `stat`, before opening."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError([f"{path}: file not found; check the path"]) from None
    except OSError as error:
        raise InputError([f"{path}: cannot be read ({error.strerror}); check the path"]) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError([f"{path}: is a folder; give the {what} file"])
    if not stat.S_ISREG(info.st_mode):
        raise InputError([f"{path}: is not a regular file (a pipe or device); give a {what} file"])
    try:
        # O_NONBLOCK: should the path be swapped for a pipe after the stat, opening still returns.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError([f"{path}: is not a regular file; give a {what} file"])
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError([f"{path}: cannot be read ({error.strerror}); check the path"]) from None
    if len(data) > limit:
        raise InputError(
            [f"{path}: is larger than {limit:,} bytes, more than any {what} needs; check the file"]
        )
    return data


class _Refused(yaml.MarkedYAMLError):
    """A YAML document the loader will not build: too deep, too many values or too large a
    number. Its `problem` is the whole message, fix included."""


class _Loader(yaml.SafeLoader):
    """A safe loader with bounds: nesting depth, values after alias expansion (an alias bomb
    of a few hundred bytes would otherwise expand to billions) and integer digits.

    YAML 1.1 reads an unquoted 16:00 as the base-60 integer 960; here it stays a string."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._values = 0
        self._sizes: dict[int, int] = {}  # id(node) -> values it expands to

    def compose_node(self, parent: Any, index: Any) -> Any:
        event: Any = self.peek_event()
        if self.check_event(yaml.AliasEvent):
            target = self.anchors.get(event.anchor)
            if target is not None:  # an undefined alias is the composer's error to report
                size = self._sizes.get(id(target))
                if size is None:
                    raise _Refused(
                        problem=f"alias *{event.anchor} repeats the value that holds it; "
                        "remove the alias",
                        problem_mark=event.start_mark,
                    )
                self._count(size, event)
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise _Refused(
                problem=f"nested more than {MAX_DEPTH} levels deep; a scenario needs fewer, "
                "check the brackets and indentation",
                problem_mark=event.start_mark,
            )
        before = self._values
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        self._count(1, event)
        self._sizes[id(node)] = self._values - before
        return node

    def _count(self, values: int, event: Any) -> None:
        self._values += values
        if self._values > MAX_VALUES:
            raise _Refused(
                problem=f"the file expands to more than {MAX_VALUES:,} values (aliases repeat "
                "what they name); write the values out or remove the aliases",
                problem_mark=event.start_mark,
            )

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        # An explicit tag on a value it does not fit (`!!int abc`, `!!bool x`) fails inside
        # PyYAML with a bare Python error; it is reported at the value like any YAML error.
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            raise _Refused(
                problem=f"{node.value!r} cannot be read as {node.tag.rsplit(':', 1)[-1]}; "
                "write a plain value",
                problem_mark=node.start_mark,
            ) from None

    def construct_yaml_int(self, node: Any) -> int:
        digits = len(str(node.value).lstrip("+-").replace("_", ""))
        if digits > MAX_INT_DIGITS:
            raise _Refused(
                problem=f"a number of {digits} digits is beyond any value a scenario holds; "
                "write a smaller number",
                problem_mark=node.start_mark,
            )
        value: int = super().construct_yaml_int(node)
        return value

    def construct_yaml_timestamp(self, node: Any) -> Any:
        # 2026-02-30 looks like a date but is none; as text it reaches pydantic, which then
        # names its path in the file ("centres[0].closures[0].start: … is not a date").
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:int"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)


def format_path(loc: Iterable[int | str]) -> str:
    """('centres', 3, 'lines', 'fi-phone') -> 'centres[3].lines.fi-phone'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def load_yaml(path: Path, limit: int = MAX_SCENARIO_BYTES, what: str = "scenario") -> Any:
    """A YAML file read within the bounds above; InputError (one line) when it cannot be."""
    data = read_bounded(path, limit, what)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            [f"{path}: cannot be read (not UTF-8 at byte {error.start}); save it as UTF-8 text"]
        ) from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        problem = getattr(error, "problem", None) or str(error)
        if not isinstance(error, _Refused):
            problem = f"YAML syntax error: {problem}; fix the indentation or quoting"
        raise InputError([f"{path}: {where}: {problem}"]) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; raise InputError listing every problem."""
    path = Path(path)
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        return _raise(
            [f"{path}: (top level): expected a mapping of keys (name, services, centres…)"]
        )
    problems = [f"{path}: {p}" for p in scenario_problems(raw, base_dir=path.parent)]
    if problems:
        _raise(problems)
    return Scenario.model_validate(raw)


def _raise(problems: list[str]) -> Scenario:
    raise InputError(problems)


def scenario_problems(raw: dict[str, Any], base_dir: Path | None = None) -> list[str]:
    """Every problem in a raw scenario mapping, as 'path: message' lines, in file order."""
    problems: list[str] = []
    try:
        Scenario.model_validate(raw)
    except ValidationError as error:
        problems.extend(_describe(error))
    problems.extend(_reference_problems(raw, base_dir))
    return list(dict.fromkeys(problems))


def _describe(error: ValidationError) -> Iterator[str]:
    for item in error.errors(include_url=False):
        loc = item["loc"]
        yield f"{format_path(loc)}: {_explain(item, loc)}"


def _explain(item: Any, loc: tuple[int | str, ...]) -> str:
    kind = item["type"]
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f"unknown key; remove it or fix its spelling{hint}"
    if kind == "missing":
        return "required key is missing; add it"
    if kind == "string_pattern_mismatch":
        return f"'{item['input']}' is not a valid id; use lowercase letters, digits and '-'"
    if kind in {
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_type",
    }:
        return f"'{item['input']}' is not a date; write YYYY-MM-DD"
    if kind == "model_type":
        # pydantic would name the internal class ("instance of WeeklyHours"); name the keys.
        return (
            f"expected a mapping of keys ({', '.join(_allowed_keys(loc))}); got {item['input']!r}"
        )
    message = str(item["msg"]).removeprefix("Value error, ")
    if kind == "finite_number":
        return f"{item['input']!r} is not a number; write a finite number"
    if kind.startswith(("greater_than", "less_than")):
        return f"{message}; got {item['input']!r}"
    if kind in {"literal_error", "enum"}:
        return f"{message}; got {item['input']!r}"
    return message


def _allowed_keys(loc: tuple[int | str, ...]) -> list[str]:
    """The keys the schema accepts at a path, to suggest in an 'unknown key' message."""
    model: Any = Scenario
    for part in loc:
        model = _unwrap(model)
        if isinstance(part, int):
            args = typing.get_args(model)
            model = args[0] if args else None
        elif isinstance(model, type) and issubclass(model, BaseModel):
            field = model.model_fields.get(part)
            model = field.annotation if field else None
        else:
            args = typing.get_args(model)
            model = args[-1] if args else None
    model = _unwrap(model)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional so the underlying model or container shows."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _entries(raw: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    value = raw.get(key)
    if not isinstance(value, list):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)]


def _reference_problems(raw: dict[str, Any], base_dir: Path | None) -> list[str]:
    problems: list[str] = []
    services = _entries(raw, "services")
    centres = _entries(raw, "centres")
    # An id that is no string (a list, a mapping) is pydantic's to report; it cannot be looked
    # up, and a mapping or list as a dictionary key would fail here.
    service_ids = [s.get("id") for _, s in services if isinstance(s.get("id"), str)]
    centre_ids = [c.get("id") for _, c in centres if isinstance(c.get("id"), str)]
    # The first of duplicate ids counts (the duplicate itself is reported below).
    service_lang: dict[str, object] = {}
    for _, s in services:
        if isinstance(s.get("id"), str):
            service_lang.setdefault(s["id"], s.get("language"))
    known_services = ", ".join(dict.fromkeys(str(s) for s in service_ids))
    known_centres = ", ".join(dict.fromkeys(str(c) for c in centre_ids))

    for label, items in (("service", services), ("centre", centres)):
        seen: dict[object, int] = {}
        for i, item in items:
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in seen:
                problems.append(
                    f"{label}s[{i}].id: '{ident}' is used twice (also {label}s[{seen[ident]}]); "
                    "give each a unique id"
                )
            seen.setdefault(ident, i)

    # Without a readable service list pydantic has said why; references to it cannot be judged.
    for i, centre in centres if service_ids else []:
        listed = centre.get("services")
        offered = listed if isinstance(listed, list) else []
        languages = centre.get("languages")
        languages = languages if isinstance(languages, list) else []
        for j, sid in enumerate(offered):
            if not isinstance(sid, str):
                continue
            if sid not in service_ids:
                problems.append(
                    f"centres[{i}].services[{j}]: unknown service '{sid}'; use one of: "
                    f"{known_services}"
                )
            elif service_lang.get(sid) in _LANGUAGES and service_lang.get(sid) not in languages:
                problems.append(
                    f"centres[{i}].services[{j}]: '{sid}' is in {service_lang.get(sid)} but the "
                    f"centre's languages are {languages}; add the language or drop the service"
                )
        lines = centre.get("lines")
        if isinstance(lines, dict):
            for sid in lines:
                if sid not in service_ids:
                    problems.append(
                        f"centres[{i}].lines.{sid}: unknown service '{sid}'; use one of: "
                        f"{known_services}"
                    )
                elif isinstance(listed, list) and sid not in offered:
                    problems.append(
                        f"centres[{i}].lines.{sid}: the centre does not offer '{sid}'; add it to "
                        "services or remove this line count"
                    )
            for sid in offered:
                if sid in service_ids and sid not in lines:
                    problems.append(
                        f"centres[{i}].lines: no line count for '{sid}'; add '{sid}: N'"
                    )

    rules = raw.get("rules")
    if isinstance(rules, dict):
        group = rules.get("holiday_duty_group")
        if isinstance(group, list) and centre_ids:
            for j, cid in enumerate(group):
                if cid not in centre_ids:
                    problems.append(
                        f"rules.holiday_duty_group[{j}]: unknown centre '{cid}'; use one of: "
                        f"{known_centres}"
                    )
        line = rules.get("finnish_line", "fi-phone")
        if "finnish_line" in rules and service_ids and line not in service_ids:
            problems.append(
                f"rules.finnish_line: unknown service '{line}'; use one of: {known_services}"
            )
    problems.extend(_grid_problems(raw))
    baseline = raw.get("baseline")
    if isinstance(baseline, str) and base_dir is not None:
        problems.extend(_baseline_problems(base_dir, baseline))
    return problems


def _baseline_problems(base_dir: Path, baseline: str) -> list[str]:
    fix = "point baseline at the output directory of a previous 'rota plan'"
    try:
        folder = (base_dir / baseline).resolve()
        # A missing folder is one problem, not one per file it would hold.
        missing = [folder]
        if folder.is_dir():
            missing = [
                folder / n for n in ("standing.csv", "shifts.csv") if not (folder / n).is_file()
            ]
    except (OSError, ValueError) as error:
        # A NUL byte, or a name longer than the system allows, is no path to look at.
        reason = getattr(error, "strerror", None) or str(error)
        return [f"baseline: {baseline[:80]!r} is not a path ({reason}); {fix}"]
    return [f"baseline: {absent} does not exist; {fix}" for absent in missing]


_SLOT_CHOICES = typing.get_args(Scenario.model_fields["slot_minutes"].annotation)
_LANGUAGES = typing.get_args(Service.model_fields["language"].annotation)


def _grid_problems(raw: dict[str, Any]) -> list[str]:
    """Times must sit on the scenario's slot grid, or no shift could start or end there."""
    slot = raw.get("slot_minutes", 60)
    if slot not in _SLOT_CHOICES:
        return []
    problems: list[str] = []

    def check(value: object, path: str) -> None:
        if not isinstance(value, str):
            return
        try:
            minutes = parse_clock(value)
        except ValueError:
            return
        if minutes % slot:
            problems.append(
                f"{path}: {value} is not on the {slot}-minute grid; round it to a multiple of "
                f"{slot} minutes or set slot_minutes"
            )

    def windows(items: object, path: str) -> None:
        if isinstance(items, list):
            for k, window in enumerate(items):
                if isinstance(window, dict):
                    check(window.get("start"), f"{path}[{k}].start")
                    check(window.get("end"), f"{path}[{k}].end")

    for i, service in _entries(raw, "services"):
        windows(service.get("hours"), f"services[{i}].hours")
    for i, centre in _entries(raw, "centres"):
        windows(centre.get("availability"), f"centres[{i}].availability")
    rules = raw.get("rules")
    if isinstance(rules, dict):
        evening = rules.get("evening")
        if isinstance(evening, dict):
            check(evening.get("start"), "rules.evening.start")
            check(evening.get("end"), "rules.evening.end")
        for key in ("min_shift_hours", "max_shift_hours"):
            value = rules.get(key)
            if isinstance(value, int | float) and (value * 60) % slot:
                problems.append(
                    f"rules.{key}: {value} h is not a whole number of {slot}-minute slots; round it"
                )
    return problems


# --- a closure written into a stored scenario file ------------------------------------------


def with_closure(text: str, centre: str, start: dt.date, end: dt.date, reason: str) -> str:
    """The scenario file `text` with one more closure for `centre`. The new line is added where
    a person would write it, so comments and `# ASSUMPTION` marks stay; should the file's
    layout defeat that, the file is written out anew (same values, comments lost)."""
    entry = {"start": start.isoformat(), "end": end.isoformat(), "reason": reason}
    data = yaml.safe_load(text)
    target = next(c for c in data["centres"] if c.get("id") == centre)
    target.setdefault("closures", []).append({"start": start, "end": end, "reason": reason})
    try:
        edited = _insert_closure(text, centre, _flow(entry))
    except (yaml.YAMLError, ValueError, StopIteration):
        edited = None
    if edited is not None and yaml.safe_load(edited) == data:
        return edited
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _flow(entry: dict[str, str]) -> str:
    reason = json.dumps(entry["reason"], ensure_ascii=False)
    return f"{{start: {entry['start']}, end: {entry['end']}, reason: {reason}}}"


def _insert_closure(text: str, centre: str, entry: str) -> str | None:
    root = yaml.compose(text)
    centres = _value(root, "centres")
    if not isinstance(centres, yaml.SequenceNode):
        return None
    node = next(
        c
        for c in centres.value
        if isinstance(c, yaml.MappingNode) and getattr(_value(c, "id"), "value", None) == centre
    )
    closures = _value(node, "closures")
    lines = text.splitlines(keepends=True)
    if isinstance(closures, yaml.SequenceNode) and closures.value and not closures.flow_style:
        first, last = closures.value[0], closures.value[-1]
        dash = lines[first.start_mark.line].rfind("-", 0, first.start_mark.column)
        if dash < 0:
            return None
        lines.insert(_line_after(lines, last.end_mark), f"{' ' * dash}- {entry}\n")
        return "".join(lines)
    if closures is not None:
        # `closures: []` or a flow list: write the whole list again, flow style.
        items = [text[i.start_mark.index : i.end_mark.index] for i in closures.value]
        flow = "[" + ", ".join([*items, entry]) + "]"
        return text[: closures.start_mark.index] + flow + text[closures.end_mark.index :]
    indent = " " * node.value[0][0].start_mark.column
    at = _line_after(lines, node.value[-1][1].end_mark)
    lines[at:at] = [f"{indent}closures:\n", f"{indent}  - {entry}\n"]
    return "".join(lines)


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if getattr(k, "value", None) == key), None)


def _line_after(lines: list[str], mark: yaml.Mark) -> int:
    """The index of the line a new line goes in at, just after the node ending at `mark`."""
    if mark.line >= len(lines):
        return len(lines)
    return mark.line if not lines[mark.line][: mark.column].strip() else mark.line + 1


# --- the values a scenario file marks as assumptions ------------------------------------------

ASSUMPTION_MARK = "# ASSUMPTION"
_KEYED = re.compile(r"^(?P<indent>\s*)(?:-\s+)?(?P<key>[A-Za-z_][\w-]*):(?P<rest>.*)$")
_OWNER = re.compile(r"^(?P<indent>\s*)-\s+id:\s*(?P<id>[\w-]+)")


@dataclass(frozen=True)
class MarkedValue:
    """A value the file marks `# ASSUMPTION`: `key` names it (owner.field, e.g.
    'helsinki.weekly_hours'), `value` is how it is written, `note` what the mark says."""

    key: str
    owner: str
    field: str
    value: str
    note: str
    line: int


def marked_assumptions(text: str) -> list[MarkedValue]:
    """Every keyed line whose comment carries the assumption mark, with the centre, service or
    section it belongs to and its path inside it (e.g. 'demand.rate'); prose comments are not
    values and are left out."""
    out: list[MarkedValue] = []
    owners: list[tuple[int, str]] = []  # (indent, owner) of the enclosing list items
    parents: list[tuple[int, str]] = []  # (indent, key) of the enclosing block mappings
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip())
        owner = _OWNER.match(line)
        keyed = _KEYED.match(line)
        if owner:
            owners = [(i, o) for i, o in owners if i < indent] + [(indent, owner["id"])]
            parents = []
            continue
        if indent == 0:
            owners = [(-1, keyed["key"])] if keyed else []
            parents = []
            continue
        owners = [(i, o) for i, o in owners if i < indent]
        parents = [(i, k) for i, k in parents if i < indent]
        if keyed is None:
            continue
        value, _, comment = keyed["rest"].partition(ASSUMPTION_MARK)
        value = value.split("#")[0].strip()
        if not value:
            parents.append((indent, keyed["key"]))
        if ASSUMPTION_MARK not in keyed["rest"]:
            continue
        where = owners[-1][1] if owners else ""
        field = ".".join([k for _, k in parents if k != keyed["key"]] + [keyed["key"]])
        key = f"{where}.{field}" if where else field
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}#{seen[key]}"
        note = comment.strip().lstrip(";").strip()
        out.append(MarkedValue(key, where, field, value, note, number))
    return out


def with_centre_values(text: str, centre: str, values: dict[str, Any]) -> str:
    """The scenario file `text` with some of `centre`'s values replaced (`values` as a scenario
    file writes them: lists, mappings, "HH:MM" strings). Each value is rewritten in place, flow
    style, so the rest of the file and its comments stay; should the layout defeat that, the
    file is written out anew (same values, comments lost)."""
    data = yaml.safe_load(text)
    target = next(c for c in data["centres"] if c.get("id") == centre)
    target.update(values)
    edited: str | None = text
    try:
        for key, value in values.items():
            edited = _replace_value(edited, centre, key, value) if edited is not None else None
    except (yaml.YAMLError, ValueError, StopIteration):
        edited = None
    if edited is not None and yaml.safe_load(edited) == data:
        return edited
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _replace_value(text: str, centre: str, key: str, value: Any) -> str | None:
    flow = yaml.safe_dump(
        value, default_flow_style=True, width=10**6, allow_unicode=True, sort_keys=False
    )
    flow = flow.strip().removesuffix("...").strip()
    centres = _value(yaml.compose(text), "centres")
    if not isinstance(centres, yaml.SequenceNode):
        return None
    node = next(
        c
        for c in centres.value
        if isinstance(c, yaml.MappingNode) and getattr(_value(c, "id"), "value", None) == centre
    )
    old = _value(node, key)
    if old is not None:
        span = text[old.start_mark.index : old.end_mark.index]
        tail = span[len(span.rstrip()) :]  # the line break and indent before the next key
        return text[: old.start_mark.index] + flow + tail + text[old.end_mark.index :]
    lines = text.splitlines(keepends=True)
    indent = " " * node.value[0][0].start_mark.column
    at = _line_after(lines, node.value[-1][1].end_mark)
    lines.insert(at, f"{indent}{key}: {flow}\n")
    return "".join(lines)
