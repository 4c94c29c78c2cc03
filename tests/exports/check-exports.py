#!/usr/bin/env python3
# check-exports.py — the report, the CSV file and the chart images of a headless call, read
# back with parsers Callscope did not write (html.parser, csv, zlib) and compared with what the
# recording itself says the model computed live (its network-quality and exception lines).
#
#   check-exports.py CALLSCOPE replay RECORDING
#   check-exports.py CALLSCOPE anonymise DUMP NAME...   (NAME: display names that must not appear)
#   check-exports.py CALLSCOPE chromium RECORDING       (renders the report in headless Chromium)
#   check-exports.py CALLSCOPE scenario RECORDING DUMP   (--make-scenario, checked against the lab preset)
#   check-exports.py CALLSCOPE compare RECORDING        (--compare against itself, shifted, and with user-1 cut off)
#   check-exports.py CALLSCOPE reproduce SCENARIO       (a lab call recorded, made into a scenario, played again, compared)
#   check-exports.py CALLSCOPE reproduce-dump DUMP      (a Chromium dump made into a scenario, played, compared)
#
# SPDX-License-Identifier: GPL-3.0-or-later
import csv
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

SKIP = 77
CHARTS = ["uplink-quality", "downlink-quality", "delays", "packet-loss", "jitter", "rtt", "bitrate"]
PALETTE = [(0x00, 0x72, 0xB2), (0xE6, 0x9F, 0x00), (0x00, 0x9E, 0x73), (0xCC, 0x79, 0xA7)]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL:", what)


def run(callscope, *args):
    env = dict(os.environ, TZ="UTC", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    p = subprocess.run([callscope, "--headless", *args], capture_output=True, text=True, env=env, timeout=600)
    if p.returncode != 0:
        print(p.stdout, p.stderr)
        sys.exit(f"callscope {' '.join(args)} exited {p.returncode}")
    return p


class Page(html.parser.HTMLParser):
    """What the checks need of the report: users, events, bad periods, charts, references."""

    def __init__(self):
        super().__init__()
        self.users, self.events, self.periods, self.refs = [], [], [], []
        self.figures = 0
        self.svgs_in_figures = []
        self.in_figure = False
        self.text = []
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "data", "poster", "srcset") and value is not None:
                self.refs.append((tag, name, value))
        if tag == "section" and "user" in a.get("class", ""):
            self.users.append(a.get("data-uid"))
        if tag == "tr" and a.get("class") == "event":
            self.events.append((float(a["data-t"]), int(a["data-code"])))
        if tag == "li" and "data-start" in a:
            self.periods.append((a["data-uid"], a["data-link"], float(a["data-start"]), float(a["data-end"]),
                                 int(a["data-score"])))
        if tag == "figure":
            self.figures += 1
            self.in_figure = True
            self.svgs_in_figures.append(0)
        if tag == "svg" and self.in_figure:
            self.svgs_in_figures[-1] += 1

    def handle_endtag(self, tag):
        if tag == "figure":
            self.in_figure = False

    def handle_data(self, data):
        self.text.append(data)


def read_recording(path):
    quality, exceptions, uids = {}, [], set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o.get("type") == "network-quality":
                quality[(o["uid"], round(o["t"], 3))] = o
                uids.add(o["uid"])
            elif o.get("type") == "exception":
                exceptions.append((round(o["t"], 1), o["code"]))
    return quality, exceptions, uids


def expected_periods(quality, threshold=4):
    """The rule of docs/exports.md: seconds at the threshold or worse; a gap of one good second joins."""
    out = []
    for link, key in (("uplink", "uplinkNetworkQuality"), ("downlink", "downlinkNetworkQuality")):
        by_uid = {}
        for (uid, t), o in sorted(quality.items(), key=lambda kv: kv[0][1]):
            if o[key] >= threshold:
                by_uid.setdefault(uid, []).append((t, o[key]))
        for uid, bad in by_uid.items():
            start, last, worst = bad[0][0], bad[0][0], bad[0][1]
            for t, s in bad[1:]:
                if t - last > 2.5:
                    out.append((uid, link, round(start), round(last + 1), worst))
                    start, worst = t, s
                last, worst = t, max(worst, s)
            out.append((uid, link, round(start), round(last + 1), worst))
    return sorted(out, key=lambda p: (p[2], p[0], p[1]))


