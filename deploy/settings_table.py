#!/usr/bin/env python3
"""The README's settings table, made from what each process declares (`--help=json`).

Usage: settings_table.py BUILD_DIR           print the table
       settings_table.py BUILD_DIR --check   exit 1 when README.md's table differs from it
       settings_table.py BUILD_DIR --write   rewrite README.md's table (make settings-table)

The processes are every service of services/services.list, the gateway and civitas-token.
"""
import json
import os
import subprocess
import sys

from service_list import service_names as services

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BEGIN = "<!-- settings table: made by deploy/settings_table.py (make settings-table); do not edit -->"
END = "<!-- end of settings table -->"


def declared(binary):
    out = subprocess.run([binary, "--help=json"], capture_output=True, text=True, check=True,
                         env={"PATH": os.environ.get("PATH", "")})
    return json.loads(out.stdout)


def cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def default_of(setting):
    if setting["secret"]:
        return "(secret)"
    return f"`{setting['default']}`" if setting["default"] != "" else "(empty)"


def rows(settings):
    lines = ["| setting | environment | type | default | what |", "| --- | --- | --- | --- | --- |"]
    for s in settings:
        default = s["default_text"] if "default_text" in s else default_of(s)
        lines.append(f"| `{s['name']}` | `{s['environment']}` | {cell(s['type'])} | "
                     f"{cell(default)} | {cell(s['help'])} |")
    return lines


def table(build):
    names = services()
    per_service = {n: declared(os.path.join(build, "services", n, f"civitas-{n}")) for n in names}
    # Settings every service declares with the same meaning: listed once, defaults side by side.
    first = per_service[names[0]]
    common = []
    for s in first:
        same = [next((o for o in per_service[n] if o["name"] == s["name"] and
                      o["help"] == s["help"] and o["type"] == s["type"]), None) for n in names]
        if all(same):
            merged = dict(s)
            defaults = {default_of(o) for o in same}
            if len(defaults) > 1:
                merged["default_text"] = ", ".join(f"{default_of(o)} ({n})"
                                                   for n, o in zip(names, same))
            common.append(merged)
    common_names = {s["name"] for s in common}
    out = [BEGIN, "", f"Every service ({', '.join(f'`civitas-{n}`' for n in names)}):", ""]
    out += rows(common)
    for n in names:
        own = [s for s in per_service[n] if s["name"] not in common_names]
        if own:
            out += ["", f"`civitas-{n}` also:", ""] + rows(own)
    for title, binary in (("`civitas-gateway`", "services/gateway/civitas-gateway"),
                          ("`civitas-token` (development tokens, `make token`)",
                           "libs/auth/civitas-token")):
        out += ["", f"{title}:", ""] + rows(declared(os.path.join(build, binary)))
    out += ["", END]
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    generated = table(sys.argv[1])
    mode = sys.argv[2] if len(sys.argv) > 2 else ""
    if not mode:
        sys.stdout.write(generated)
        return
    readme_path = os.path.join(ROOT, "README.md")
    with open(readme_path) as f:
        readme = f.read()
    begin, end = readme.find(BEGIN), readme.find(END)
    if begin < 0 or end < 0:
        sys.exit(f"README.md has no settings table markers ({BEGIN} ... {END})")
    current = readme[begin:end + len(END) + 1]
    if mode == "--check":
        if current != generated:
            sys.exit("README.md's settings table is not what the processes declare: "
                     "run `make settings-table` and commit README.md")
        return
    if mode == "--write":
        with open(readme_path, "w") as f:
            f.write(readme[:begin] + generated + readme[end + len(END) + 1:])
        return
    sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
