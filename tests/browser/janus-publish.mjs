#!/usr/bin/env node
// janus-publish.mjs — Debian's headless Chromium publishes into (and subscribes from) a Janus
// VideoRoom with janus.js, and prints Chromium's own getStats() as JSON Lines on stdout, for
// Callscope's tests to compare with what Callscope measured.
//
//   node tests/browser/janus-publish.mjs --janus=ws://127.0.0.1:18188 --room=1234 \
//        --display=Chromium --duration=30 [--chromium=/usr/bin/chromium]
//   node tests/browser/janus-publish.mjs --janus=… --duration=60 \
//        --publishers='Clean@1357;Simulcast@1357:simulcast;Slow@1357:fps=5@20;VP9@1357:codec=vp9' \
//        --subscribe='Callscope@1357'
//
// --publishers: several publishers, each its own page (one browser), `DISPLAY@ROOM[:OPTION…]`
// separated by `;`. Options: `simulcast` (three rid layers h/m/l, scaleResolutionDownBy 1/2/4,
// janus.js' rid simulcast, captured at 1280×720 unless `video=` says otherwise), `fps=N@S`
// (applyConstraints({frameRate: N}) on the camera S seconds after it started sending;
// `fps=N@subscribed+S`: S seconds after the first --subscribe page subscribed, that is after
// the publisher it watches appeared),
// `fps=N@go+S`: S seconds after the file --go=PATH appeared (the test creates it when what it
// measures is ready), `fallback=N@[subscribed+|go+]S` (simulcast: at S, layer h stops and layer m is capped to N fps,
// so that Janus falls back to a layer of another size and frame rate), `video=WxH` (the capture size, 640×360 by default), `codec=vp8|vp9|h264|av1` (the video codec
// asked of Janus, `videocodec` in the publish request: one of the room's codecs; without it the
// room's first), `tone=HZ@GAIN` (the microphone is a steady sine of that frequency and amplitude,
// 0–1, from Web Audio, instead of the fake device's beeps: a level both sides can read at any
// poll). Without --publishers, one publisher from --display and --room.
// --subscribe=DISPLAY@ROOM[;…]: one more page each subscribes to the publisher of that name
// once it is in the room (janus.js, receive only) and plays what it receives.
//
// Lines, each with "display": {"type":"published","id":N} once Janus accepted a publisher,
// then every second one {"type":"outbound","t":S,"kind":"video"|"audio",...} per RTP stream
// (a simulcast track has one per rid; t: seconds since that page started publishing; the
// fields are Chromium's outbound-rtp ones, with "codec": the codec's mimeType), one
// {"type":"remote-inbound",…} per stream Janus reports on, one {"type":"source","t":S,"kind":…}
// per media-source (audioLevel, totalAudioEnergy, totalSamplesDuration, frames,
// framesPerSecond, width, height), {"type":"constraints","t":S,"timestamp":MS,"frameRate":N}
// when a page changed its frame rate (with "layers" and "rid" for a fallback); for a
// subscriber {"type":"subscribed","display":…,"feed":N} and every second one
// {"type":"inbound",…} per received stream (display: the publisher's; Chromium's inbound-rtp,
// with "codec"); and {"type":"done"} at the end. Every stats line has "timestamp", Chromium's, in
// milliseconds since the epoch. Everything stays on this machine: the page is served on
// 127.0.0.1, the browser is told `iceServers: []` (janus.js would use a public STUN
// server), and Janus is reached on the given loopback URL only.
//
// Exit status: 0 done, 1 failed (the reason on stderr), 77 Chromium or playwright-core is
// not available (the test skips, with the reason on stderr).
// playwright-core comes from _deps/fixtures-node (tools/dev.sh prepare_fixture_node) or
// CS_FIXTURES_NODE_DIR.
import fs from 'node:fs';
import path from 'node:path';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
  return m ? [m[1], m[2] ?? 'yes'] : [a, 'yes'];
}));
const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const skip = (why) => { process.stderr.write(`janus-publish: ${why}\n`); process.exit(77); };
const fail = (why) => { process.stderr.write(`janus-publish: ${why}\n`); process.exit(1); };

