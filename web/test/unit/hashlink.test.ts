// The workspace links of web/src/hashlink.ts: #v2 round trips against the
// stock server (edited, moved, replaced, removed files; CRLF and non-ASCII
// text), the sizes the playground promises, #v1 links still opening, and
// a clear LinkError for every kind of bad link.
import { test, run, ok, eq, rejects, readRepoFile, listRepoDir } from "./harness";
import { encodeLink, decodeLink, hunks, isBackupPath, LinkError, LINK_CAP, type Stock } from "../../src/hashlink";
import { encodeState, b64urlEncode } from "../../src/share";
import type { State } from "../../src/engine/protocol";

const APPHOST = "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config";
const WEBCONFIG = "C:\\inetpub\\wwwroot\\web.config";
const stockText = readRepoFile("engine/stock/files/applicationHost.config");
const stock: Stock = { files: [{ path: APPHOST, text: stockText }], env: {} };
const getStock = async () => stock;

const smallWebConfig = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <system.webServer>
    <directoryBrowse enabled="true" />
    <defaultDocument>
      <files>
        <clear />
        <add value="index.html" />
      </files>
    </defaultDocument>
  </system.webServer>
</configuration>
`;

function state(files: { path: string; text: string; unreadable?: boolean }[], extra: Partial<State> = {}): State {
  return { version: 1, files, env: {}, path: "Default Web Site", view: { panel: "effective" }, ...extra };
}

function sameFiles(got: State, want: State, msg: string) {
  const norm = (s: State) =>
    s.files
      .map((f) => ({ path: f.path, text: f.text, unreadable: !!f.unreadable }))
      .sort((a, b) => (a.path.toLowerCase() < b.path.toLowerCase() ? -1 : 1));
  const g = norm(got);
  const w = norm(want);
  eq(g.map((f) => f.path), w.map((f) => f.path), msg + ": paths");
  for (let i = 0; i < w.length; i++) {
    ok(g[i].text === w[i].text, `${msg}: text of ${w[i].path} differs (${g[i].text.length} vs ${w[i].text.length} characters)`);
    eq(g[i].unreadable, w[i].unreadable, `${msg}: unreadable ${w[i].path}`);
  }
}

async function roundTrip(st: State, msg: string, s: Stock = stock): Promise<string> {
  const { hash } = await encodeLink(st, stock);
  const back = await decodeLink("#" + hash, async () => s);
  sameFiles(back, st, msg);
  eq(back.path, st.path, msg + ": path");
  return hash;
}

const URL_BASE = "https://iisconf.example.net/#";

test("the stock server alone is a link of a few dozen characters", async () => {
  const h = await roundTrip(state([{ path: APPHOST, text: stockText }]), "stock");
  ok(h.length < 120, `stock link is ${h.length} characters`);
});

test("the stock server plus one small web.config is a link under 1,000 characters", async () => {
  const st = state([{ path: APPHOST, text: stockText }, { path: WEBCONFIG, text: smallWebConfig }], { view: { panel: "effective", file: WEBCONFIG } });
  const h = await roundTrip(st, "stock + web.config");
  const url = URL_BASE + h;
  ok(url.length < 1000, `link is ${url.length} characters`);
  const v1 = URL_BASE + (await encodeState(st));
  console.log(`     stock + web.config: v2 ${url.length} characters, v1 ${v1.length}`);
});

test("an edit of the stock applicationHost.config travels as a hunk", async () => {
  const edited = stockText.replace('<site name="Default Web Site" id="1"', '<site name="Default Web Site" id="1" serverAutoStart="false"');
  ok(edited !== stockText, "the stock server has Default Web Site");
  const h = await roundTrip(state([{ path: APPHOST, text: edited }]), "edited apphost");
  ok(h.length < 400, `edited apphost link is ${h.length} characters`);
});

test("insertions at the top, the middle and the end, and deletions, round-trip", async () => {
  const ls = stockText.split("\n");
  const variants: [string, string[]][] = [
    ["top", ["<!-- a comment -->\r", ...ls]],
    ["end", [...ls, "<!-- trailing -->"]],
    ["middle", [...ls.slice(0, 40), "    <!-- inserted -->\r", "    <!-- twice -->\r", ...ls.slice(40)]],
    ["delete", [...ls.slice(0, 10), ...ls.slice(25)]],
    ["replace", [...ls.slice(0, 100), "changed\r", ...ls.slice(103)]],
    ["first line", ["changed", ...ls.slice(1)]],
    ["empty", [""]],
  ];
  for (const [name, v] of variants) await roundTrip(state([{ path: APPHOST, text: v.join("\n") }]), name);
});

test("random edits of the stock server round-trip exactly", async () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 40; round++) {
    const ls = stockText.split("\n");
    const edits = 1 + rnd(30);
    for (let e = 0; e < edits; e++) {
      const at = rnd(ls.length + 1);
      const kind = rnd(3);
      if (kind === 0) ls.splice(at, 1 + rnd(4));
      else if (kind === 1) ls.splice(at, 0, `line ${round}.${e}\r`, ls[rnd(ls.length)]);
      else ls.splice(at, 1, `changed ${round}.${e}\r`);
    }
    await roundTrip(state([{ path: APPHOST, text: ls.join("\n") }]), `round ${round}`);
  }
});

test("hunks always carry an old line to anchor them", () => {
  for (const b of ["x\n" + stockText, stockText + "\nx", stockText.replace("\n", "\nx\n")]) {
    const hs = hunks(stockText, b)!;
    ok(hs.length > 0, "a change");
    for (const h of hs) ok(h[1].length > 0, "old lines");
  }
});

test("a link made against another stock server applies where its lines are found", async () => {
  const edited = stockText.replace('<site name="Default Web Site" id="1"', '<site name="Default Web Site" id="1" serverAutoStart="false"');
  const st = state([{ path: APPHOST, text: edited }, { path: WEBCONFIG, text: smallWebConfig }]);
  const { hash } = await encodeLink(st, stock);
  // A later release added lines near the top of its stock applicationHost.config.
  const later: Stock = { files: [{ path: APPHOST, text: stockText.replace("<configuration>", "<configuration>\r\n<!-- new -->\r\n<!-- lines -->") }], env: {} };
  const back = await decodeLink(hash, async () => later);
  const ah = back.files.find((f) => f.path === APPHOST)!;
  ok(ah.text.includes('id="1" serverAutoStart="false"'), "the change applied");
  ok(ah.text.includes("<!-- new -->"), "on the later stock text");
  // A release that dropped the changed line: the link says so.
  const gone: Stock = { files: [{ path: APPHOST, text: stockText.replace(/<site name="Default Web Site"[^\n]*\n/, "") }], env: {} };
  await rejects(decodeLink(hash, async () => gone), (e) => e instanceof LinkError && e.kind === "stock" && /another version of the stock server/.test(e.message), "changed stock");
});

test("a real applicationHost.config from the corpus, with its web.configs, round-trips", async () => {
  const ah = listRepoDir("../shared/corpus/applicationhost").find((n) => /c1982__IIS-SharedGitConfig__applicationHost/.test(n))!;
  const wcs = listRepoDir("../shared/corpus/webconfig").slice(0, 3);
  const st = state([
    { path: APPHOST, text: readRepoFile("../shared/corpus/applicationhost/" + ah) },
    ...wcs.map((n, i) => ({ path: `C:\\inetpub\\wwwroot\\app${i}\\web.config`, text: readRepoFile("../shared/corpus/webconfig/" + n) })),
  ]);
  const h = await roundTrip(st, "corpus");
  const v1 = await encodeState(st);
  console.log(`     corpus case (${ah} + ${wcs.length} web.config): v2 ${h.length} characters, v1 ${v1.length}`);
});

test("a stock file reindented, with other line ends, travels as its changes, not whole", async () => {
  const tabs = stockText.replace(/\r\n/g, "\n").replace(/^((?:    )+)/gm, (m) => "\t".repeat(m.length / 4));
  const h1 = await roundTrip(state([{ path: APPHOST, text: tabs }]), "tabs and LF");
  ok(h1.length < 2000, `reindented stock is ${h1.length} characters`);
  const mixed = stockText.split("\n").map((l, i) => (i % 7 === 0 ? l.replace(/\r$/, "") : l)).join("\n").replace("<sites>", "<sites>\r\n  <!-- é 😀 -->");
  await roundTrip(state([{ path: APPHOST, text: mixed }]), "mixed line ends");
  const odd = stockText.replace(/^ {8}</gm, " \t \u00a0<");
  await roundTrip(state([{ path: APPHOST, text: odd }]), "odd indentation");
});

test("real servers' applicationHost.config files (corpus: full IIS) with a web.config: link sizes", async () => {
  const manifest = readRepoFile("../shared/corpus/MANIFEST.tsv").split("\n").map((l) => l.split("\t"));
  const full = manifest.filter((r) => r[4] === "applicationhost" && /full IIS/i.test(r[5] ?? "")).map((r) => r[0]);
  ok(full.length >= 5, "the corpus has real servers");
  const wc = readRepoFile("../shared/corpus/webconfig/" + listRepoDir("../shared/corpus/webconfig").sort()[0]);
  const sizes: [number, number][] = [];
  for (const name of full) {
    const st = state([{ path: APPHOST, text: readRepoFile("../shared/corpus/" + name) }, { path: WEBCONFIG, text: wc }]);
    const h = await roundTrip(st, name);
    sizes.push([(URL_BASE + h).length, (URL_BASE + (await encodeState(st))).length]);
  }
  sizes.sort((a, b) => a[0] - b[0]);
  const med = sizes[sizes.length >> 1];
  console.log(`     ${sizes.length} real servers + a web.config: v2 median ${med[0]} characters (v1 ${med[1]}); v2 ${sizes[0][0]}–${sizes[sizes.length - 1][0]}, ${sizes.filter((s) => s[0] <= 8000).length} of ${sizes.length} under 8,000`);
});

test("removed stock files, unreadable files, environment and CRLF/non-ASCII text", async () => {
  const st = state(
    [
      { path: "C:\\inetpub\\wwwroot\\app\\web.config", text: "<configuration>\r\n  <!-- é 😀 𝄞 -->\r\n</configuration>\r\n" },
      { path: "C:\\inetpub\\wwwroot\\locked\\web.config", text: "", unreadable: true },
    ],
    { env: { SystemDrive: "D:" } },
  );
  const { hash } = await encodeLink(st, stock);
  const back = await decodeLink(hash, getStock);
  sameFiles(back, st, "no apphost");
  eq(back.env, { SystemDrive: "D:" }, "env");
});

test("a stock file spelled in another case travels whole", async () => {
  const st = state([{ path: APPHOST.toLowerCase(), text: stockText }]);
  await roundTrip(st, "lower-case path");
});

test("backups and history snapshots are left out unless asked for", async () => {
  const bk = "C:\\Windows\\System32\\inetsrv\\backup\\before\\applicationHost.config";
  const hist = "C:\\inetpub\\history\\CFGHISTORY_0000000001\\applicationHost.config";
  ok(isBackupPath(bk) && isBackupPath(hist) && !isBackupPath(APPHOST) && !isBackupPath(WEBCONFIG), "isBackupPath");
  const st = state([{ path: APPHOST, text: stockText }, { path: bk, text: stockText }, { path: hist, text: stockText }]);
  const out = await encodeLink(st, stock);
  eq(out.left.map((f) => f.path), [bk, hist], "left out");
  eq((await decodeLink(out.hash, getStock)).files.length, 1, "decoded without them");
  const all = await encodeLink(st, stock, { includeBackups: true });
  eq(all.left.length, 0, "nothing left out");
  eq((await decodeLink(all.hash, getStock)).files.length, 3, "decoded with them");
});

test("#v1 links keep opening", async () => {
  const st = state([{ path: APPHOST, text: stockText }, { path: WEBCONFIG, text: smallWebConfig }], { view: { panel: "locks", section: "system.webServer/defaultDocument" } });
  const back = await decodeLink("#" + (await encodeState(st)), async () => {
    throw new Error("a v1 link needs no stock server");
  });
  sameFiles(back, st, "v1");
  eq(back.view, st.view, "view");
});

async function deflateRaw(s: string | Uint8Array): Promise<string> {
  const data = typeof s === "string" ? new TextEncoder().encode(s) : s;
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  return b64urlEncode(new Uint8Array(await new Response(stream).arrayBuffer()));
}

const fails = (hash: string, kind: string, re: RegExp) =>
  rejects(decodeLink(hash, getStock), (e) => e instanceof LinkError && e.kind === kind && re.test(e.message), `${hash.slice(0, 30)} → ${kind}`);

test("bad links fail with a LinkError naming the problem", async () => {
  await fails("#hello", "malformed", /not a workspace link/);
  await fails("#v3:abcd", "version", /version 3 link.*newer iisconf/);
  await fails("#v1:ab%cd", "malformed", /holds "%"/);
  await fails("#v1:", "malformed", /incomplete/);
  await fails("#v1:a", "malformed", /incomplete/);
  await fails("#v1:AAAAAAAAAAAA", "malformed", /does not decompress|not a workspace/);
  await fails("#v2:" + (await deflateRaw("not json")), "malformed", /not a workspace/);
  await fails("#v1:" + (await deflateRaw('{"nofiles":1}')), "invalid", /no list of files/);
  await fails("#v1:" + (await deflateRaw('{"files":[{"path":"C:\\\\a.config"},{"x":1}]}')), "invalid", /file 1 of the link has no path or no text/);
  await fails("#v1:" + (await deflateRaw(JSON.stringify({ files: [{ path: WEBCONFIG, text: "" }, { path: WEBCONFIG.toUpperCase(), text: "" }] }))), "invalid", /twice/);
  await fails("#v2:" + (await deflateRaw('{"f":[]}')), "malformed", /which stock server/);
  await fails("#v2:" + (await deflateRaw('{"s":"x","p":[["C:\\\\nope.config",[]]]}')), "malformed", /does not have/);
  await fails("#v2:" + (await deflateRaw(JSON.stringify({ s: "x", p: [[APPHOST, [[0, [], ["x"]]]]] }))), "malformed", /change 1 .* is not a change/);
  await fails("#v2:" + (await deflateRaw(new Uint8Array([0xff, 0xfe, 0x00]))), "malformed", /not text/);
});

test("a link that inflates past the cap stops at the cap", async () => {
  const big = new Uint8Array(LINK_CAP + (1 << 20)).fill(0x20);
  const hash = "#v1:" + (await deflateRaw(big));
  ok(hash.length < 100_000, `the bomb is small (${hash.length} characters)`);
  await fails(hash, "too-large", /more than 32 MB/);
});

void run();
