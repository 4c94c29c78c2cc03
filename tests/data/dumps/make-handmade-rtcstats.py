#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the hand-made RTCStats dumps of tests/data/dumps (handmade-rtcstats-*.txt).

They are not recordings of a browser: one invented call (Chrome 149 calling a peer, audio and
video both ways, ten getStats polls a second apart, a renegotiation, a failed createOffer), with
realistic Chrome values, written three ways:

- handmade-rtcstats-compressed.txt: as rtcstats-js writes it (fileFormat 3, numeric methods,
  getStats through statsCompression () of rtcstats-shared's compression.js, transcribed below:
  delta against the previous poll, the latest timestamp moved to a top-level "t", ids renumbered,
  key and type tables, removed reports as null; SDPs through descriptionCompression ()).
- handmade-rtcstats-uncompressed.txt: as Chrome's own export is described (fileFormat 3, method
  names, full reports with their ids and timestamps, full SDPs). It leaves out what rtcstats-js
  drops before it compresses (certificates, "ip", "isRemote", "mediaType", "writable") so that
  both files decode to the same CsDump (tests/io/test-rtcstats-dump.c).
- handmade-rtcstats-legacy.txt: as the old rtcstats client wrote it (fileFormat 2, bare metadata
  line, method names with lowercase "getstats", absolute times, its deltaCompression (): unchanged
  properties left out, the latest report timestamp written as 0 and, from the sixth poll on, also
  as a top-level "timestamp"), and one line of a "legacy getStats" shape (an array).

