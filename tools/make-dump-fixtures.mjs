#!/usr/bin/env node
// SPDX-License-Identifier: GPL-3.0-or-later
// Makes the real Chromium dump fixtures in tests/data/dumps/ (see its README.md).
//
//   tools/dev.sh make-dump-fixtures [--only=p2p,janus,loss] [--duration=25] [--out=DIR]
//   (or: node tools/make-dump-fixtures.mjs ..., with the npm packages in _deps/fixtures-node or
//   CS_FIXTURES_NODE_DIR). Options: --loss=0.05 --delay=40 (the loss call), --netns=no (not in
//   a namespace: p2p and loss only, Janus then has no interface to gather on).
//
// Needs Debian's chromium, janus, libjs-janus-gateway and libjs-webrtc-adapter, the npm packages
// playwright-core and rtcstats (5.x) (tools/dev.sh installs them all), and unshare(1).
// Nothing leaves the machine: the script re-runs itself in a private network namespace (lo and
// one fake device, see NETNS_ADDR), a local HTTP server on 127.0.0.1 serves the call pages,
// Janus listens on 127.0.0.1, the p2p calls exchange 127.0.0.1 ICE candidates only, and the
// lossy relay of the "loss" call listens on 127.0.0.1 (ports of its own).
//
// How a dump is taken: browser A (headless Chromium) first opens chrome://webrtc-internals, then
// the call page; browser B (a second Chromium, so that A's internals page sees A's connections
// only) is the other party. After the call has run for --duration seconds, the script drives
// the internals page's own "Create a WebRTC-Internals dump" section: "Download the
// "webrtc-internals dump"" (with or without "Compress result") and "Download the "rtcstats
// dump"", and catches both downloads. Page A also runs the rtcstats npm library, whose trace
// lines are written as a third file (…-rtcstats-lib.txt.gz).

import { createServer } from 'node:http';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const m = a.match(/^--([^=]+)(?:=(.*))?$/);
  if (!m) throw new Error(`unknown argument ${a}`);
  return [m[1], m[2] ?? 'true'];
}));
const DURATION = Number(args.duration ?? 25) * 1000;
const OUT = path.resolve(args.out ?? path.join(top, 'tests/data/dumps'));
const ONLY = (args.only ?? 'p2p,janus,loss').split(',');
const CHROMIUM = args.chromium ?? '/usr/bin/chromium';
const JANUS_HTTP_PORT = 28088;          // not the tests' 18088/18188: they may run meanwhile
const LOSS = Number(args.loss ?? 0.05); // B→A video RTP dropped by the relay
const DELAY_MS = Number(args.delay ?? 40); // added to every B→A packet by the relay
const RELAY_ADDR = args['relay-addr'] ?? '127.0.0.1';
// The relay stops dropping this long before the dump is taken, so that the receiver's final
// packetsLost equals the relay's count of dropped media packets (nothing is in flight then).
const LOSS_FREE_TAIL_MS = 3000;

// Janus (1.1) never gathers candidates on a loopback interface, so the script runs in a
// private network namespace (unshare --net) holding lo and one ifb device, cs0, 10.255.0.1/24:
// Janus gathers on cs0 only (ice_enforce_list), the browsers' candidates are cut to 127.0.0.1
// (p2p) or 127.0.0.1 and 10.255.0.1 (Janus). Nothing in the namespace reaches any network, and
// nothing there clashes with the ports of tests that run meanwhile.
const NETNS_ADDR = '10.255.0.1';
const P2P_ADDR_RE = '127\\.0\\.0\\.1';
const JANUS_ADDR_RE = `127\\.0\\.0\\.1|${NETNS_ADDR.replaceAll('.', '\\.')}`;
if (!process.env.CS_FIXTURES_NETNS && args.netns !== 'no') {
  const setup = `ip link set lo up && ip link add cs0 type ifb && ip addr add ${NETNS_ADDR}/24 dev cs0 && ip link set cs0 up && exec "$0" "$@"`;
  const r = spawnSync('unshare', [...(process.getuid() ? ['--map-root-user'] : []), '--net', 'sh', '-c', setup,
    process.execPath, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, CS_FIXTURES_NETNS: '1' } });
  process.exit(r.status ?? 1);
}

