// The engine worker's copy of the page's files (web/src/engine/autosave.ts
// FileCopy), from which it writes a large workspace's autosave: it follows
// every way the page sends files (load, the stock server, setFile,
// removeFile, an evaluation's edits), gives them back in the page's order
// with the page's spelling of each path, and refuses when it is not the
// page's list of files (the page then saves itself).
import { test, run, ok, eq } from "./harness";
import { FileCopy } from "../../src/engine/autosave";
import type { FileState } from "../../src/engine/protocol";

const APPHOST = "C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config";
const ROOT = "C:\\inetpub\\wwwroot\\web.config";
const stock: FileState[] = [
  { path: APPHOST, text: "<configuration />" },
  { path: ROOT, text: "<configuration><!-- stock --></configuration>" },
];

test("a load, then edits, removals and a new file: the page's texts in the page's order", () => {
  const c = new FileCopy(() => stock);
  c.load([
    { path: APPHOST, text: "a" },
    { path: ROOT, text: "b" },
    { path: "C:\\x\\web.config", text: "x", unreadable: true },
  ]);
  c.edits([{ path: "c:/inetpub/wwwroot/WEB.config", text: "b2 é😀" }, { path: "C:\\x\\web.config", removed: true }, { path: "C:\\new\\web.config", text: "n" }]);
  c.set(APPHOST, "a2");
  eq(
    c.snapshot(["C:\\new\\web.config", APPHOST, ROOT]),
    [
      { path: "C:\\new\\web.config", text: "n" },
      { path: APPHOST, text: "a2" },
      { path: ROOT, text: "b2 é😀" },
    ],
    "snapshot",
  );
});

test("an unreadable file stays unreadable", () => {
  const c = new FileCopy(() => stock);
  c.load([{ path: ROOT, text: "", unreadable: true }]);
  eq(c.snapshot([ROOT]), [{ path: ROOT, text: "", unreadable: true }], "flag kept");
  c.edits([{ path: ROOT, text: "t" }]);
  eq(c.snapshot([ROOT]), [{ path: ROOT, text: "t" }], "readable again");
});

test("the stock server's files are asked for only when needed, then edited", () => {
  let asked = 0;
  const c = new FileCopy(() => (asked++, stock.map((f) => ({ ...f }))));
  c.loadStock();
  eq(asked, 0, "not at load");
  c.edits([{ path: ROOT, text: "edited" }]);
  eq(asked, 1, "at the first edit");
  eq(c.snapshot([APPHOST, ROOT]), [stock[0], { path: ROOT, text: "edited" }], "stock with the edit");
  c.load(stock);
  eq(asked, 1, "a load replaces them");
});

test("a copy that is not the page's files refuses", () => {
  const c = new FileCopy(() => stock);
  c.load(stock);
  ok(typeof c.snapshot([APPHOST]) === "string", "a file the page does not have");
  ok(typeof c.snapshot([APPHOST, ROOT, "C:\\other\\web.config"]) === "string", "a file the engine was not sent");
  ok(typeof c.snapshot([APPHOST, "C:\\other\\web.config"]) === "string", "same count, another file");
  ok(Array.isArray(c.snapshot([ROOT.toUpperCase(), APPHOST])), "paths compare as Windows does");
  eq((c.snapshot([ROOT.toUpperCase(), APPHOST]) as FileState[])[0].path, ROOT.toUpperCase(), "the page's spelling");
});

void run();
