#!/usr/bin/env python3
# Fails when a file with translatable strings is missing from po/POTFILES.in, or when
# POTFILES.in names a file that does not exist (xgettext would stop on it).
#   check-potfiles.py SOURCE_ROOT
# Translatable: _( N_( C_( NC_( and the g_d*gettext/ngettext calls in src/**/*.c and .h,
# translatable="yes" in ui/*.ui, the data/*.in files (desktop entry, metainfo) and the
# GSettings schemas (their summaries and descriptions).
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()

C_MARK = re.compile(r'(?<![\w])(?:N|C|NC|Q)?_\s*\(|(?<![\w])(?:g_d?n?gettext|g_dcgettext|g_dpgettext2?|ngettext|gettext)\s*\(')
# Comments, string literals and character literals, in one pass so that each hides the others.
C_TOKENS = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])+\'', re.S)


def c_translatable(text):
    # Strip comments (keeping strings), then look for a marker outside string literals.
    code = C_TOKENS.sub(lambda m: '""' if m.group(0)[0] == '"' else ' ', text)
    # #define lines that declare the markers themselves are not uses
    code = '\n'.join(l for l in code.splitlines() if not l.lstrip().startswith('#define'))
    return C_MARK.search(code) is not None


def wanted():
    found = set()
    for path in sorted((root / 'src').rglob('*.[ch]')):
        if c_translatable(path.read_text(encoding='utf-8', errors='replace')):
            found.add(path)
    for path in sorted((root / 'ui').rglob('*.ui')) if (root / 'ui').is_dir() else []:
        if re.search(r'translatable\s*=\s*"(yes|true|1)"', path.read_text(encoding='utf-8')):
            found.add(path)
    for path in sorted((root / 'data').glob('*.in')):
        found.add(path)
    for path in sorted((root / 'data').glob('*.gschema.xml')):
        found.add(path)
    return {p.relative_to(root).as_posix() for p in found}


def listed():
    entries = set()
    for line in (root / 'po' / 'POTFILES.in').read_text(encoding='utf-8').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            entries.add(line)
    return entries


def main():
    need = wanted()
    have = listed()
    missing = sorted(need - have)
    absent = sorted(p for p in have if not (root / p).is_file())
    for p in missing:
        print(f'po/POTFILES.in misses {p}: it has translatable strings')
    for p in absent:
        print(f'po/POTFILES.in names {p}, which does not exist')
    if missing or absent:
        return 1
    print(f'po/POTFILES.in lists all {len(need)} files with translatable strings')
    return 0


if __name__ == '__main__':
    sys.exit(main())