// playwright-core and rtcstats come from _deps/fixtures-node (or CS_FIXTURES_NODE_DIR), not committed.
const require = createRequire(path.join(process.env.CS_FIXTURES_NODE_DIR ?? path.join(top, '_deps/fixtures-node'), 'package.json'));
const { chromium } = require('playwright-core');
const rtcstatsLibPath = require.resolve('rtcstats/rtcstats.js');
const rtcstatsLibVersion = JSON.parse(fs.readFileSync(
  path.join(path.dirname(rtcstatsLibPath), 'package.json'), 'utf8')).version;

const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
fs.mkdirSync(OUT, { recursive: true });
const facts = {}; // ground truth collected while making each fixture, printed at the end

// ---------------------------------------------------------------- pages served on 127.0.0.1
// The page side: `allowed` is a regex source for the candidate addresses that may be used.
const commonJs = (allowed) => `
window.csLoopback = (c) => new RegExp(${JSON.stringify(` (${allowed}) \\d+ typ host`)}).test(c) && / udp /i.test(c);
// Only loopback UDP host candidates ever leave the page (janus.js hands every
// icecandidate event to Janus; the p2p signalling filters in Node too).
(() => {
  const d = Object.getOwnPropertyDescriptor(RTCPeerConnection.prototype, 'onicecandidate');
  Object.defineProperty(RTCPeerConnection.prototype, 'onicecandidate', {
    configurable: true, get() { return d.get.call(this); },
    set(h) { d.set.call(this, h && ((e) => {
      if (e.candidate && e.candidate.candidate && !csLoopback(e.candidate.candidate)) return;
      return h.call(this, e);
    })); },
  });
})();
// Remote candidates other than loopback are dropped too (Janus announces all its interfaces).
(() => {
  const P = RTCPeerConnection.prototype, srd = P.setRemoteDescription, aic = P.addIceCandidate;
  P.setRemoteDescription = function (d, ...rest) {
    if (d && d.sdp) d = { type: d.type, sdp: d.sdp.split('\\r\\n').filter((l) => !l.startsWith('a=candidate:') || csLoopback(l)).join('\\r\\n') };
    return srd.call(this, d, ...rest);
  };
  P.addIceCandidate = function (c, ...rest) {
    if (c && c.candidate && !csLoopback(c.candidate)) return Promise.resolve();
    return aic.call(this, c, ...rest);
  };
})();
window.csShow = (track) => {
  const v = document.createElement(track.kind === 'video' ? 'video' : 'audio');
  v.autoplay = true; v.muted = true; v.playsInline = true;
  v.srcObject = new MediaStream([track]); document.body.appendChild(v); v.play().catch(() => {});
};`;

const P2P_HTML = `<!doctype html><meta charset="utf-8"><title>Callscope fixture: p2p</title>
<body><script>${commonJs(P2P_ADDR_RE)}
window.cands = [];
window.setup = async () => {
  window.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360, frameRate: 30 } });
  window.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle' });
  pc.onicecandidate = (e) => { if (e.candidate) cands.push(e.candidate.toJSON()); };
  pc.ontrack = (e) => csShow(e.track);
  for (const t of stream.getTracks()) pc.addTrack(t, stream);
};
window.takeCands = () => cands.splice(0);
window.offer = async () => { await pc.setLocalDescription(await pc.createOffer()); return pc.localDescription.toJSON(); };
window.answer = async (o) => { await pc.setRemoteDescription(o); await pc.setLocalDescription(await pc.createAnswer()); return pc.localDescription.toJSON(); };
window.remote = (d) => pc.setRemoteDescription(d);
window.addCand = (c) => pc.addIceCandidate(c);
window.state = () => pc.connectionState;
</script></body>`;

