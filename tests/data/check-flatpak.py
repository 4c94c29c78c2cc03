#!/usr/bin/env python3
# Checks flatpak/io.github.callscope.Callscope.json against the build: valid JSON, the
# application ID and command, a GNOME runtime, a Meson module whose -D options all exist in
# meson_options.txt (tests off), and narrow finish-args (no host files, no raw devices); and
# flatpak-builder's own lint (--show-manifest with G_DEBUG=fatal-warnings: unknown keys fail).
#   check-flatpak.py SOURCE_ROOT
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
APP_ID = 'io.github.callscope.Callscope'
errors = []


def check(condition, message):
    if not condition:
        errors.append(message)


def lint(path):
    """flatpak-builder's own reading of the manifest, which rejects unknown keys (as warnings, made fatal);
    it needs no runtime. tools/dev.sh installs it; only outside CI may it be missing."""
    builder = shutil.which('flatpak-builder')
    if builder is None:
        check(os.environ.get('CI') != 'true', 'flatpak-builder is not installed (tools/dev.sh installs it)')
        print('flatpak-builder is not installed: the manifest lint is skipped')
        return
    p = subprocess.run([builder, '--show-manifest', str(path)], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, G_DEBUG='fatal-warnings'))
    check(p.returncode == 0, f'flatpak-builder --show-manifest rejects the manifest (exit {p.returncode}): '
          f'{p.stderr.strip()}')
    if p.returncode == 0:
        print('flatpak-builder --show-manifest (G_DEBUG=fatal-warnings): accepted')


def main():
    path = root / 'flatpak' / f'{APP_ID}.json'
    try:
        manifest = json.loads(path.read_text(encoding='utf-8'))
    except (OSError, ValueError) as e:
        print(f'{path}: {e}')
        return 1

    check(manifest.get('id', manifest.get('app-id')) == APP_ID, f'the manifest must name the app ID {APP_ID}')
    executables = re.findall(r"executable\(\s*'([^']+)'", (root / 'src' / 'meson.build').read_text())
    check(manifest.get('command') in executables,
          f'"command" is {manifest.get("command")!r}; the build makes {executables}')
    check(manifest.get('runtime') == 'org.gnome.Platform' and manifest.get('sdk') == 'org.gnome.Sdk',
          'the runtime must be org.gnome.Platform with org.gnome.Sdk')
    check(re.fullmatch(r'\d+', str(manifest.get('runtime-version', ''))) is not None,
          'runtime-version must be a stable GNOME release such as "47"')

    options = set(re.findall(r"option\(\s*'([^']+)'", (root / 'meson_options.txt').read_text()))
    modules = [m for m in manifest.get('modules', []) if isinstance(m, dict)]
    app = [m for m in modules if m.get('name') == 'callscope']
    check(len(app) == 1, 'one module must be named "callscope"')
    if app:
        module = app[0]
        check(module.get('buildsystem') == 'meson', 'the callscope module must build with Meson')
        opts = module.get('config-opts', [])
        named = {}
        for opt in opts:
            m = re.fullmatch(r'-D([A-Za-z0-9_-]+)=(.*)', opt)
            if m:
                named[m.group(1)] = m.group(2)
        for name in named:
            check(name in options or name.startswith('b_') or '_' not in name and name in (
                'buildtype', 'prefix', 'libdir', 'optimization', 'debug', 'werror'),
                f'config-opts sets -D{name}, which meson_options.txt does not define')
        check(named.get('tests') == 'false', 'config-opts must turn the tests off (-Dtests=false)')
        check(module is modules[-1], 'the callscope module must come last')
        sources = module.get('sources', [])
        check(any(s.get('type') == 'dir' and s.get('path') == '..' for s in sources),
              'the callscope module must build this source tree (a "dir" source with path "..")')

    args = manifest.get('finish-args', [])
    for needed in ('--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri',
                   '--socket=pulseaudio', '--share=network'):
        check(needed in args, f'finish-args misses {needed}')
    for arg in args:
        check(not (arg.startswith('--device=') and arg != '--device=dri'),
              f'{arg}: the camera goes through the portal, no other device access')
        check(not arg.startswith('--filesystem='), f'{arg}: files go through the file chooser portal')
        check(arg != '--socket=x11', f'{arg}: use --socket=fallback-x11')
        check(not arg.startswith('--talk-name=org.freedesktop.Flatpak'), f'{arg}: no sandbox escape')

    lint(path)

    for e in errors:
        print(e)
    if not errors:
        print(f'{path.name}: valid; {APP_ID}, command {manifest["command"]}, options {sorted(named)}')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
