"""Read the INI files Qt's QSettings wrote (the editor's old `ui.ini`) without importing Qt.

Only what Storyreel stored is understood: strings, string lists and `@ByteArray(...)`
values, with QSettings' escapes (`\\xHH...`, `\\NNN`, `\\n`, quotes, commas between list
items). Keys come back as "section/key", with [General] keys bare, as QSettings names them.
"""

from __future__ import annotations

from typing import Any

_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_ESCAPES.update({c: c for c in "\"?'\\"})
_HEX = "0123456789abcdefABCDEF"


def read_ini(text: str) -> dict[str, Any]:
    """Every key's value: a str, a list of str, or bytes (from @ByteArray)."""
    values: dict[str, Any] = {}
    section = ""
    for line in _logical_lines(text):
        stripped = line.strip()
        if not stripped or stripped[0] in ";#":
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            name = _unpercent(stripped[1:-1])
            section = "" if name.lower() == "general" else name
            continue
        if "=" not in line:
            continue
        key, raw = line.split("=", 1)
        key = _unpercent(key.strip())
        values[f"{section}/{key}" if section else key] = _value(raw)
    return values


def _logical_lines(text: str) -> list[str]:
    # A backslash at a line's end continues the value on the next line.
    lines: list[str] = []
    pending = ""
    for line in text.splitlines():
        if line.endswith("\\") and not line.endswith("\\\\"):
            pending += line[:-1]
            continue
        lines.append(pending + line)
        pending = ""
    if pending:
        lines.append(pending)
    return lines


def _unpercent(key: str) -> str:
    """QSettings writes odd key characters as %XX or %UXXXX."""
    out, i = [], 0
    while i < len(key):
        if key[i] == "%" and key[i + 1 : i + 2] == "U" and _is_hex(key[i + 2 : i + 6], 4):
            out.append(chr(int(key[i + 2 : i + 6], 16)))
            i += 6
        elif key[i] == "%" and _is_hex(key[i + 1 : i + 3], 2):
            out.append(chr(int(key[i + 1 : i + 3], 16)))
            i += 3
        else:
            out.append(key[i])
            i += 1
    return "".join(out)


def _is_hex(text: str, length: int) -> bool:
    return len(text) == length and all(c in _HEX for c in text)


def _value(raw: str) -> Any:
    items = _unescaped_items(raw)
    if len(items) > 1:
        return [_variant(item) for item in items]
    return _variant(items[0])


def _variant(text: str) -> Any:
    if text.startswith("@ByteArray(") and text.endswith(")"):
        return text[len("@ByteArray(") : -1].encode("latin-1", errors="replace")
    if text.startswith("@@"):
        return text[1:]
    return text


def _unescaped_items(raw: str) -> list[str]:
    """QSettings' iniUnescapedStringList: the value's items, escapes resolved."""
    items: list[str] = []
    current: list[str] = []
    quoted_value = False
    in_quotes = False
    i, n = 0, len(raw)

    def skip_spaces(i: int) -> int:
        while i < n and raw[i] in " \t":
            i += 1
        return i

    def chop(keep: int) -> None:
        # Unquoted values lose trailing spaces, but not those an escape produced.
        while len(current) > keep and current[-1] in " \t":
            current.pop()

    i = skip_spaces(i)
    chop_limit = 0
    while i < n:
        ch = raw[i]
        if ch == "\\":
            i += 1
            if i >= n:
                break
            ch = raw[i]
            i += 1
            if ch in _ESCAPES:
                current.append(_ESCAPES[ch])
            elif ch == "x":
                j = i
                while j < n and raw[j] in _HEX:
                    j += 1
                if j > i:
                    current.append(chr(int(raw[i:j], 16) & 0xFFFF))
                i = j
            elif ch in "01234567":
                j = i
                while j < n and raw[j] in "01234567":
                    j += 1
                current.append(chr(int(raw[i - 1 : j], 8) & 0xFFFF))
                i = j
            chop_limit = len(current)
        elif ch == '"':
            i += 1
            quoted_value = True
            in_quotes = not in_quotes
            if not in_quotes:
                i = skip_spaces(i)
                chop_limit = len(current)
        elif ch == "," and not in_quotes:
            if not quoted_value:
                chop(chop_limit)
            items.append("".join(current))
            current, quoted_value, chop_limit = [], False, 0
            i = skip_spaces(i + 1)
        else:
            current.append(ch)
            i += 1
    if not quoted_value:
        chop(chop_limit)
    items.append("".join(current))
    return items