const JANUS = args.janus ?? 'ws://127.0.0.1:18188';
const ROOM = Number(args.room ?? 1234);
const DISPLAY = args.display ?? 'Chromium';
const PUBLISHERS = (args.publishers ?? `${DISPLAY}@${ROOM}`).split(';').filter((p) => p).map((spec) => {
  const [who, ...opts] = spec.split(':');
  const [display, room] = who.split('@');
  const p = { display, room: Number(room ?? ROOM), simulcast: false, fps: null, width: 640, height: 360, codec: null, tone: null, fallback: null };
  let sized = false;
  for (const o of opts) {
    let m;
    if (o === 'simulcast') p.simulcast = true;
    else if ((m = /^fps=(\d+)@(subscribed\+|go\+)?(\d+(?:\.\d+)?)$/.exec(o)))
      p.fps = { to: Number(m[1]), at: Number(m[3]), from: m[2] ?? '' };
    else if ((m = /^video=(\d+)x(\d+)$/.exec(o))) { Object.assign(p, { width: Number(m[1]), height: Number(m[2]) }); sized = true; }
    else if ((m = /^codec=(vp8|vp9|h264|av1)$/.exec(o))) p.codec = m[1];
    else if ((m = /^fallback=(\d+)@(subscribed\+|go\+)?(\d+(?:\.\d+)?)$/.exec(o)))
      p.fallback = { fps: Number(m[1]), at: Number(m[3]), from: m[2] ?? '' };
    else if ((m = /^tone=(\d+)@(0(?:\.\d+)?|1)$/.exec(o))) p.tone = { freq: Number(m[1]), gain: Number(m[2]) };
    else fail(`unknown publisher option ${o} in ${spec}`);
  }
  if (p.simulcast && !sized) Object.assign(p, { width: 1280, height: 720 });
  if (!display || !Number.isInteger(p.room)) fail(`bad publisher ${spec}`);
  return p;
});
const SUBSCRIBE = (args.subscribe ?? '').split(';').filter((p) => p).map((spec) => {
  const [display, room] = spec.split('@');
  if (!display || !Number.isInteger(Number(room ?? ROOM))) fail(`bad --subscribe ${spec}`);
  return { display, room: Number(room ?? ROOM) };
});
const DURATION_MS = Number(args.duration ?? 30) * 1000;
const GO = args.go ?? null;
const CHROMIUM = args.chromium ?? '/usr/bin/chromium';
const JANUS_JS = '/usr/share/javascript/janus-gateway/janus.js';
const ADAPTER_JS = '/usr/share/javascript/webrtc-adapter/adapter.js'; // janus.js needs it

