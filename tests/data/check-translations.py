#!/usr/bin/env python3
# Fails when a translation in po/LINGUAS misses a message: regenerates the template from
# po/POTFILES.in with xgettext (the keywords of Meson's "glib" preset) into a temporary
# folder, merges each .po with it (msgmerge) and counts with msgfmt --statistics; any
# untranslated or fuzzy message, or a format string that does not match, is a failure.
#   check-translations.py SOURCE_ROOT
import pathlib
import re
import subprocess
import sys
import tempfile

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
po_dir = root / 'po'

# As meson's i18n.gettext(preset: 'glib')
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]


def run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        print(f'{args[0]} failed:\n{result.stderr}', file=sys.stderr)
        sys.exit(1)
    return result


def main():
    languages = [l.strip() for l in (po_dir / 'LINGUAS').read_text().splitlines()
                 if l.strip() and not l.startswith('#')]
    if not languages:
        print('po/LINGUAS names no language')
        return 1
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        pot = pathlib.Path(tmp) / 'callscope.pot'
        run(['xgettext', '--package-name=callscope', '--files-from=' + str(po_dir / 'POTFILES.in'),
             '--directory=' + str(root), '--output=' + str(pot)] + XGETTEXT_ARGS)
        if not pot.exists():
            print('xgettext found no translatable string')
            return 1
        n_messages = len(re.findall(r'^msgid ', pot.read_text(), re.M)) - 1
        for lang in languages:
            po = po_dir / f'{lang}.po'
            if not po.exists():
                print(f'po/{lang}.po is missing')
                failed = True
                continue
            merged = pathlib.Path(tmp) / f'{lang}.po'
            run(['msgmerge', '--quiet', '--no-fuzzy-matching', '--output-file=' + str(merged), str(po), str(pot)])
            stats = subprocess.run(['msgfmt', '--check', '--statistics', '--output-file=/dev/null', str(merged)],
                                   capture_output=True, text=True)
            report = stats.stderr.strip()
            untranslated = re.search(r'(\d+) untranslated', report)
            fuzzy = re.search(r'(\d+) fuzzy', report)
            if stats.returncode != 0 or untranslated or fuzzy:
                failed = True
                print(f'{lang}: {report}')
                # Name what is missing, so a translator knows where to start.
                listing = subprocess.run(['msgattrib', '--untranslated', '--no-obsolete', str(merged)],
                                         capture_output=True, text=True).stdout
                for msgid in re.findall(r'^msgid "(.+)"$', listing, re.M)[:40]:
                    print(f'  untranslated: {msgid}')
                listing = subprocess.run(['msgattrib', '--only-fuzzy', '--no-obsolete', str(merged)],
                                         capture_output=True, text=True).stdout
                for msgid in re.findall(r'^msgid "(.+)"$', listing, re.M)[:40]:
                    print(f'  fuzzy: {msgid}')
            else:
                print(f'{lang}: {report} (of {n_messages})')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
