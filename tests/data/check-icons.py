#!/usr/bin/env python3
# Checks the application icons: well-formed SVG, the sizes GNOME expects (128 px app icon,
# 16 px symbolic icon), and a symbolic icon drawn in one colour only (GTK recolours it).
#   check-icons.py SOURCE_ROOT
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
APP_ID = 'io.github.callscope.Callscope'
icons = root / 'data' / 'icons' / 'hicolor'
errors = []


def load(path, size):
    try:
        svg = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        errors.append(f'{path}: {e}')
        return None
    if svg.get('viewBox') != f'0 0 {size} {size}':
        errors.append(f'{path.name}: the viewBox must be "0 0 {size} {size}", not {svg.get("viewBox")!r}')
    return svg


load(icons / 'scalable' / 'apps' / f'{APP_ID}.svg', 128)
symbolic_path = icons / 'symbolic' / 'apps' / f'{APP_ID}-symbolic.svg'
if load(symbolic_path, 16) is not None:
    colours = set(re.findall(r'#[0-9a-fA-F]{3,6}\b', symbolic_path.read_text()))
    if len(colours) > 1:
        errors.append(f'{symbolic_path.name}: a symbolic icon has one colour, not {sorted(colours)}')
    if 'Gradient' in symbolic_path.read_text():
        errors.append(f'{symbolic_path.name}: a symbolic icon has no gradients')

for e in errors:
    print(e)
if not errors:
    print('icons: valid')
sys.exit(1 if errors else 0)