if (!/^wss?:\/\/127\.0\.0\.1:\d+/.test(JANUS)) fail(`--janus must be on 127.0.0.1: ${JANUS}`);
if (!fs.existsSync(CHROMIUM)) skip(`${CHROMIUM} is not installed (apt-get install chromium)`);
if (!fs.existsSync(JANUS_JS)) fail(`${JANUS_JS} is missing (apt-get install libjs-janus-gateway)`);
if (!fs.existsSync(ADAPTER_JS)) fail(`${ADAPTER_JS} is missing (apt-get install libjs-webrtc-adapter)`);
let chromium;
try {
  const require = createRequire(path.join(process.env.CS_FIXTURES_NODE_DIR ?? path.join(top, '_deps/fixtures-node'), 'package.json'));
  ({ chromium } = require('playwright-core'));
} catch (e) {
  skip(`playwright-core is not installed (tools/dev.sh test installs it into _deps/fixtures-node): ${e.message}`);
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>Callscope: Chromium in a Janus room</title>
<body><script src="/adapter.js"></script><script src="/janus.js"></script><script>
const session = (server) => new Promise((resolve, reject) => {
  Janus.init({ debug: false, callback: () => {
    const janus = new Janus({ server, iceServers: [], error: reject, success: () => resolve(janus) });
  } });
});
// A steady sine as a microphone track (Web Audio)
const tone = (t) => {
  const ctx = new AudioContext();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  const out = ctx.createMediaStreamDestination();
  osc.frequency.value = t.freq;
  gain.gain.value = t.gain;
  osc.connect(gain).connect(out);
  osc.start();
  return out.stream.getAudioTracks()[0];
};
window.publish = (server, room, display, simulcast, width, height, codec, sine) => new Promise((resolve, reject) => {
  session(server).then((janus) => janus.attach({ plugin: 'janus.plugin.videoroom', opaqueId: 'callscope-test-chromium',
    error: reject,
    success: (h) => { window.handle = h; h.send({ message: { request: 'join', ptype: 'publisher', room, display } }); },
    onmessage: (msg, jsep) => {
      if (msg.error) reject(new Error(msg.error));
      if (msg.videoroom === 'joined') {
        window.handle.createOffer({
          tracks: [{ type: 'audio', capture: sine ? tone(sine) : true, recv: false },
                   { type: 'video', capture: { width, height }, recv: false, simulcast }],
          error: reject,
          success: (j) => {
            const message = { request: 'configure', audio: true, video: true };
            if (codec) message.videocodec = codec;
            window.handle.send({ message, jsep: j });
          } });
        resolve(msg.id);
      }
      if (jsep) window.handle.handleRemoteJsep({ jsep });
    },
  }), reject);
});
// Subscribes to the publisher named display once it is in the room; resolves with its feed id
window.subscribe = (server, room, display) => new Promise((resolve, reject) => {
  session(server).then((janus) => janus.attach({ plugin: 'janus.plugin.videoroom', opaqueId: 'callscope-test-chromium',
    error: reject,
    success: (h) => {
      window.handle = h;
      const look = () => h.send({ message: { request: 'listparticipants', room }, success: (r) => {
        const p = (r.participants || []).find((x) => x.display === display && x.publisher);
        if (!p) { setTimeout(look, 500); return; }
        h.send({ message: { request: 'join', ptype: 'subscriber', room, streams: [{ feed: p.id }] } });
        resolve(p.id);
      } });
      look();
    },
    // played, as a viewer would: Chromium decodes (and measures) audio only for a playing sink
    onremotetrack: (track, mid, on) => {
      if (!on) return;
      const el = document.createElement(track.kind);
      el.autoplay = true;
      el.srcObject = new MediaStream([track]);
      document.body.appendChild(el);
      el.play().catch(() => {});
    },
    onmessage: (msg, jsep) => {
      if (msg.error) reject(new Error(msg.error));
      if (jsep) window.handle.createAnswer({ jsep, tracks: [], error: reject,
        success: (j) => window.handle.send({ message: { request: 'start', room }, jsep: j }) });
    },
  }), reject);
});
window.stats = async () => {
  const pc = window.handle && window.handle.webrtcStuff && window.handle.webrtcStuff.pc;
  if (!pc) return [];
  const out = [];
  const stats = await pc.getStats();
  const kinds = { 'outbound-rtp': 'outbound', 'inbound-rtp': 'inbound', 'remote-inbound-rtp': 'remote-inbound', 'media-source': 'source' };
  stats.forEach((s) => {
    if (kinds[s.type]) out.push({ ...s, type: kinds[s.type], codec: s.codecId ? stats.get(s.codecId)?.mimeType : undefined });
  });
  return out;
};
// Simulcast: layer h stops and layer m is capped to fps (Janus then forwards m)
window.fallback = async (fps) => {
  const pc = window.handle.webrtcStuff.pc;
  const sender = pc.getSenders().find((s) => s.track && s.track.kind === 'video');
  const p = sender.getParameters();
  for (const e of p.encodings) {
    if (e.rid === 'h') e.active = false;
    if (e.rid === 'm') e.maxFramerate = fps;
  }
  await sender.setParameters(p);
};
window.frameRate = async (fps) => {
  const pc = window.handle.webrtcStuff.pc;
  const sender = pc.getSenders().find((s) => s.track && s.track.kind === 'video');
  await sender.track.applyConstraints({ frameRate: fps });
};
</script></body>`;

const server = createServer((req, res) => {
  const files = { '/': ['text/html; charset=utf-8', PAGE], '/janus.js': ['text/javascript', fs.readFileSync(JANUS_JS)],
    '/adapter.js': ['text/javascript', fs.readFileSync(ADAPTER_JS)] };
  const f = files[new URL(req.url, 'http://x').pathname];
  if (!f) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': f[0] });
  res.end(f[1]);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));

let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--headless=new',
    '--no-first-run', '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic',
    '--autoplay-policy=no-user-gesture-required'] });
} catch (e) {
  server.close();
  skip(`Chromium could not start: ${e.message.split('\n')[0]}`);
}
const stop = async (status) => { await browser.close().catch(() => {}); server.close(); process.exit(status); };
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

const newPage = async (display) => {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => process.stderr.write(`janus-publish: ${display}: page error: ${e.message}\n`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  return page;
};

const publisher = async (p) => {
  const page = await newPage(p.display);
  const id = await page.evaluate(([s, r, d, sc, w, h, c, t]) => window.publish(s, r, d, sc, w, h, c, t),
    [JANUS, p.room, p.display, p.simulcast, p.width, p.height, p.codec, p.tone]);
  emit({ type: 'published', display: p.display, id });
  return { ...p, page, start: Date.now(), changed: false };
};

try {
  const pages = [];
  for (const p of PUBLISHERS) pages.push(await publisher(p));
  // the subscriber waits for its publisher in the background: the publishers' stats go on meanwhile
  let subscribedAt = null; // when the first subscription started
  for (const sub of SUBSCRIBE) {
    newPage(`subscriber of ${sub.display}`).then(async (page) => {
      const feed = await page.evaluate(([s, r, d]) => window.subscribe(s, r, d), [JANUS, sub.room, sub.display]);
      emit({ type: 'subscribed', display: sub.display, feed, timestamp: Date.now() });
      subscribedAt = subscribedAt ?? Date.now();
      pages.push({ display: sub.display, page, start: Date.now(), fps: null });
    }).catch((e) => { process.stderr.write(`janus-publish: subscribing to ${sub.display}: ${e.message}\n`); stop(1); });
  }
  // when a change is counted from: the page's start, the first subscription, or --go's file
  let goAt = null;
  const origin = (p, from) => (from === 'go+' ? goAt : from === 'subscribed+' ? subscribedAt : p.start);
  const start = Date.now();
  while (Date.now() - start < DURATION_MS) {
    await new Promise((r) => setTimeout(r, 1000));
    if (GO && goAt === null && fs.existsSync(GO)) {
      goAt = Date.now();
      emit({ type: 'go', timestamp: goAt });
    }
    for (const p of [...pages]) {
      const t = (Date.now() - p.start) / 1000;
      for (const s of await p.page.evaluate(() => window.stats()))
        emit({ ...s, display: p.display, t });
      const fb = p.fallback && origin(p, p.fallback.from);
      if (p.fallback && !p.fellBack && fb && (Date.now() - fb) / 1000 >= p.fallback.at) {
        await p.page.evaluate((f) => window.fallback(f), p.fallback.fps);
        p.fellBack = true;
        emit({ type: 'constraints', display: p.display, t: (Date.now() - p.start) / 1000, timestamp: Date.now(),
          layers: 'h stopped', frameRate: p.fallback.fps, rid: 'm' });
      }
      const from = p.fps && origin(p, p.fps.from);
      if (p.fps && !p.changed && from && (Date.now() - from) / 1000 >= p.fps.at) {
        await p.page.evaluate((f) => window.frameRate(f), p.fps.to);
        p.changed = true;
        emit({ type: 'constraints', display: p.display, t: (Date.now() - p.start) / 1000, timestamp: Date.now(), frameRate: p.fps.to });
      }
    }
  }
  emit({ type: 'done' });
  await stop(0);
} catch (e) {
  process.stderr.write(`janus-publish: ${e.message}\n`);
  await stop(1);
}