const JANUS_HTML = `<!doctype html><meta charset="utf-8"><title>Callscope fixture: Janus VideoRoom</title>
<body><script src="/adapter.js"></script><script src="/janus.js"></script><script>${commonJs(JANUS_ADDR_RE)}
window.events = [];
window.subscribed = {};
// A chat message on a data channel labelled with the sender's display name (janus.js opens
// the channel on first use): the one place where a display name reaches the dumps.
window.chat = (label, text) => new Promise((resolve, reject) => pub.data({ label, text, success: resolve, error: reject }));
window.startRoom = (server, room, display) => new Promise((resolve, reject) => {
  Janus.init({ debug: false, callback: () => {
    const janus = new Janus({ server, error: reject, success: () => {
      let pub;
      const subscribe = (p) => {
        if (subscribed[p.id]) return;
        subscribed[p.id] = p.display;
        let sub;
        janus.attach({ plugin: 'janus.plugin.videoroom', opaqueId: 'callscope-fixture-sub',
          error: reject,
          success: (h) => { sub = h; sub.send({ message: { request: 'join', ptype: 'subscriber', room, streams: [{ feed: p.id }], private_id: window.privateId } }); },
          onmessage: (msg, jsep) => {
            events.push(['sub', msg.videoroom]);
            if (jsep) sub.createAnswer({ jsep, tracks: [], error: reject,
              success: (j) => sub.send({ message: { request: 'start', room }, jsep: j }) });
          },
          onremotetrack: (track, mid, on) => { if (on) csShow(track); events.push(['remotetrack', track.kind, mid, on]); },
        });
      };
      janus.attach({ plugin: 'janus.plugin.videoroom', opaqueId: 'callscope-fixture-pub',
        error: reject,
        success: (h) => { pub = h; window.pub = h; pub.send({ message: { request: 'join', ptype: 'publisher', room, display } }); },
        ondataopen: (label) => events.push(['dataopen', label]),
        onmessage: (msg, jsep) => {
          events.push(['pub', msg.videoroom, msg.error || '']);
          if (msg.videoroom === 'joined') {
            window.myId = msg.id; window.privateId = msg.private_id;
            pub.createOffer({ tracks: [{ type: 'audio', capture: true, recv: false }, { type: 'video', capture: { width: 640, height: 360 }, recv: false }, { type: 'data' }],
              error: reject,
              success: (j) => pub.send({ message: { request: 'configure', audio: true, video: true, data: true }, jsep: j }) });
            (msg.publishers || []).forEach(subscribe);
            resolve(msg.id);
          } else if (msg.publishers) msg.publishers.forEach(subscribe);
          if (msg.error) reject(msg.error);
          if (jsep) pub.handleRemoteJsep({ jsep });
        },
      });
    } });
  } });
});
</script></body>`;

function rtcstatsLibScript() {
  // The rtcstats npm library (CommonJS) wrapped for the page; its trace() keeps the lines in
  // the page, as its own trace-ws.js would send them (with Date.now() appended).
  // rtcstats 5.x takes Chrome for a browser with the legacy callback getStats() (removed from
  // Chrome long ago) when navigator.webkitGetUserMedia exists: hidden while the library sets
  // itself up, so that it takes its standard getStats(null) path, then put back.
  return `(() => { const module = { exports: {} };
${fs.readFileSync(rtcstatsLibPath, 'utf8')}
window.__rtcstatsLines = [];
const wgum = Object.getOwnPropertyDescriptor(Navigator.prototype, 'webkitGetUserMedia');
if (wgum) delete Navigator.prototype.webkitGetUserMedia;
module.exports(function () {
  const a = Array.prototype.slice.call(arguments);
  a.push(new Date().getTime());
  if (a[1] instanceof RTCPeerConnection) a[1] = a[1].__rtcStatsId;
  window.__rtcstatsLines.push(JSON.stringify(a));
}, 1000, ['']);
if (wgum) Object.defineProperty(Navigator.prototype, 'webkitGetUserMedia', wgum);
})();`;
}

