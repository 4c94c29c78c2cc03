#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Independent facts about a Chrome webrtc-internals dump, for checking Callscope's importer.

    tools/dump-facts.py DUMP [DUMP...]          one block of text per dump
    tools/dump-facts.py --json DUMP [DUMP...]   the same facts as JSON (a list, one per dump)

DUMP is a webrtc_internals_dump.txt, plain or gzipped (recognised by the magic bytes 1f 8b,
not by the name). Python 3 standard library only, written from the dump layout described in
docs (peers-reference.md §c), sharing no code with Callscope.

For every connection key ("<rid>-<lid>") it reports:
  - every inbound-rtp object (kind audio or video): the number of points (the length of its
    "<id>-timestamp" series, or of its packetsReceived series when a build has no timestamp
    series), the first and last timestamps (ms since the epoch, from "<id>-timestamp"; else
    the packetsReceived series' startTime/endTime), and packetsReceived and packetsLost at
    the last point;
  - every candidate-pair object with a currentRoundTripTime series: its last value (seconds),
    with "selected" when a transport's selectedCandidatePairId names it at the end.

How a stats key splits (as Chrome writes it): a key containing "[" holds a computed property,
the last "[...]" piece, and the id before it minus its trailing "-"; else the split is at the
last "-". "values" is a JSON string holding an array (parsed a second time). The type of an
object: its "statsType" field, else its "<id>-type" series, else the id's old long prefix.
"""
import gzip
import json
import sys

OLD_PREFIXES = {"RTCInboundRTP": "inbound-rtp", "RTCIceCandidatePair": "candidate-pair",
                "RTCTransport": "transport"}


def load(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return json.loads(data.decode("utf-8"))


def split_key(key):
    if "[" in key:
        i = key.rfind("[")
        return key[:i].rstrip("-"), key[i:]
    i = key.rfind("-")
    return key[:i], key[i + 1:]


def objects(stats):
    """{stats id: {"type": ..., "series": {property: {"values": [...], "startTime", "endTime"}}}}"""
    objs = {}
    for key, s in stats.items():
        sid, prop = split_key(key)
        o = objs.setdefault(sid, {"type": None, "series": {}})
        if s.get("statsType"):
            o["type"] = s["statsType"]
        o["series"][prop] = {"values": json.loads(s["values"]),
                             "startTime": s.get("startTime"), "endTime": s.get("endTime")}
    for sid, o in objs.items():
        if o["type"] is None and "type" in o["series"]:
            o["type"] = o["series"]["type"]["values"][-1]
        if o["type"] is None:
            o["type"] = next((t for p, t in OLD_PREFIXES.items() if sid.startswith(p)), None)
    return objs


def last(o, prop):
    s = o["series"].get(prop)
    return s["values"][-1] if s and s["values"] else None


def facts(path):
    dump = load(path)
    out = {"file": path, "connections": {}}
    for key, pc in sorted(dump.get("PeerConnections", {}).items()):
        objs = objects(pc.get("stats", {}))
        selected = {last(o, "selectedCandidatePairId") for o in objs.values() if o["type"] == "transport"}
        inbound, pairs = [], []
        for sid, o in sorted(objs.items()):
            if o["type"] == "inbound-rtp" and last(o, "kind") in ("audio", "video"):
                ts = o["series"].get("timestamp")
                pr = o["series"].get("packetsReceived", {"values": [], "startTime": None, "endTime": None})
                inbound.append({
                    "id": sid, "kind": last(o, "kind"), "ssrc": last(o, "ssrc"),
                    "points": len(ts["values"]) if ts else len(pr["values"]),
                    "first": ts["values"][0] if ts else pr["startTime"],
                    "last": ts["values"][-1] if ts else pr["endTime"],
                    "packetsReceived": last(o, "packetsReceived"), "packetsLost": last(o, "packetsLost")})
            elif o["type"] == "candidate-pair" and "currentRoundTripTime" in o["series"]:
                pairs.append({"id": sid, "currentRoundTripTime": last(o, "currentRoundTripTime"),
                              "selected": sid in selected})
        out["connections"][key] = {"url": pc.get("url"), "inbound-rtp": inbound, "candidate-pairs": pairs}
    return out


def text(f):
    lines = [f"{f['file']}: {len(f['connections'])} connection(s)"]
    for key, c in f["connections"].items():
        lines.append(f"  connection {key} ({c['url']})")
        for i in c["inbound-rtp"]:
            lines.append(f"    inbound-rtp {i['id']} {i['kind']} ssrc {i['ssrc']}: {i['points']} points, "
                         f"{i['first']} .. {i['last']}, packetsReceived {i['packetsReceived']}, "
                         f"packetsLost {i['packetsLost']}")
        for p in c["candidate-pairs"]:
            sel = " (selected)" if p["selected"] else ""
            lines.append(f"    candidate-pair {p['id']}{sel}: currentRoundTripTime {p['currentRoundTripTime']}")
    return "\n".join(lines)


def main(argv):
    as_json = "--json" in argv
    paths = [a for a in argv if a != "--json"]
    if not paths:
        print("usage: tools/dump-facts.py [--json] DUMP [DUMP...]", file=sys.stderr)
        return 2
    all_facts = [facts(p) for p in paths]
    print(json.dumps(all_facts, indent=1, ensure_ascii=False) if as_json else "\n".join(map(text, all_facts)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
