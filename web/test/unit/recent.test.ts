// Recent workspaces (web/src/recent.ts) over an in-memory backend: kept
// whole, newest first, at most LIMIT, the same workspace once; and the
// workspace meta that decides when replacing asks first and when a
// workspace opened from a link starts being autosaved.
import { test, run, ok, eq } from "./harness";
import { RecentStore, memoryBackend, fingerprint, LIMIT } from "../../src/recent";
import { freshMeta, markEdited, markKept, mustAsk, mayAutosave, recentName } from "../../src/workspacemeta";
import type { State } from "../../src/engine/protocol";

const ws = (n: number, extra = ""): State => ({
  version: 1,
  files: [
    { path: "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config", text: "<configuration>" + "x".repeat(n) + "</configuration>" },
    { path: `C:\\inetpub\\wwwroot\\app${n}\\web.config`, text: `<configuration><!-- ${n} ${extra} é😀 --></configuration>\r\n` },
  ],
  env: { SystemDrive: "C:" },
  path: `Default Web Site/app${n}`,
  view: { panel: "locks", file: `C:\\inetpub\\wwwroot\\app${n}\\web.config` },
});

test("a remembered workspace comes back whole", async () => {
  const store = new RecentStore(memoryBackend());
  const st = ws(1);
  const meta = await store.remember(st, "Sample: one", false, 1000);
  eq([meta.name, meta.files, meta.path, meta.savedAt], ["Sample: one", 2, "Default Web Site/app1", 1000], "meta");
  const back = await store.open(meta.id);
  eq(back, st, "state");
});

test("newest first, at most LIMIT, the oldest dropped", async () => {
  const be = memoryBackend();
  const store = new RecentStore(be);
  for (let i = 0; i < LIMIT + 5; i++) await store.remember(ws(i), "ws " + i, false, 1000 + i);
  const list = await store.list();
  eq(list.length, LIMIT, "capped");
  eq(list[0].name, `ws ${LIMIT + 4}`, "newest first");
  eq(list[list.length - 1].name, "ws 5", "oldest kept");
  ok(LIMIT >= 10, "at least ten");
});

test("the same workspace is kept once, moved to the top with its new name", async () => {
  const store = new RecentStore(memoryBackend());
  const a = await store.remember(ws(1), "first", true, 1000);
  await store.remember(ws(2), "other", false, 2000);
  const again = await store.remember({ ...ws(1), view: { panel: "effective" } }, "first again", false, 3000);
  eq(again.id, a.id, "same entry");
  ok(again.edited, "still known to hold edits");
  const list = await store.list();
  eq(list.map((e) => e.name), ["first again", "other"], "moved to the top");
  eq((await store.open(a.id))?.view, { panel: "effective" }, "its latest view");
  const edited = await store.remember(ws(1, "edited"), "first edited", true, 4000);
  ok(edited.id !== a.id, "an edited copy is another entry");
});

test("fingerprints tell files, environment and path apart, not the view", async () => {
  const base = ws(1);
  const fp = await fingerprint(base);
  eq(await fingerprint({ ...base, view: {} }), fp, "view");
  ok((await fingerprint({ ...base, path: "x" })) !== fp, "path");
  ok((await fingerprint({ ...base, env: {} })) !== fp, "env");
  ok((await fingerprint({ ...base, files: [base.files[1], base.files[0]] })) === fp, "file order");
  ok((await fingerprint({ ...base, files: [{ ...base.files[0], unreadable: true }, base.files[1]] })) !== fp, "unreadable");
});

test("remove drops an entry; open of a missing one is null", async () => {
  const store = new RecentStore(memoryBackend());
  const m = await store.remember(ws(1), "one");
  await store.remove(m.id);
  eq(await store.list(), [], "empty");
  eq(await store.open(m.id), null, "gone");
});

test("replacing asks only when edits are in no link or export", () => {
  const stock = freshMeta("stock", "Stock server");
  ok(!mustAsk(stock), "fresh stock");
  ok(mayAutosave(stock), "stock is autosaved");
  const link = freshMeta("link", "From a link");
  ok(!mustAsk(link) && !mayAutosave(link), "an unedited link: no question, no autosave");
  const edited = markEdited(link);
  ok(mustAsk(edited) && mayAutosave(edited), "edited: asks, autosaved");
  eq(recentName(edited), "From a link (edited)", "name");
  const shared = markKept(edited);
  ok(!mustAsk(shared) && mayAutosave(shared), "shared: no question, still autosaved");
});

void run();