function startHttp() {
  const files = {
    '/p2p.html': ['text/html; charset=utf-8', P2P_HTML],
    '/janus.html': ['text/html; charset=utf-8', JANUS_HTML],
    '/janus.js': ['text/javascript', fs.readFileSync('/usr/share/javascript/janus-gateway/janus.js')],
    '/adapter.js': ['text/javascript', fs.readFileSync('/usr/share/javascript/webrtc-adapter/adapter.js')],
  };
  const server = createServer((req, res) => {
    const f = files[new URL(req.url, 'http://x').pathname];
    if (!f) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': f[0] });
    res.end(f[1]);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

// ---------------------------------------------------------------- browsers and the dump UI
const FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--headless=new', '--no-first-run',
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding'];

async function launch() {
  const b = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const newContext = b.newContext.bind(b);
  b.newContext = async (...a) => {
    const ctx = await newContext(...a);
    ctx.on('page', (p) => p.on('pageerror', (e) => log(`  page error (${p.url()}): ${e.message}`)));
    return ctx;
  };
  return b;
}

async function openInternals(ctx) {
  const page = await ctx.newPage();
  await page.goto('chrome://webrtc-internals');
  await page.waitForSelector('#dump-click-target', { state: 'attached' });
  return page;
}

async function download(page, button, saveAs) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click(button)]);
  await dl.saveAs(saveAs);
  log(`  ${path.basename(saveAs)} (offered as ${dl.suggestedFilename()}): ${fs.statSync(saveAs).size} bytes`);
  return dl.suggestedFilename();
}

// Drives "Create a WebRTC-Internals dump". `internals` is written as is when it ends in .gz
// with "Compress result" ticked, else unticked; the rtcstats dump is always gzipped by Chrome.
async function takeDumps(internalsPage, internals, rtcstats) {
  await internalsPage.click('summary:has-text("Create a WebRTC-Internals dump")');
  const compress = internals.endsWith('.gz');
  const box = internalsPage.locator('#dump-checkbox');
  if ((await box.isChecked()) !== compress) await box.click();
  const offered = await download(internalsPage, '#dump-click-target', internals);
  const gz = fs.readFileSync(internals).subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]));
  if (gz !== compress) throw new Error(`${internals}: gzip ${gz}, expected ${compress} (offered ${offered})`);
  const offeredRtc = await download(internalsPage, '#dump-click-target-rtcstats', rtcstats);
  return { offered, offeredRtc };
}

async function saveRtcstatsLib(page, file) {
  const lines = await page.evaluate(() => window.__rtcstatsLines.slice());
  const meta = { fileFormat: 2, clientProtocol: '2.0', url: page.url(), userAgent: await page.evaluate(() => navigator.userAgent),
    note: `trace lines of the rtcstats npm library ${rtcstatsLibVersion} (legacy format, absolute ms timestamps), written by tools/make-dump-fixtures.mjs` };
  fs.writeFileSync(file, zlib.gzipSync([JSON.stringify(meta), ...lines].join('\n') + '\n', { level: 9 }));
  log(`  ${path.basename(file)}: ${lines.length} lines, ${fs.statSync(file).size} bytes`);
}

// ---------------------------------------------------------------- p2p signalling and the relay
function mungeSdp(desc, fn) { return { type: desc.type, sdp: fn(desc.sdp) }; }

