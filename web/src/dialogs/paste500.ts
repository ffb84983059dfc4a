// paste500.ts: "Paste a 500.19" (header button "500.19", and any text
// pasted outside a field that looks like IIS's error page). A customer's
// page is read for its Error Code, Config Error, Config File, Requested
// URL, Physical Path and Config Source lines (engine/diag ParsePage, in
// tools.wasm); the dialog says what it understood and where it leads in
// this workspace — the config path, the file and line, the engine's
// matching diagnostic with its explanation — and Open goes there. A
// partial or foreign page says what was understood and what was not.
import { h, clear } from "../dom";
import type { AppHost } from "../app/host";
import type { Read500Result } from "../engine/protocol";
import { openDialog } from "./dialog";
import { flushEdits } from "../panels/writes";

/** Text that is worth offering to read as a 500.19 page. */
export function looksLike500(t: string): boolean {
  return /HTTP Error 500\.19/.test(t) || (/^\s*Error Code\b/m.test(t) && /^\s*Config (File|Source)\b/m.test(t));
}

export async function paste500Dialog(app: AppHost, text = ""): Promise<void> {
  const area = h("textarea", {
    class: "paste500-text",
    testid: "paste500-text",
    rows: 10,
    spellcheck: false,
    "aria-label": "the text of the 500.19 page",
    placeholder: "HTTP Error 500.19 - Internal Server Error\n…\nError Code   0x80070021\nConfig File  \\\\?\\C:\\inetpub\\wwwroot\\web.config\n…\nConfig Source:\n   …",
  });
  area.value = text;
  const out = h("div", { class: "paste500-out", testid: "paste500-result", role: "status" });
  let last: Read500Result | null = null;
  let lastFor = ""; // the text last was read from
  const read = async (): Promise<Read500Result | null> => {
    clear(out);
    if (!area.value.trim()) {
      out.appendChild(h("p", { class: "muted" }, "Paste the text of the error page first."));
      return null;
    }
    out.appendChild(h("p", { class: "muted" }, "Reading…"));
    await flushEdits(app);
    const r = await app.engine.read500(area.value);
    clear(out);
    if (!r) return null;
    last = r;
    lastFor = area.value;
    draw(r);
    return r;
  };
  const draw = (r: Read500Result) => {
    const p = r.page;
    const rows: [string, string | undefined][] = [
      ["Error Code", p.errorCode],
      ["Config Error", p.configError],
      ["Config File", p.configFile],
      ["Requested URL", p.requestedUrl],
      ["Physical Path", p.physicalPath],
      ["Error line", p.line ? String(p.line) : undefined],
    ];
    const dl = h("dl", { class: "paste500-fields" });
    for (const [k, v] of rows) if (v) dl.append(h("dt", null, k), h("dd", null, v));
    const found = p.found ?? [];
    const missing = p.missing ?? [];
    out.appendChild(h("p", { class: "small", testid: "paste500-understood" }, found.length ? "Understood: " + found.join(", ") + "." : "Nothing of a 500.19 page was recognised.", missing.length && found.length ? " Not in the text: " + missing.join(", ") + "." : ""));
    out.appendChild(dl);
    if (r.configPath) {
      out.appendChild(
        h(
          "p",
          { testid: "paste500-target" },
          "Opens ",
          h("code", null, r.configPath),
          r.file ? [", ", h("code", null, r.file + (r.line ? ":" + r.line : ""))] : null,
          ".",
        ),
      );
    }
    if (r.diagnostic) {
      const d = r.diagnostic;
      out.appendChild(
        h(
          "div",
          { class: "paste500-why", testid: "paste500-explanation" },
          h("p", null, h("strong", null, `${d.hresult} ${d.id}`), d.section ? " in " + d.section : "", ": " + d.message),
          r.lockReason ? h("p", null, "Why: " + r.lockReason) : null,
          d.notes?.length ? h("ul", { class: "notes" }, d.notes.map((n) => h("li", null, n.message + (n.file ? ` (${n.file}${n.line ? ":" + n.line : ""})` : "")))) : null,
        ),
      );
    }
    if (r.sourceMatches === true) out.appendChild(h("p", { class: "small muted" }, "The Config Source lines match the file in this workspace."));
    for (const pr of r.problems) out.appendChild(h("p", { class: "small err" }, pr));
  };
  const readBtn = h("button", { type: "button", testid: "paste500-read", on: { click: () => void read() } }, "Read");
  const d = openDialog({
    title: "Paste a 500.19 page",
    testid: "paste500-dialog",
    description: "Paste the text of the error page a customer sees (HTTP Error 500.19): iisconf finds the path, the file and the line in this workspace, with the explanation.",
    body: [h("p", null, area), h("div", { class: "actions" }, readBtn), out],
    buttons: [
      { label: "Cancel", value: "cancel", testid: "paste500-cancel" },
      { label: "Open", value: "open", primary: true, testid: "paste500-open", title: "Open the path, the file and the line" },
    ],
    initialFocus: area,
  });
  d.element.classList.add("dialog-wide");
  if (text) void read();
  if ((await d.result) !== "open") return;
  const r = last && lastFor === area.value ? last : await read();
  if (!r) return;
  if (r.configPath) app.setPath(r.configPath);
  if (r.file) app.jump(r.file, r.line ?? 0);
  if (r.diagnostic || r.configPath) app.showPanel(r.diagnostic ? "500" : "diagnostics");
  if (!r.configPath && !r.file) app.notify("The page did not lead to a path or a file of this workspace: " + (r.problems[0] ?? "nothing was recognised"));
}
