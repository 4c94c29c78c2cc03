#!/usr/bin/env node
// janus-publish.mjs — Debian's headless Chromium publishes into a Janus VideoRoom with
// janus.js, and prints Chromium's own getStats() as JSON Lines on stdout, for Callscope's
// tests to compare with what Callscope measured.
//
//   node tests/browser/janus-publish.mjs --janus=ws://127.0.0.1:18188 --room=1234 \
//        --display=Chromium --duration=30 [--chromium=/usr/bin/chromium]
//
// Lines: {"type":"published","id":N} once Janus accepted the publisher, then one
// {"type":"outbound","t":S,"kind":"video"|"audio",...} per track and second (t: seconds
// since the page started publishing; the fields are Chromium's outbound-rtp ones), and
// {"type":"done"} at the end. Everything stays on this machine: the page is served on
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
const JANUS = args.janus ?? 'ws://127.0.0.1:18188';
const ROOM = Number(args.room ?? 1234);
const DISPLAY = args.display ?? 'Chromium';
const DURATION_MS = Number(args.duration ?? 30) * 1000;
const CHROMIUM = args.chromium ?? '/usr/bin/chromium';
const JANUS_JS = '/usr/share/javascript/janus-gateway/janus.js';
const ADAPTER_JS = '/usr/share/javascript/webrtc-adapter/adapter.js'; // janus.js needs it

const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
const skip = (why) => { process.stderr.write(`janus-publish: ${why}\n`); process.exit(77); };
const fail = (why) => { process.stderr.write(`janus-publish: ${why}\n`); process.exit(1); };

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

const PAGE = `<!doctype html><meta charset="utf-8"><title>Callscope: Chromium publishes</title>
<body><script src="/adapter.js"></script><script src="/janus.js"></script><script>
window.publish = (server, room, display) => new Promise((resolve, reject) => {
  Janus.init({ debug: false, callback: () => {
    const janus = new Janus({ server, iceServers: [], error: reject, success: () => {
      janus.attach({ plugin: 'janus.plugin.videoroom', opaqueId: 'callscope-test-chromium',
        error: reject,
        success: (h) => { window.pub = h; h.send({ message: { request: 'join', ptype: 'publisher', room, display } }); },
        onmessage: (msg, jsep) => {
          if (msg.error) reject(new Error(msg.error));
          if (msg.videoroom === 'joined') {
            window.pub.createOffer({
              tracks: [{ type: 'audio', capture: true, recv: false },
                       { type: 'video', capture: { width: 640, height: 360 }, recv: false }],
              error: reject,
              success: (j) => window.pub.send({ message: { request: 'configure', audio: true, video: true }, jsep: j }) });
            resolve(msg.id);
          }
          if (jsep) window.pub.handleRemoteJsep({ jsep });
        },
      });
    } });
  } });
});
window.outbound = async () => {
  const pc = window.pub && window.pub.webrtcStuff && window.pub.webrtcStuff.pc;
  if (!pc) return [];
  const out = [];
  (await pc.getStats()).forEach((s) => { if (s.type === 'outbound-rtp') out.push(s); });
  return out;
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
    '--no-first-run', '--disable-background-timer-throttling', '--disable-renderer-backgrounding'] });
} catch (e) {
  server.close();
  skip(`Chromium could not start: ${e.message.split('\n')[0]}`);
}
const stop = async (status) => { await browser.close().catch(() => {}); server.close(); process.exit(status); };
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));

try {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', (e) => process.stderr.write(`janus-publish: page error: ${e.message}\n`));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const id = await page.evaluate(([s, r, d]) => window.publish(s, r, d), [JANUS, ROOM, DISPLAY]);
  emit({ type: 'published', id });
  const start = Date.now();
  while (Date.now() - start < DURATION_MS) {
    await new Promise((r) => setTimeout(r, 1000));
    for (const s of await page.evaluate(() => window.outbound()))
      emit({ ...s, type: 'outbound', t: (Date.now() - start) / 1000 });
  }
  emit({ type: 'done' });
  await stop(0);
} catch (e) {
  process.stderr.write(`janus-publish: ${e.message}\n`);
  await stop(1);
}