// Without NACK (and with no FEC codecs offered) every packet the relay drops shows in packetsLost.
function noNackNoFec(sdp) {
  const lines = sdp.split('\r\n');
  const fec = new Set();
  for (const l of lines) {
    const m = l.match(/^a=rtpmap:(\d+) (red|ulpfec|flexfec-03)\//i);
    if (m) fec.add(m[1]);
  }
  // rtx for a FEC payload type (apt=<fec pt>) goes too
  for (const l of lines) {
    const m = l.match(/^a=fmtp:(\d+) apt=(\d+)/);
    if (m && fec.has(m[2])) fec.add(m[1]);
  }
  return lines.filter((l) => {
    if (/^a=rtcp-fb:\d+ nack$/.test(l)) return false;
    const m = l.match(/^a=(?:rtpmap|fmtp|rtcp-fb):(\d+)[ ]/);
    return !(m && fec.has(m[1]));
  }).map((l) => l.startsWith('m=video') ? l.split(' ').filter((p, i) => i < 3 || !fec.has(p)).join(' ') : l)
    .join('\r\n');
}

function videoPayloadTypes(sdp) {
  const pts = new Set();
  let video = false;
  for (const l of sdp.split('\r\n')) {
    if (l.startsWith('m=')) {
      video = l.startsWith('m=video');
      if (video) l.split(' ').slice(3).forEach((p) => pts.add(Number(p)));
    }
  }
  return pts;
}

// A UDP middlebox on RELAY_ADDR (127.0.0.1; Chromium would not pair its 127.0.0.1 candidate
// with a 127.0.0.2 one): one socket per real candidate of either peer; the other peer is
// given the socket's address instead. It forwards both ways, and drops LOSS of the B→A video
// RTP packets (seeded, so runs are alike) and delays every B→A packet by DELAY_MS.
class Relay {
  constructor() {
    this.sockets = [];
    this.counts = {}; // ssrc → { kind, forwarded, dropped }
    this.videoPts = new Set();
    this.seed = 12345;
    this.lossUntil = Infinity; // the call sets it: no loss in the last LOSS_FREE_TAIL_MS
    this.packets = { 'A→B': 0, 'B→A': 0 };
  }
  random() { this.seed = (this.seed * 1103515245 + 12345) % 2147483648; return this.seed / 2147483648; }
  async add(owner, port) {
    const s = dgram.createSocket('udp4');
    await new Promise((r) => s.bind(0, RELAY_ADDR, r));
    s.on('message', (msg, rinfo) => {
      const fromOwner = rinfo.address === '127.0.0.1' && rinfo.port === port;
      if (!fromOwner) s.peer = rinfo;
      const to = fromOwner ? s.peer : { address: '127.0.0.1', port };
      if (!to) return;
      const sender = fromOwner ? owner : (owner === 'A' ? 'B' : 'A');
      this.packets[sender === 'A' ? 'A→B' : 'B→A']++;
      if (sender === 'B') {
        if (msg.length >= 12 && msg[0] >= 128 && msg[0] < 192 && !(msg[1] >= 192 && msg[1] <= 223)) {
          const pt = msg[1] & 0x7f;
          const ssrc = msg.readUInt32BE(8);
          const video = this.videoPts.has(pt);
          const c = (this.counts[ssrc] ??= { kind: video ? 'video' : 'audio', pt, forwarded: 0, dropped: 0 });
          if (video && Date.now() < this.lossUntil && this.random() < LOSS) {
            c.dropped++;
            (c.dropTimes ??= []).push(Date.now());
            return;
          }
          c.forwarded++;
        }
        setTimeout(() => s.send(msg, to.port, to.address), DELAY_MS);
      } else {
        s.send(msg, to.port, to.address);
      }
    });
    this.sockets.push(s);
    return s.address().port;
  }
  async rewrite(owner, cand) {
    const m = cand.candidate.match(/^(candidate:\S+ \d+ udp \d+ )127\.0\.0\.1 (\d+)( typ host.*)$/i);
    const port = await this.add(owner, Number(m[2]));
    return { ...cand, candidate: `${m[1]}${RELAY_ADDR} ${port}${m[3]}` };
  }
  close() { for (const s of this.sockets) s.close(); }
}

const loopbackCand = (c) => c && / 127\.0\.0\.1 \d+ typ host/.test(c.candidate) && / udp /i.test(c.candidate);

async function p2pCall(base, name, { relay = null } = {}) {
  log(`${name}: two browsers, p2p call of ${DURATION / 1000} s${relay ? `, relay: ${LOSS * 100} % B→A video loss, +${DELAY_MS} ms B→A` : ''}`);
  const bA = await launch(), bB = await launch();
  let stop = false;
  try {
    const ctxA = await bA.newContext({ acceptDownloads: true }), ctxB = await bB.newContext();
    const internals = await openInternals(ctxA);
    const A = await ctxA.newPage(), B = await ctxB.newPage();
    await A.addInitScript(rtcstatsLibScript());
    await A.goto(`${base}/p2p.html`); await B.goto(`${base}/p2p.html`);
    await A.evaluate(() => setup()); await B.evaluate(() => setup());
    let offer = await A.evaluate(() => offer());
    if (relay) offer = mungeSdp(offer, noNackNoFec);
    let answer = await B.evaluate((o) => answer(o), offer);
    if (relay) { answer = mungeSdp(answer, noNackNoFec); relay.videoPts = videoPayloadTypes(answer.sdp); }
    await A.evaluate((d) => remote(d), answer);
    const started = Date.now();
    if (relay) relay.lossUntil = started + DURATION - LOSS_FREE_TAIL_MS;
    const given = { A: 0, B: 0 };
    const pump = (async () => {
      while (!stop) {
        for (const [from, to, who] of [[A, B, 'A'], [B, A, 'B']]) {
          for (let c of await from.evaluate(() => takeCands())) {
            if (!loopbackCand(c)) continue;
            if (relay) c = await relay.rewrite(who, c);
            await to.evaluate((x) => addCand(x), c);
            given[who]++;
          }
        }
        await sleep(250);
      }
    })().catch((e) => { if (!stop) log(`  signalling: ${e.message}`); });
    try {
      await A.waitForFunction(() => state() === 'connected', null, { timeout: 20000 });
    } catch (e) {
      log(`  not connected (given ${JSON.stringify(given)}): A ${await A.evaluate(() => state())}, B ${await B.evaluate(() => state())}, relay ${JSON.stringify(relay?.packets)}`);
      throw e;
    }
    log(`  connected after ${Date.now() - started} ms (candidates given: A ${given.A}, B ${given.B})`);
    await sleep(Math.max(0, DURATION - (Date.now() - started)));
    const out = await takeDumps(internals, path.join(OUT, `${name}-internals.txt`), path.join(OUT, `${name}-rtcstats.txt.gz`));
    const snapshot = relay && JSON.parse(JSON.stringify({ counts: relay.counts, packets: relay.packets }));
    await saveRtcstatsLib(A, path.join(OUT, `${name}-rtcstats-lib.txt.gz`));
    stop = true; await pump;
    facts[name] = { ...out, callMs: Date.now() - started,
      relay: relay && { loss: LOSS, delayMs: DELAY_MS, lossUntil: relay.lossUntil, videoPayloadTypes: [...relay.videoPts],
        atDump: snapshot } };
  } finally {
    stop = true;
    await bA.close(); await bB.close();
  }
}

// ---------------------------------------------------------------- Janus
function startJanus() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-fixture-janus-'));
  for (const f of fs.readdirSync(path.join(top, 'tests/janus'))) {
    let t = fs.readFileSync(path.join(top, 'tests/janus', f), 'utf8');
    if (f === 'janus.jcfg') {
      t = t.replace('debug_level = 3', `debug_level = ${args['janus-debug'] ?? 3}`).replace('rtp_port_range = "20000-20999"', 'rtp_port_range = "22000-22999"')
        .replace('ignore_mdns = true', 'ignore_mdns = true\n\tice_enforce_list = "cs0"')
        .replace('transports: {\n\tdisable = "', 'transports: {\n\tdisable = "libjanus_websockets.so,');
    }
    if (f === 'janus.transport.http.jcfg') t = t.replace('port = 18088', `port = ${JANUS_HTTP_PORT}`);
    if (f === 'janus.transport.websockets.jcfg') continue;
    fs.writeFileSync(path.join(dir, f), t);
  }
  const logFile = path.join(dir, 'janus.log');
  const child = spawn('janus', ['-F', dir, '-C', path.join(dir, 'janus.jcfg'), '-L', logFile, '--disable-colors'],
    { stdio: ['ignore', 'ignore', 'ignore'] });
  return { child, dir, logFile };
}

