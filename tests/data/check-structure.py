#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The source tree's structure (README's layers; docs/testing.md):

- includes between layers only point down: src/model (GLib/GObject only) <- src/engine
  (GStreamer, libsoup) and src/io (json-glib) <- src/control (the call controller, no GTK)
  <- src/ui (GTK); engine and io never include each other's headers, the model none of theirs;
- no include circle between the modules (a .c and its .h) of one layer;
- no source file over 800 lines unless its first comment says why ("(long:" ... ")"), but for
  the files still to be split (PENDING), which may not grow.

Usage: check-structure.py SOURCE_ROOT
"""
import os
import re
import sys

LAYERS = ("model", "engine", "io", "control", "ui")
# which layers' headers each layer may include
ALLOWED = {
    "model": {"model"},
    "engine": {"model", "engine"},
    "io": {"model", "io"},
    "control": {"model", "engine", "io", "control"},
    "ui": {"model", "engine", "io", "control", "ui"},
}
# system headers a layer must not include
FORBIDDEN = {
    "model": ("gst/", "gtk/", "adwaita.h", "libsoup/", "json-glib/"),
    "engine": ("gtk/", "adwaita.h"),
    "io": ("gst/", "gtk/", "adwaita.h"),
    "control": ("gtk/", "adwaita.h"),
}
MAX_LINES = 800
# files waiting to be split, with the length they may not grow past (none since issue 9:
# every file is under MAX_LINES)
PENDING = {
}
INCLUDE = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)


def main(root):
    src = os.path.join(root, "src")
    owner = {}   # header name -> layer
    files = {}   # path -> (layer, text)
    for layer in LAYERS:
        d = os.path.join(src, layer)
        for name in sorted(os.listdir(d)):
            if name.endswith((".c", ".h")):
                path = os.path.join(d, name)
                with open(path, encoding="utf-8") as f:
                    files[path] = (layer, f.read())
                if name.endswith(".h"):
                    owner[name] = layer
    problems = []
    graph = {}   # module -> modules it includes (same layer)
    for path, (layer, text) in files.items():
        module = os.path.splitext(os.path.basename(path))[0]
        rel = os.path.relpath(path, root)
        for kind, name in INCLUDE.findall(text):
            if kind == "<":
                if any(name.startswith(p) for p in FORBIDDEN.get(layer, ())):
                    problems.append(f"{rel}: src/{layer} includes <{name}>")
                continue
            target = owner.get(os.path.basename(name))
            if target is None:
                continue   # config.h, generated resources
            if target not in ALLOWED[layer]:
                problems.append(f'{rel}: src/{layer} includes "{name}" of src/{target}')
            if target == layer:
                dep = os.path.splitext(os.path.basename(name))[0]
                dep = dep[:-len("-private")] if dep.endswith("-private") else dep
                if dep != module:
                    graph.setdefault(module, set()).add(dep)
        lines = text.count("\n")
        head = text[:600]
        if rel in PENDING:
            if lines > PENDING[rel]:
                problems.append(f"{rel}: {lines} lines, more than the {PENDING[rel]} it had before it was to be split")
            else:
                print(f"{rel}: {lines} lines, still to be split")
        elif lines > MAX_LINES and "(long:" not in head:
            problems.append(f"{rel}: {lines} lines (over {MAX_LINES}) and its first comment does not say why")

    # circles: depth-first search over the modules of each layer
    state = {}
    stack = []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for d in sorted(graph.get(m, ())):
            if state.get(d) == 1:
                cycle = stack[stack.index(d):] + [d]
                problems.append("include circle: " + " -> ".join(cycle))
            elif d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)

    for p in problems:
        print(p)
    print(f"{len(files)} files checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