def decode_png(path):
    """(width, height, rows of (r, g, b, a)) of an 8-bit RGBA or RGB PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), f"PNG depth {depth} type {ctype}"
            bpp = 4 if ctype == 6 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = line
    return width, height, rows


def colour_columns(rows, rgb, tolerance=24):
    cols = set()
    for row in rows:
        for x, px in enumerate(row):
            if all(abs(px[i] - rgb[i]) <= tolerance for i in range(3)):
                cols.add(x)
    return cols


def check_report(path, quality, exceptions, uids):
    page = Page()
    page.feed(open(path, encoding="utf-8").read())
    check(sorted(page.users) == sorted(uids), f"users {page.users} == {sorted(uids)}")
    got_events = [(round(t, 1), c) for t, c in page.events]
    check(got_events == exceptions, f"events {got_events} == recording's {exceptions}")
    want = expected_periods(quality)
    got = sorted([(u, l, round(s), round(e), w) for u, l, s, e, w in page.periods], key=lambda p: (p[2], p[0], p[1]))
    check(got == want, f"bad periods {got} == {want}")
    check(len(want) > 0, "the fixture has bad periods")
    check(page.figures == len(CHARTS) and all(n == 1 for n in page.svgs_in_figures),
          f"one SVG per chart: {page.svgs_in_figures}")
    external = [r for r in page.refs if not (r[2].startswith("#") or r[2].startswith("data:"))]
    check(not external, f"no external reference: {external}")
    check("script" not in page.tags and "link" not in page.tags and "img" not in page.tags, f"tags {page.tags}")
    text = " ".join(page.text)
    check(re.search(r"url\(\s*['\"]?(https?:|//|[a-z]+/)", open(path, encoding="utf-8").read()) is None,
          "no url() to outside")
    check("measured" in text, "the delays are marked measured or estimated")
    for u, l, s, e, w in want:
        check(re.search(rf"{re.escape(u)} {l} {w} ", text) is not None, f"a sentence for {u} {l} {w}")
    return page


def check_csv(path, quality):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    check(header[0] == "time (s)" and "packet loss (%)" in header and "RTT (ms)" in header, f"header {header}")
    col = {name: i for i, name in enumerate(header)}
    seen = 0
    for r in rows[1:]:
        check(len(r) == len(header), f"row length {len(r)}")
        o = quality.get((r[col["uid"]], round(float(r[0]), 3)))
        if o is None:
            check(False, f"row {r[:3]} has no network-quality line in the recording")
            continue
        seen += 1
        check(int(r[col["uplinkNetworkQuality (0-6)"]]) == o["uplinkNetworkQuality"], f"uplink at {r[:3]}")
        check(int(r[col["downlinkNetworkQuality (0-6)"]]) == o["downlinkNetworkQuality"], f"downlink at {r[:3]}")
        for link in ("uplink", "downlink"):
            reason = o[link + "Reason"]
            metric = reason["metric"] if reason["metric"] != "none" else ""
            check(r[col[link + " reason"]] == metric, f"{link} reason {r[col[link + ' reason']]} == {metric} at {r[:3]}")
            value = r[col[link + " reason value (reason's unit)"]]
            if metric not in ("", "no-data"):
                check(value != "" and abs(float(value) - reason["value"]) < 1e-3 + 1e-6 * abs(reason["value"]),
                      f"{link} reason value {value} == {reason['value']} at {r[:3]}")
    check(seen == len(quality), f"a row for every second and user: {seen} of {len(quality)}")
    loss = [float(r[col["packet loss (%)"]]) for r in rows[1:] if r[col["uid"]] == "user-1" and r[col["packet loss (%)"]]]
    check(len(loss) > 10 and max(loss) > 3, f"user-1's loss in the CSV: {loss[:5]}…")
    return rows


def check_charts(directory):
    for i, name in enumerate(CHARTS):
        path = os.path.join(directory, f"{i + 1:02d}-{name}.png")
        check(os.path.exists(path), f"{path} written")
        if not os.path.exists(path):
            continue
        w, h, rows = decode_png(path)
        check((w, h) == (1200, 260), f"{name}: {w}×{h}")
        if name == "packet-loss":
            # user-1 (the second series, orange) has the loss: its colour is plotted across the call
            cols = colour_columns(rows, PALETTE[1])
            check(len(cols) > 200, f"user-1's colour in {len(cols)} columns of the loss chart")
            plot_cols = [c for c in cols if c > 100]
            check(plot_cols and max(plot_cols) - min(plot_cols) > 150, "the loss line spans the plot")


def replay(callscope, recording):
    quality, exceptions, uids = read_recording(recording)
    with tempfile.TemporaryDirectory() as tmp:
        report, table, charts = (os.path.join(tmp, n) for n in ("r.html", "r.csv", "charts"))
        run(callscope, f"--replay={recording}", f"--report={report}", f"--csv={table}", f"--charts={charts}")
        check_report(report, quality, exceptions, uids)
        check_csv(table, quality)
        check_charts(charts)
        # a file that cannot be written: exit 1, the file named, the summary still printed
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
        p = subprocess.run([callscope, "--headless", f"--replay={recording}", "--report=/nonexistent/dir/r.html",
                            f"--csv={table}.2"], capture_output=True, text=True, env=env, timeout=600)
        check(p.returncode == 1 and "/nonexistent/dir/r.html" in p.stderr and "Callscope summary" in p.stdout,
              f"an unwritable report: exit {p.returncode}, stderr {p.stderr[-300:]!r}")
        check(os.path.exists(table + ".2"), "the other exports are still written")
        p = subprocess.run([callscope, f"--replay={recording}", f"--report={report}"], capture_output=True,
                           text=True, env=env, timeout=60)
        check(p.returncode == 2 and "--headless" in p.stderr, f"--report without --headless: {p.returncode}")


def anonymise(callscope, dump, names):
    with tempfile.TemporaryDirectory() as tmp:
        plain, anon, table = (os.path.join(tmp, n) for n in ("plain.html", "anon.html", "anon.csv"))
        run(callscope, f"--import={dump}", f"--report={plain}")
        run(callscope, f"--import={dump}", f"--report={anon}", f"--csv={table}", "--anonymise")
        plain_text, anon_text = (open(p, encoding="utf-8").read() for p in (plain, anon))
        table_text = open(table, encoding="utf-8").read()
        for name in names:
            check(name in plain_text, f"{name} in the plain report")
            check(name not in anon_text and name not in table_text, f"{name} not in the anonymised exports")
        check("Participant 1" in anon_text and "Participant 1" in table_text, "aliases in the anonymised exports")
        ips = set(ip for ip in re.findall(r"(?<![\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\d.])", anon_text)
                  if all(int(part) <= 255 for part in ip.split(".")))
        check(not ips, f"no whole IPv4 address in the anonymised report: {ips}")
        check(re.search(r"\d{1,3}\.\d{1,3}\.x\.x", anon_text) is not None, "masked addresses in the report")


def shifted_copy(recording, path, dt):
    with open(recording, encoding="utf-8") as f, open(path, "w", encoding="utf-8") as g:
        for line in f:
            o = json.loads(line)
            if "t" in o and o.get("type") != "session":
                o["t"] += dt
            g.write(json.dumps(o) + "\n")


def compare(callscope, recording):
    quality, exceptions, uids = read_recording(recording)
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")

    def run_compare(*args):
        return subprocess.run([callscope, "--headless", *args], capture_output=True, text=True, env=env, timeout=300)

    with tempfile.TemporaryDirectory() as tmp:
        p = run_compare(f"--compare={recording}", f"--with={recording}")
        # the raises (recoveries are code + 2000; 5101 and up are notices)
        n = len([c for _, c in exceptions if c < 3000 or 5000 <= c < 5100])
        check(p.returncode == 0 and f"{n} of {n} matched within 3 s, 0 missed, 0 extra" in p.stdout,
              f"a call agrees with itself: {p.returncode} {p.stdout}")
        # the same call later on the clock (a slower start): aligned on the first media, it agrees
        for dt in (2, 5):
            shifted = os.path.join(tmp, f"shift{dt}.jsonl")
            shifted_copy(recording, shifted, dt)
            p = run_compare(f"--compare={recording}", f"--with={shifted}")
            print(p.stdout)
            check(f"aligned on the first media: the reproduction's times are +{dt}.0 s" in p.stdout, f"shift {dt}: aligned")
            for uid in uids:
                want = sum(1 for (u, _t) in quality if u == uid)
                check(re.search(rf"{re.escape(uid)} \(.*?\) ~ {re.escape(uid)}: 100 % \({want} of {want} s\)", p.stdout)
                      is not None, f"shift {dt}: {uid} agrees on all {want} s")
            check(p.returncode == 0 and f"{n} of {n} matched within 3 s, 0 missed" in p.stdout, f"shift {dt}: exit {p.returncode}")
        # user-1's media gone for 10 s: user-1 differs (no media, score 6), the others still agree
        cut = os.path.join(tmp, "cut.jsonl")
        with open(recording, encoding="utf-8") as f, open(cut, "w", encoding="utf-8") as g:
            for line in f:
                o = json.loads(line)
                if (o.get("type") == "sample" and o.get("kind") != "connection" and 10 <= o["t"] < 20 and
                        "user-1" in (o.get("observer_uid"), o.get("peer_uid"))):
                    continue
                g.write(line)
        p = run_compare(f"--compare={recording}", f"--with={cut}")
        print(p.stdout)
        m = re.search(r"user-1 \(.*?\) ~ user-1: (\d+) %", p.stdout)
        check(m is not None and int(m.group(1)) < 80, f"user-1 without media differs: {m and m.group(0)}")
        for uid in ("user-2", "user-3"):
            check(re.search(rf"{uid} \(.*?\) ~ {uid}: 100 %", p.stdout) is not None, f"{uid} still agrees")
        check(p.returncode == 1 and "reproduction differs" in p.stdout, f"the cut call differs: {p.returncode}")
        check(re.search(r"extra: .* user-1 5004 MEDIA_STOPPED", p.stdout) is not None, "the stop is an extra exception")
        p = run_compare(f"--compare={recording}", f"--with={tmp}/missing.jsonl")
        check(p.returncode == 2 and "missing.jsonl" in p.stderr, f"a missing file: {p.returncode} {p.stderr}")
        p = run_compare(f"--compare={recording}")
        check(p.returncode == 2 and "--with" in p.stderr, f"--compare alone: {p.returncode} {p.stderr}")


def scenario(callscope, recording, dump):
    """--make-scenario from the lab fixture (whose preset is known) and from a real lossy Chromium dump."""
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    preset = json.load(open(os.path.join(os.path.dirname(recording), "..", "..", "..", "data", "scenarios",
                                         "wifi-lossy.json"), encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "s.json")
        p = subprocess.run([callscope, f"--make-scenario={recording}", f"--output={out}"], capture_output=True,
                           text=True, env=env, timeout=120)
        check(p.returncode == 0 and "--scenario=" in p.stderr, f"--make-scenario: {p.returncode} {p.stderr}")
        made = json.load(open(out, encoding="utf-8"))
        steps = made["steps"]
        print("made:", json.dumps(steps))
        check(made["users"] == 3 and made["names"] == ["user-1", "user-2", "user-3"], f"users {made['users']}")
        check(24 <= made["duration"] <= 27, f"duration {made['duration']}")
        check(all(st["user"] in ("user-1", "user-2", "user-3") for st in steps), "steps name lab users")
        check(all(0 <= st["at"] <= made["duration"] for st in steps), "steps within the call")
        check([st["at"] for st in steps] == sorted(st["at"] for st in steps), "steps in time order")

        def values(user, key):
            return [st["set"][key] for st in steps if st["user"] == user and key in st["set"]]

        # the preset: user-1 3 % loss, 15 ± 20 ms both ways, a 12 % downlink burst; the others clean
        truth = preset["steps"][0]["set"]
        up_loss, down_loss = values("user-1", "up.loss"), values("user-1", "down.loss")
        check(up_loss and all(1 <= v <= 6 for v in up_loss), f"user-1 up.loss {up_loss} near {truth['loss']}")
        check(down_loss and 6 <= max(down_loss) <= 14, f"user-1 down.loss {down_loss}: the 12 % burst")
        burst = [st["at"] for st in steps if st["user"] == "user-1" and st["set"].get("down.loss", 0) >= 6]
        check(burst and 9 <= burst[0] <= 15, f"the burst starts near 12 s: {burst}")
        for key in ("up.delay", "down.delay"):
            check(values("user-1", key) and all(5 <= v <= 35 for v in values("user-1", key)),
                  f"user-1 {key} {values('user-1', key)} near {truth['delay']}")
        for key in ("up.jitter", "down.jitter"):
            check(values("user-1", key) and all(10 <= v <= 35 for v in values("user-1", key)),
                  f"user-1 {key} {values('user-1', key)} near {truth['jitter']}")
        for user in ("user-2", "user-3"):
            check(all(v <= 1 for k in ("up.loss", "down.loss") for v in values(user, k)), f"{user} has no loss")
        # the lab loads it (test-made-scenario.c), with its users and duration: not a call here, whose
        # start-up would be timed under the sanitizers
        # a real Chromium call with 5 % loss on a relay with 40 ms of RTT
        p = subprocess.run([callscope, f"--make-scenario={dump}", "--output=-"], capture_output=True, text=True,
                           env=env, timeout=120)
        check(p.returncode == 0, f"--make-scenario of a dump: {p.returncode} {p.stderr}")
        made = json.loads(p.stdout)
        steps = made["steps"]
        print("made from the dump:", json.dumps(steps))
        check(made["users"] == 1 and made["names"] == ["Peer 8-1"], f"{made['users']} {made['names']}")
        check(max(values("user-1", "up.loss") + values("user-1", "down.loss") + [0]) >= 2, "the dump's loss")
        check(all(10 <= v <= 30 for v in values("user-1", "up.delay") + values("user-1", "down.delay")),
              "one-way delay about half the relay's 40 ms RTT")
        # bad input
        p = subprocess.run([callscope, f"--make-scenario={tmp}/missing.jsonl", f"--output={out}"],
                           capture_output=True, text=True, env=env, timeout=60)
        check(p.returncode == 2 and "missing.jsonl" in p.stderr, f"a missing call: {p.returncode}")
        p = subprocess.run([callscope, "--output=x.json"], capture_output=True, text=True, env=env, timeout=60)
        check(p.returncode == 2 and "--make-scenario" in p.stderr, f"--output alone: {p.returncode}")


def compare_report(callscope, original, reproduction, env):
    """--compare's verdict and text; the bounds are the issue's (80 % of the seconds, exceptions within 3 s)."""
    p = subprocess.run([callscope, "--headless", f"--compare={original}", f"--with={reproduction}"],
                       capture_output=True, text=True, env=env, timeout=300)
    print(p.stdout, p.stderr)
    shares = [int(m) for m in re.findall(r"~ user-\d+: (\d+) %", p.stdout)]
    return p.returncode, p.stdout, shares


def play(callscope, scenario, record, env):
    """A headless lab call on @scenario (its users and duration), recorded; what it printed."""
    p = subprocess.run([callscope, "--headless", f"--scenario={scenario}", f"--record={record}"],
                       capture_output=True, text=True, env=env, timeout=600)
    print(f"--scenario={os.path.basename(scenario)} exited {p.returncode}")
    print(p.stderr[-3000:])
    return p


def reproduction_problems(callscope, original, made, repro, env, users):
    """Plays @made and compares it with @original, with the issue's bounds: every paired user agrees on
    80 % of the seconds, no network exception of the original is missed. What is wrong, or []."""
    p = play(callscope, made, repro, env)
    if p.returncode != 0:
        return [f"the lab call on the made scenario exited {p.returncode}"]
    rc, text, shares = compare_report(callscope, original, repro, env)
    problems = []
    if len(shares) != users or any(s < 80 for s in shares):
        problems.append(f"agreement per user {shares}, not all at 80 % or more")
    if " 0 missed" not in text:
        problems.append("an exception of the original is missed")
    if rc != 0:
        problems.append(f"--compare exited {rc}")
    return problems


def made_problems(truth, steps):
    """What the scenario made from a recorded lab call got wrong about the scenario that call played."""
    problems = []

    def at(user, key, pred):
        return [st["at"] for st in steps if st["user"] == user and key in st["set"] and pred(st["set"][key])]

    # what the file says, found again within 2 s (the model measures once a second, its loss over 5 s)
    set_at = {(st["user"], k): st["at"] for st in truth["steps"] for k, v in st["set"].items() if v}
    clear_at = {(st["user"], k): st["at"] for st in truth["steps"] for k, v in st["set"].items() if not v}
    loss = next(st["set"]["loss"] for st in truth["steps"] if st["user"] == "user-1" and st["set"].get("loss"))
    for direction in ("up", "down"):
        on = at("user-1", f"{direction}.loss", lambda v: 0.5 * loss <= v <= 2 * loss)
        off = at("user-1", f"{direction}.loss", lambda v: v < 1)
        if not (on and abs(on[0] - set_at[("user-1", "loss")]) <= 2):
            problems.append(f"user-1 {direction}.loss {loss} % from {set_at[('user-1', 'loss')]} s: {on}")
        if not (off and abs(off[-1] - clear_at[("user-1", "loss")]) <= 2):
            problems.append(f"user-1 {direction}.loss back to 0 at {clear_at[('user-1', 'loss')]} s: {off}")
        delay = [st["set"][f"{direction}.delay"] for st in steps
                 if st["user"] == "user-2" and f"{direction}.delay" in st["set"]]
        if not (delay and all(200 <= v <= 300 for v in delay)):
            problems.append(f"user-2 {direction}.delay 250 ms: {delay}")
        out = at("user-3", f"{direction}.loss", lambda v: v == 100)
        back = at("user-3", f"{direction}.loss", lambda v: v == 0)
        if not (out and abs(out[0] - set_at[("user-3", "loss")]) <= 1.5):
            problems.append(f"user-3's outage from {set_at[('user-3', 'loss')]} s: {out}")
        if not (back and abs(back[-1] - clear_at[("user-3", "loss")]) <= 1.5):
            problems.append(f"user-3's outage until {clear_at[('user-3', 'loss')]} s: {back}")
    return problems


def reproduce(callscope, scenario):
    """A lab call with a scenario of our own (loss on one user, delay on another, an outage), recorded,
    turned into a scenario, played again and compared with --compare, with the issue's bounds.
    The lab's VP8 receiver freezes at random now and then, in the original as in a reproduction
    (docs/lab.md, "How well"): the whole round (original, scenario, reproduction) is judged on the
    better of two; what each round found is printed."""
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    truth = json.load(open(scenario, encoding="utf-8"))
    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        original, made, repro = (os.path.join(tmp, n) for n in ("original.jsonl", "made.json", "repro.jsonl"))
        for attempt in (1, 2):
            problems = []
            if play(callscope, scenario, original, env).returncode != 0:
                problems.append("the original lab call failed")
            p = subprocess.run([callscope, f"--make-scenario={original}", f"--output={made}"], capture_output=True,
                               text=True, env=env, timeout=120)
            if p.returncode != 0:
                problems.append(f"--make-scenario: {p.returncode} {p.stderr}")
            else:
                steps = json.load(open(made, encoding="utf-8"))["steps"]
                print("made:", json.dumps(steps))
                problems += made_problems(truth, steps)
                problems += reproduction_problems(callscope, original, made, repro, env, 3)
            rounds.append(f"round {attempt}: " + ("; ".join(problems) or "agrees"))
            print(rounds[-1])
            if not problems:
                break
    check(not problems, f"the reproduction of a lab call agrees: {rounds}")


def reproduce_dump(callscope, dump):
    """A real Chromium call with loss, made into a scenario, played in the lab and compared with the dump."""
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    with tempfile.TemporaryDirectory() as tmp:
        made, repro = os.path.join(tmp, "made.json"), os.path.join(tmp, "repro.jsonl")
        p = subprocess.run([callscope, f"--make-scenario={dump}", f"--output={made}"], capture_output=True,
                           text=True, env=env, timeout=120)
        check(p.returncode == 0, f"--make-scenario: {p.returncode} {p.stderr}")
        print("made:", open(made, encoding="utf-8").read())
        # The bounds: 80 % of the seconds agree and no network exception of the dump is missed.
        # Since the lab's RTCP feedback is as prompt as Chromium's (cs-rtcp-feedback.c) its VP8 receiver
        # is repaired at the dump's 2 % loss as Chromium's was (before: frozen at the start of about
        # half the calls, 54-96 % agreement; after: 96 % in 8 plays of 8). A second play is allowed,
        # as for `reproduce`, for a machine so loaded that the call itself stalls.
        for attempt in (1, 2):
            p = play(callscope, made, repro, env)
            check(p.returncode == 0, f"the lab call on the dump's scenario exited {p.returncode}")
            rc, text, shares = compare_report(callscope, dump, repro, env)
            print(f"play {attempt}: agreement {shares} % (the issue's bound: 80 %)")
            if shares and min(shares) >= 80 and " 0 missed" in text:
                break
        check("8-1 (Peer 8-1) ~ user-1:" in text, "the dump's user paired with user-1, named as in the dump")
        check(len(shares) == 1, f"one remote user compared: {shares}")
        check(min(shares) >= 80, f"the reproduction agrees on 80 % of the seconds or more: {shares}")
        check(" 0 missed" in text, "no network exception of the dump missed")
        check("2002" in text, "the dump's device exception (2002) listed")
        check(rc == 0, f"--compare says the reproduction agrees (exit {rc})")


def chromium(callscope, recording):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        print("SKIP: no chromium")
        sys.exit(SKIP)
    with tempfile.TemporaryDirectory() as tmp:
        report, shot = os.path.join(tmp, "r.html"), os.path.join(tmp, "shot.png")
        run(callscope, f"--replay={recording}", f"--report={report}")
        p = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                            f"--user-data-dir={tmp}/profile", f"--screenshot={shot}", "--window-size=1100,3000",
                            "file://" + report], capture_output=True, text=True, timeout=120)
        check(os.path.exists(shot), f"chromium wrote a screenshot: {p.stderr[-500:]}")
        if not os.path.exists(shot):
            return
        w, h, rows = decode_png(shot)
        dark = sum(1 for row in rows[::4] for px in row[::4] if sum(px) < 300)
        coloured = sum(1 for row in rows[::4] for px in row[::4] if max(px) - min(px) > 60)
        print(f"screenshot {w}×{h}: {dark} dark and {coloured} coloured samples")
        check(dark > 2000, "text drawn (dark pixels)")
        check(coloured > 500, "charts and highlights drawn (coloured pixels)")


def main():
    callscope, what = sys.argv[1], sys.argv[2]
    if what == "replay":
        replay(callscope, sys.argv[3])
    elif what == "anonymise":
        anonymise(callscope, sys.argv[3], sys.argv[4:])
    elif what == "scenario":
        scenario(callscope, sys.argv[3], sys.argv[4])
    elif what == "compare":
        compare(callscope, sys.argv[3])
    elif what == "reproduce":
        reproduce(callscope, sys.argv[3])
    elif what == "reproduce-dump":
        reproduce_dump(callscope, sys.argv[3])
    elif what == "chromium":
        chromium(callscope, sys.argv[3])
    else:
        sys.exit(f"unknown check {what}")
    if failures:
        sys.exit(f"{len(failures)} checks failed")
    print("all checks passed")


main()