async function janusUp() {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${JANUS_HTTP_PORT}/janus/info`);
      if (r.ok) return await r.json();
    } catch { /* not yet */ }
    await sleep(100);
  }
  throw new Error('Janus did not answer');
}

async function janusCall(base, name) {
  log(`${name}: Janus VideoRoom 1234, two publishers, ${DURATION / 1000} s`);
  const janus = startJanus();
  const bA = await launch(), bB = await launch();
  try {
    const info = await janusUp();
    const server = `http://127.0.0.1:${JANUS_HTTP_PORT}/janus`;
    const ctxA = await bA.newContext({ acceptDownloads: true }), ctxB = await bB.newContext();
    const internals = await openInternals(ctxA);
    const A = await ctxA.newPage(), B = await ctxB.newPage();
    await A.addInitScript(rtcstatsLibScript());
    await B.goto(`${base}/janus.html`);
    const idB = await B.evaluate((s) => startRoom(s, 1234, 'Alice'), server);
    await sleep(1500);
    await A.goto(`${base}/janus.html`);
    const started = Date.now();
    const idA = await A.evaluate((s) => startRoom(s, 1234, 'Zoë'), server);
    await A.waitForFunction(() => events.filter((e) => e[0] === 'remotetrack' && e[3]).length >= 2, null, { timeout: 20000 });
    log(`  A (Zoë, ${idA}) receives Alice (${idB}) after ${Date.now() - started} ms`);
    let chats = 0;
    while (Date.now() - started < DURATION) {
      if (chats < 5 && Date.now() - started > 3000 * (chats + 1)) {
        await A.evaluate((n) => chat('Zoë', `Grüße von Zoë, ${n}`), ++chats);
      }
      await sleep(250);
    }
    log(`  data channel: ${JSON.stringify((await A.evaluate(() => events)).filter((e) => e[0] === 'dataopen'))}, ${chats} messages sent`);
    const out = await takeDumps(internals, path.join(OUT, `${name}-internals.txt.gz`), path.join(OUT, `${name}-rtcstats.txt.gz`));
    await saveRtcstatsLib(A, path.join(OUT, `${name}-rtcstats-lib.txt.gz`));
    facts[name] = { ...out, callMs: Date.now() - started, janus: `${info.version_string} (${info.name})`,
      feeds: { 'Zoë': idA, Alice: idB }, dataChannel: { label: 'Zoë', messagesSent: chats } };
  } finally {
    await bA.close(); await bB.close();
    janus.child.kill('SIGTERM');
    await Promise.race([new Promise((r) => janus.child.once('exit', r)), sleep(5000)]);
    if (janus.child.exitCode === null && janus.child.signalCode === null) janus.child.kill('SIGKILL');
    fs.copyFileSync(janus.logFile, path.join(os.tmpdir(), 'cs-fixture-janus-last.log'));
    fs.rmSync(janus.dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main
const CHROMIUM_VERSION = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
const http = await startHttp();
const base = `http://127.0.0.1:${http.address().port}`;
try {
  log(CHROMIUM_VERSION);
  if (ONLY.includes('p2p')) await p2pCall(base, 'chromium-p2p');
  if (ONLY.includes('janus')) await janusCall(base, 'chromium-janus-2pub');
  if (ONLY.includes('loss')) {
    const relay = new Relay();
    try { await p2pCall(base, 'chromium-p2p-loss', { relay }); } finally { relay.close(); }
  }
} finally {
  http.close();
}
// What the run measured (the relay's counts at the moment the dump was asked for, Janus' feed
// ids, …): tests/data/dumps/README.md quotes it.
// A run of some fixtures only (--only) keeps what the file says of the others.
const runFile = path.join(OUT, 'make-dump-fixtures-run.json');
let earlier = {};
try { earlier = JSON.parse(fs.readFileSync(runFile, 'utf8')).fixtures ?? {}; } catch { /* first run */ }
for (const f of Object.values(facts)) Object.assign(f, { chromium: CHROMIUM_VERSION, durationMs: DURATION });
const run = { flags: FLAGS, rtcstatsLib: rtcstatsLibVersion, fixtures: { ...earlier, ...facts } };
fs.writeFileSync(runFile, JSON.stringify(run, null, 1) + '\n');
console.log(JSON.stringify(run, null, 1));
