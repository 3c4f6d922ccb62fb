#!/usr/bin/env python3
"""Fails naming every string literal in a service's app/ or domain/ file that spells a collection
(a google.api.resource plural of protos/civitas) or a state (a value of an enum named *State):
code names them by type (aip::CollectionOf<T>, records::RefTo<T>, records::StateIndex<T>), so a
renamed collection or state fails to compile instead of at run time.

usage: check_typed_names.py <protos dir> <stamp> <file>...

A literal that is a field name spelled like a collection (a field `territories`) says so with
`// field name` at the end of its line: that lets through a bare collection word on the line,
never a name (`calls/...`), a state or a state index. Comments are skipped; string and character
literals are read as C++ reads them.
"""
import pathlib
import re
import sys


def forbidden_names(protos):
    collections, states = set(), set()
    for proto in pathlib.Path(protos).rglob("*.proto"):
        text = proto.read_text()
        collections.update(re.findall(r'^\s*plural:\s*"(\w+)"', text, re.M))
        for body in re.findall(r"^\s*enum \w+State \{(.*?)^\s*\}", text, re.M | re.S):
            states.update(re.findall(r"^\s*([A-Z][A-Z0-9_]*)\s*=", body, re.M))
    return collections, states


def string_literals(text):
    """(line, contents, line text) of each string literal outside comments and #include lines."""
    out = []
    lines = text.split("\n")
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("//", i):
            i = text.find("\n", i) if text.find("\n", i) >= 0 else n
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
        elif c == "#" and text[text.rfind("\n", 0, i) + 1:i].strip() == "" and \
                re.match(r"#\s*include", text[i:]):
            i = text.find("\n", i) if text.find("\n", i) >= 0 else n
        elif c == "'":
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif c == '"':
            if i > 0 and text[i - 1] == "R":
                m = re.match(r'"([^(]*)\(', text[i:])
                end = text.find(")" + m.group(1) + '"', i) if m else -1
                if end >= 0:
                    body = text[i + len(m.group(0)):end]
                    out.append((line, body, lines[line - 1]))
                    line += body.count("\n")
                    i = end + len(m.group(1)) + 2
                    continue
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append((line, text[i + 1:j], lines[line - 1]))
            i = j + 1
        else:
            i += 1
    return out


def main():
    protos, stamp, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    collections, states = forbidden_names(protos)
    problems = []
    for name in files:
        for number, text, line in string_literals(pathlib.Path(name).read_text()):
            field_name_line = line.rstrip().endswith("// field name")
            head = re.split(r"[/|]", text, maxsplit=1)[0]
            if text.startswith("state="):
                what = "a state index (records::StateIndex<T>)"
            elif text in states:
                what = "a state (records::RefTo<T>, records::StateName<T>)"
            elif text in collections and not field_name_line:
                what = "a collection (aip::CollectionOf<T>, aip::NameOf<T>, aip::IdIn<T>)"
            elif head in collections and text != head:
                what = "a resource name (aip::NameOf<T>, aip::IdIn<T>)"
            else:
                continue
            problems.append(f'  {name}:{number}: "{text}" spells {what}')
    if problems:
        sys.stderr.write("collections and states are named by type, not by string:\n")
        sys.stderr.write("\n".join(problems) + "\n")
        return 1
    pathlib.Path(stamp).touch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
