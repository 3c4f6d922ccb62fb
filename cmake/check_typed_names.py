#!/usr/bin/env python3
"""Fails naming every string literal in a service's app/ or domain/ file that spells a collection
(a google.api.resource plural of protos/civitas) or a state (a value of an enum named *State):
code names them by type (aip::CollectionOf<T>, records::RefTo<T>, records::StateIndex<T>), so a
renamed collection or state fails to compile instead of at run time.

usage: check_typed_names.py <protos dir> <stamp> <file>...

A literal that is a field name spelled like a collection (a field `territories`) is written
through aip::FieldPath or named on a line ending in `// field name`.
"""
import pathlib
import re
import sys


def forbidden_names(protos):
    collections, states = set(), set()
    for proto in pathlib.Path(protos).rglob("*.proto"):
        text = proto.read_text()
        collections.update(re.findall(r'^\s*plural:\s*"(\w+)"', text, re.M))
        for body in re.findall(r"^enum \w+State \{(.*?)^\}", text, re.M | re.S):
            states.update(re.findall(r"^\s*([A-Z][A-Z0-9_]*)\s*=", body, re.M))
    return collections, states


def main():
    protos, stamp, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    collections, states = forbidden_names(protos)
    literal = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
    problems = []
    for name in files:
        for number, line in enumerate(pathlib.Path(name).read_text().splitlines(), 1):
            code = line.split("//", 1)[0] if not line.lstrip().startswith("#") else ""
            if line.rstrip().endswith("// field name"):
                continue
            for text in literal.findall(code):
                head = re.split(r"[/=|]", text, maxsplit=1)[0] if "=" not in text else None
                if text.startswith("state="):
                    what = "a state index (records::StateIndex<T>)"
                elif text in collections or (head in collections and text != head):
                    what = "a collection (aip::CollectionOf<T>, aip::NameOf<T>, aip::IdIn<T>)"
                elif text in states:
                    what = "a state (records::RefTo<T>, records::StateName<T>)"
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