Run it from this directory; it overwrites the files.
"""
import copy
import json

T0 = 1764613200000  # 2025-12-01 18:20:00 UTC, ms
UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/149.0.7827.5 Safari/537.36")


def js_order(value):
    """Members in the order JavaScript keeps them: integer keys first, ascending, then the others."""
    if isinstance(value, dict):
        ints = sorted((k for k in value if k.isdigit()), key=int)
        return {k: js_order(value[k]) for k in ints + [k for k in value if not k.isdigit()]}
    if isinstance(value, list):
        return [js_order(v) for v in value]
    return value


def dumps(value):
    return json.dumps(js_order(value), separators=(",", ":"), ensure_ascii=False)


# ---- the call --------------------------------------------------------------------------

OFFER1 = ("v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
          "a=group:BUNDLE 0 1\r\na=msid-semantic: WMS\r\n"
          "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
          "a=ice-ufrag:Xk3f\r\na=ice-pwd:8Hc1nQ2oJpY5rVw0dTz7LmA4\r\na=setup:actpass\r\na=mid:0\r\n"
          "a=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
          "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
          "a=ice-ufrag:Xk3f\r\na=ice-pwd:8Hc1nQ2oJpY5rVw0dTz7LmA4\r\na=setup:actpass\r\na=mid:1\r\n"
          "a=sendrecv\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n")
OFFER2 = OFFER1.replace(" 2 IN IP4", " 3 IN IP4")
ANSWER1 = ("v=0\r\no=- 7203362201875530112 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
           "a=group:BUNDLE 0 1\r\na=msid-semantic: WMS stream\r\n"
           "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
           "a=ice-ufrag:pQ9z\r\na=ice-pwd:Zr4mV7bN1cX8kL2sD5fG0hJ3\r\na=setup:active\r\na=mid:0\r\n"
           "a=sendrecv\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
           "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\n"
           "a=ice-ufrag:pQ9z\r\na=ice-pwd:Zr4mV7bN1cX8kL2sD5fG0hJ3\r\na=setup:active\r\na=mid:1\r\n"
           "a=sendrecv\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\na=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\n")
ANSWER2 = ANSWER1.replace(" 2 IN IP4", " 3 IN IP4")
CONFIG = {"iceServers": [{"urls": ["stun:stun.l.google.com:19302"]}], "iceTransportPolicy": "all",
          "bundlePolicy": "max-bundle", "rtcpMuxPolicy": "require", "iceCandidatePoolSize": 0}
CANDIDATE = {"candidate": "candidate:3187442394 1 udp 2122260223 192.168.1.23 53219 typ host generation 0 "
             "ufrag Xk3f network-id 1", "sdpMid": "0", "sdpMLineIndex": 0, "usernameFragment": "Xk3f"}
POLL0 = T0 + 1500  # first getStats


def poll(i):
    """The full getStats report of poll @i (Chrome's ids and values)."""
    ts = POLL0 + i * 1000 + 0.25
    r = {}
    r["T01"] = dict(type="transport", timestamp=ts, bytesSent=41210 + 151800 * i, bytesReceived=40352 + 149120 * i,
                    packetsSent=190 + 151 * i, packetsReceived=188 + 149 * i, dtlsState="connected",
                    iceState="connected", iceRole="controlling", selectedCandidatePairId="CPXk3f_pQ9z",
                    tlsVersion="FEFD", dtlsCipher="TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                    srtpCipher="AES_CM_128_HMAC_SHA1_80", selectedCandidatePairChanges=1,
                    iceLocalUsernameFragment="Xk3f", dtlsRole="client")
    r["CPXk3f_pQ9z"] = dict(type="candidate-pair", timestamp=ts, transportId="T01", localCandidateId="IXk3fL1",
                            remoteCandidateId="IpQ9zR1", state="succeeded", priority=9114756780671369471,
                            nominated=True, packetsSent=188 + 151 * i, packetsReceived=186 + 149 * i,
                            bytesSent=40122 + 151800 * i, bytesReceived=39310 + 149120 * i,
                            totalRoundTripTime=round(0.004 + 0.002 * i, 3), currentRoundTripTime=0.002 if i % 3 else 0.003,
                            availableOutgoingBitrate=1500000 if i < 5 else 1212856, requestsSent=2 + i // 2,
                            responsesReceived=2 + i // 2, consentRequestsSent=1 + i // 2,
                            lastPacketSentTimestamp=ts - 3, lastPacketReceivedTimestamp=ts - 5)
    r["IXk3fL1"] = dict(type="local-candidate", timestamp=ts, transportId="T01", address="192.168.1.23", port=53219,
                        protocol="udp", candidateType="host", priority=2122260223, networkType="ethernet",
                        foundation="3187442394", usernameFragment="Xk3f")
    r["IpQ9zR1"] = dict(type="remote-candidate", timestamp=ts, transportId="T01", address="192.168.1.42", port=40112,
                        protocol="udp", candidateType="host", priority=2122260223, foundation="1812554321",
                        usernameFragment="pQ9z")
    if i < 7:  # the remote side stops sending audio after the seventh poll
        r["CIT01_111_minptime=10;useinbandfec=1"] = dict(type="codec", timestamp=ts, transportId="T01", payloadType=111,
                                                         mimeType="audio/opus", clockRate=48000, channels=2,
                                                         sdpFmtpLine="minptime=10;useinbandfec=1")
        r["IT01A1894511234"] = dict(type="inbound-rtp", timestamp=ts, ssrc=1894511234, kind="audio", mid="0",
                                    trackIdentifier="a0d7e1f8-6c1b-4e0a-9c55-2f0e0e0c1a01", transportId="T01",
                                    codecId="CIT01_111_minptime=10;useinbandfec=1", packetsReceived=50 * i + 48,
                                    bytesReceived=4100 * i + 3936, headerBytesReceived=1200 * i + 1152,
                                    packetsLost=0 if i < 4 else 2, jitter=0.002 if i < 3 else 0.003,
                                    lastPacketReceivedTimestamp=ts - 12, jitterBufferDelay=round(2.88 * (i + 1), 2),
                                    jitterBufferEmittedCount=48000 * (i + 1), totalSamplesReceived=48000 * (i + 1),
                                    concealedSamples=0 if i < 4 else 1920, silentConcealedSamples=0,
                                    concealmentEvents=0 if i < 4 else 1, audioLevel=0.0312 + 0.001 * (i % 2),
                                    totalAudioEnergy=round(0.0051 * (i + 1), 4), totalSamplesDuration=1.0 * (i + 1))
    r["CIT01_96"] = dict(type="codec", timestamp=ts, transportId="T01", payloadType=96, mimeType="video/VP8",
                         clockRate=90000)
    r["IT01V2930453111"] = dict(type="inbound-rtp", timestamp=ts, ssrc=2930453111, kind="video", mid="1",
                                trackIdentifier="v1c2d3e4-aaaa-4bbb-8ccc-0123456789ab", transportId="T01",
                                codecId="CIT01_96", packetsReceived=95 * i + 90, bytesReceived=112000 * i + 98000,
                                headerBytesReceived=2280 * i + 2160, packetsLost=0 if i < 6 else 3,
                                jitter=0.004 if i < 6 else 0.009, framesReceived=30 * i + 28,
                                framesDecoded=30 * i + 27, keyFramesDecoded=1 if i < 6 else 2, framesDropped=0,
                                framesPerSecond=30 if i > 0 else 28, freezeCount=0 if i < 6 else 1,
                                totalFreezesDuration=0 if i < 6 else 0.35, pauseCount=0, totalPausesDuration=0,
                                totalDecodeTime=round(0.0021 * (30 * i + 27), 4), nackCount=0 if i < 6 else 2,
                                pliCount=0 if i < 6 else 1, firCount=0, jitterBufferDelay=round(1.62 * (i + 1), 2),
                                jitterBufferEmittedCount=30 * i + 27, decoderImplementation="libvpx",
                                lastPacketReceivedTimestamp=ts - 7)
    if i > 0:  # Chrome only knows the size once a frame is decoded
        r["IT01V2930453111"].update(frameWidth=640, frameHeight=480)
    r["COT01_96"] = dict(type="codec", timestamp=ts, transportId="T01", payloadType=96, mimeType="video/VP8",
                         clockRate=90000)
    r["OT01V3055071543"] = dict(type="outbound-rtp", timestamp=ts, ssrc=3055071543, kind="video", mid="1",
                                transportId="T01", codecId="COT01_96", remoteId="RIV3055071543",
                                packetsSent=98 * i + 94, bytesSent=116000 * i + 101500, headerBytesSent=2352 * i + 2256,
                                retransmittedPacketsSent=0 if i < 6 else 3, framesEncoded=30 * i + 29,
                                framesSent=30 * i + 29, keyFramesEncoded=1, frameWidth=1280 if i < 5 else 960,
                                frameHeight=720 if i < 5 else 540, framesPerSecond=30,
                                qualityLimitationReason="none" if i < 5 else "bandwidth",
                                qualityLimitationDurations={"none": 1.0 * (i + 1) if i < 5 else 5.0,
                                                            "bandwidth": 0 if i < 5 else 1.0 * (i - 4),
                                                            "cpu": 0, "other": 0},
                                targetBitrate=1200000 if i < 5 else 900000, totalEncodeTime=round(0.0035 * (30 * i + 29), 4),
                                encoderImplementation="libvpx", nackCount=0 if i < 6 else 2, pliCount=0, firCount=0,
                                active=True, scalabilityMode="L1T1")
    # RTCP receiver reports arrive on their own clock: the remote-inbound-rtp keeps its own timestamp
    r["RIV3055071543"] = dict(type="remote-inbound-rtp", timestamp=ts - 250.5, ssrc=3055071543, kind="video",
                              transportId="T01", codecId="COT01_96", localId="OT01V3055071543",
                              packetsLost=0 if i < 6 else 4, jitter=0.003 if i < 6 else 0.011,
                              fractionLost=0 if i != 6 else 0.0390625, roundTripTime=0.002 if i % 2 else 0.003,
                              totalRoundTripTime=round(0.0025 * (i + 1), 4), roundTripTimeMeasurements=i + 1)
    for report_id, report in r.items():
        report["id"] = report_id
    return r


# Lines: (time ms, method, value, extra). getStats values are the full reports.
def events():
    ev = [
        (T0, "create", CONFIG, []),
        (T0 + 4, "onnegotiationneeded", None, []),
        (T0 + 6, "createOffer", None, ["2-0"]),
        (T0 + 9, "createOfferOnSuccess", {"type": "offer", "sdp": OFFER1}, ["2-0"]),
        (T0 + 10, "setLocalDescription", {"type": "offer", "sdp": OFFER1}, ["6-0"]),
        (T0 + 13, "onsignalingstatechange", "have-local-offer", []),
        (T0 + 14, "onicegatheringstatechange", "gathering", []),
        (T0 + 15, "setLocalDescriptionOnSuccess", None, ["6-0"]),
        (T0 + 21, "onicecandidate", CANDIDATE, []),
        (T0 + 402, "setRemoteDescription", {"type": "answer", "sdp": ANSWER1}, ["8-0"]),
        (T0 + 404, "onsignalingstatechange", "stable", []),
        (T0 + 405, "setRemoteDescriptionOnSuccess", None, ["8-0"]),
        (T0 + 410, "oniceconnectionstatechange", "checking", []),
        (T0 + 431, "oniceconnectionstatechange", "connected", []),
        (T0 + 480, "onconnectionstatechange", "connected", []),
    ]
    for i in range(10):
        extra = ["connected-0"] if i == 0 else []
        ev.append((POLL0 + i * 1000 + 2, "getStats", poll(i), extra))
        if i == 4:  # a renegotiation, then a second offer that fails
            t = POLL0 + i * 1000 + 300
            ev += [
                (t, "createOffer", None, ["2-1"]),
                (t + 2, "createOfferOnSuccess", {"type": "offer", "sdp": OFFER2}, ["2-1"]),
                (t + 3, "setLocalDescription", {"type": "offer", "sdp": OFFER2}, ["6-1"]),
                (t + 5, "setLocalDescriptionOnSuccess", None, ["6-1"]),
                (t + 60, "setRemoteDescription", {"type": "answer", "sdp": ANSWER2}, ["8-1"]),
                (t + 62, "setRemoteDescriptionOnSuccess", None, ["8-1"]),
                (t + 70, "createOffer", None, ["2-2"]),
                (t + 71, "createOfferOnFailure",
                 "InvalidStateError: Failed to execute 'createOffer' on 'RTCPeerConnection': "
                 "The RTCPeerConnection's signalingState is 'closed'.", ["2-2"]),
            ]
        if i == 7:
            ev.append((POLL0 + i * 1000 + 500, "oniceconnectionstatechange", "disconnected", []))
            ev.append((POLL0 + i * 1000 + 800, "oniceconnectionstatechange", "connected", []))
    ev.append((POLL0 + 9 * 1000 + 400, "close", None, []))
    return ev


# ---- compression.js, transcribed ---------------------------------------------------------

METHODS = {"getStats": 1, "createOffer": 2, "createOfferOnSuccess": 3, "createOfferOnFailure": 12,
           "createAnswer": 4, "createAnswerOnSuccess": 5, "createAnswerOnFailure": 13,
           "setLocalDescription": 6, "setLocalDescriptionOnSuccess": 7, "setLocalDescriptionOnFailure": 14,
           "setRemoteDescription": 8, "setRemoteDescriptionOnSuccess": 9, "setRemoteDescriptionOnFailure": 15,
           "onicecandidate": 20, "onsignalingstatechange": 23, "oniceconnectionstatechange": 24,
           "onconnectionstatechange": 25, "onicegatheringstatechange": 26, "onnegotiationneeded": 27,
           "close": 36, "create": 39}
TYPES = {"inbound-rtp": 1, "outbound-rtp": 2, "remote-inbound-rtp": 3, "remote-outbound-rtp": 4, "transport": 5,
         "candidate-pair": 6, "local-candidate": 7, "remote-candidate": 8, "data-channel": 9, "peer-connection": 10,
         "certificate": 11, "media-source": 12, "media-playout": 13, "codec": 14}
PROPERTIES = {"timestamp": "t", "payloadType": 4, "transportId": 5, "mimeType": 6, "clockRate": 7, "channels": 8,
              "sdpFmtpLine": 9, "ssrc": 10, "kind": 11, "codecId": 12, "packetsReceived": 14, "packetsLost": 15,
              "jitter": 16, "trackIdentifier": 17, "mid": 18, "remoteId": 19, "framesDecoded": 20,
              "keyFramesDecoded": 21, "framesDropped": 22, "frameWidth": 23, "frameHeight": 24,
              "framesPerSecond": 25, "totalDecodeTime": 27, "pauseCount": 30, "totalPausesDuration": 31,
              "freezeCount": 32, "totalFreezesDuration": 33, "lastPacketReceivedTimestamp": 34,
              "headerBytesReceived": 35, "bytesReceived": 41, "nackCount": 42, "firCount": 43, "pliCount": 44,
              "jitterBufferDelay": 47, "jitterBufferEmittedCount": 49, "totalSamplesReceived": 51,
              "concealedSamples": 52, "silentConcealedSamples": 53, "concealmentEvents": 54, "audioLevel": 57,
              "totalAudioEnergy": 58, "totalSamplesDuration": 59, "framesReceived": 60,
              "decoderImplementation": 61, "playoutId": 62, "localId": 74, "roundTripTime": 75,
              "totalRoundTripTime": 76, "fractionLost": 77, "roundTripTimeMeasurements": 78, "packetsSent": 79,
              "bytesSent": 80, "headerBytesSent": 84, "retransmittedPacketsSent": 85, "targetBitrate": 87,
              "framesSent": 89, "framesEncoded": 91, "keyFramesEncoded": 92, "totalEncodeTime": 93,
              "qualityLimitationReason": 95, "qualityLimitationDurations": 96, "encoderImplementation": 98,
              "active": 100, "scalabilityMode": 101, "iceRole": 121, "iceLocalUsernameFragment": 122,
              "dtlsState": 123, "iceState": 124, "selectedCandidatePairId": 125, "tlsVersion": 128,
              "dtlsCipher": 129, "dtlsRole": 130, "srtpCipher": 131, "selectedCandidatePairChanges": 132,
              "address": 134, "port": 135, "protocol": 116, "candidateType": 136, "priority": 137,
              "foundation": 140, "usernameFragment": 143, "networkType": 145, "localCandidateId": 148,
              "remoteCandidateId": 149, "state": 118, "nominated": 150, "lastPacketSentTimestamp": 151,
              "currentRoundTripTime": 152, "availableOutgoingBitrate": 153, "requestsSent": 156,
              "responsesReceived": 157, "consentRequestsSent": 159}


def stats_compression(base, new, id_map):
    """statsCompression () of compression.js (without the certificate and obsolete property removal:
    the reports have none)."""
    delta = copy.deepcopy(new)
    removed = [i for i in base if i in id_map and i not in delta]
    for i, report in list(delta.items()):
        report.pop("id", None)
        if i not in base:
            continue
        for name in list(report):
            if name in base[i] and report[name] == base[i][name] and not isinstance(report[name], dict):
                del report[name]
            elif isinstance(report[name], dict):
                for key in list(report[name]):
                    if key in base[i].get(name, {}) and base[i][name][key] == report[name][key]:
                        del report[name][key]
                if not report[name]:
                    del report[name]
            if not report:
                del delta[i]
                break
    timestamp = max((r["timestamp"] for r in delta.values() if "timestamp" in r), default=None)
    for i, report in list(delta.items()):
        if report.get("timestamp") == timestamp:
            del report["timestamp"]
            if not report:
                del delta[i]
    for i in delta:
        if i not in id_map:
            id_map[i] = str(len(id_map))
    out = {}
    for i, report in delta.items():
        compressed = {}
        for name, value in report.items():
            if name.endswith("Id"):
                value = id_map[value]
            if name == "type":
                value = TYPES.get(value, value)
            compressed[str(PROPERTIES.get(name, name))] = value
        out[id_map[i]] = compressed
    if timestamp is not None:
        out["t"] = timestamp
    for i in removed:
        out[id_map[i]] = None
    return out


def split_sections(sdp):
    parts = sdp.split("\nm=")
    return [("m=" + p if n > 0 else p).strip() for n, p in enumerate(parts)]


def description_compression(base, new):
    if not base or base["type"] != new["type"]:
        return new
    b, n = split_sections(base["sdp"]), split_sections(new["sdp"])
    sections = [("v=" if k == 0 else "m=") if k < len(b) and s == b[k] else s for k, s in enumerate(n)]
    return {"type": new["type"], "sdp": "\r\n".join(sections) + "\r\n"}


def write_compressed(path):
    lines = ["RTCStatsDump", dumps({"fileFormat": 3, "userAgent": UA, "url": "https://meet.example.org/room-42",
                                   "origin": "https://meet.example.org", "startTime": T0 - 1200,
                                   "clientId": "3e1a9c20-5b8e-4f0b-a1c2-d3e4f5a6b7c8"})]
    last, base, id_map = 0, {}, {}
    local = remote = last_created = None
    for time, method, value, extra in events():
        if method == "getStats":
            full = value
            value = stats_compression(base, full, id_map)
            base = full
        elif method in ("createOfferOnSuccess", "createAnswerOnSuccess"):
            value, last_created = description_compression(local, value), value
        elif method == "setLocalDescription":
            value, local = description_compression(local or last_created, value), value
        elif method == "setRemoteDescription":
            value, remote = description_compression(remote, value), value
        lines.append(dumps([METHODS.get(method, method), "PC_0", value, *extra, time - last]))
        last = time
    # a page-level line (pcId null) between the others: getUserMedia
    lines.insert(3, dumps([60, None, {"audio": True, "video": {"width": 1280}}, 0]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def write_uncompressed(path):
    lines = ["RTCStatsDump", dumps({"fileFormat": 3})]
    last = 0
    for time, method, value, extra in events():
        # Chrome quotes state values (dump.js, STATE_VALUES)
        if method.endswith("statechange"):
            value = dumps(value)
        lines.append(dumps([method, "PC_0", value, *extra, time - last]))
        last = time
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def legacy_compression(base, new):
    """deltaCompression () of the old rtcstats client (fippo/rtcstats, rtcstats.js)."""
    delta = copy.deepcopy(new)
    for i, report in list(delta.items()):
        report.pop("id", None)
        if i not in base:
            continue
        for name in list(report):
            if report[name] == base[i].get(name):
                del report[name]
        if not report or list(report) == ["timestamp"]:
            del delta[i]
    timestamp = max((r["timestamp"] for r in delta.values() if "timestamp" in r), default=None)
    for report in delta.values():
        if report.get("timestamp") == timestamp:
            report["timestamp"] = 0
    return delta, timestamp


def write_legacy(path):
    legacy_ua = UA.replace("149.0.7827.5", "87.0.4280.88")
    lines = [dumps({"fileFormat": 2, "clientId": "c0ffee00-1234-4abc-9def-000000000001", "userAgent": legacy_ua,
                    "url": "https://meet.example.org/room-42"})]
    base = {}
    n = 0
    for time, method, value, extra in events():
        if method == "getStats":
            full = {i: {k: v for k, v in r.items() if not isinstance(v, dict)} for i, r in value.items()}
            value, timestamp = legacy_compression(base, full)
            if n >= 5:
                value["timestamp"] = timestamp
            base = full
            n += 1
            method = "getstats"
        lines.append(dumps([method, "PC_0", value, *extra, time]))
        if method == "getstats" and n == 3:
            # a line of the callback-based "legacy getStats" shape, which Callscope skips
            lines.append(dumps(["getstats", "PC_0", [{"type": "ssrc", "id": "ssrc_1894511234_recv",
                                                      "googJitterReceived": "3"}], time + 1]))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def write_format7(path):
    with open(path, "w", encoding="utf-8") as f:
        f.write("RTCStatsDump\n" + dumps({"fileFormat": 7, "userAgent": UA}) + "\n" +
                dumps([1, "PC_0", {"0": {"type": 1, "t": T0}}, T0]) + "\n")


if __name__ == "__main__":
    write_compressed("handmade-rtcstats-compressed.txt")
    write_uncompressed("handmade-rtcstats-uncompressed.txt")
    write_legacy("handmade-rtcstats-legacy.txt")
    write_format7("handmade-rtcstats-format7.txt")
