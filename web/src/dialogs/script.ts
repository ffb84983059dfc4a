// script.ts: the Script dialog (header button "Script"). Turns a change
// into the commands that make it on a real server, as IIS Manager's
// Configuration Editor does with Generate Script (docs/support.md#generate-the-fix):
// appcmd lines, PowerShell (WebAdministration) and C#
// (Microsoft.Web.Administration). The change is from the workspace as
// opened, from before the AppCmd session, or from another workspace (a
// backup, a recent one, a bundle file) to this workspace now. The appcmd
// script is verified by replaying it through the emulator; what no tool
// can write is listed under the script.
//
// Loaded on first use (dialogs/index.ts); the work runs in tools.wasm.
import { h, clear, download } from "../dom";
import type { AppHost } from "../app/host";
import type { OtherWorkspace, ScriptResult } from "../engine/protocol";
import { TabList } from "../app/tabs";
import { openDialog } from "./dialog";
import { sourcePicker } from "../panels/othersource";
import { flushEdits } from "../panels/writes";

type Lang = "appcmd" | "powershell" | "csharp";
const LANGS: { id: Lang; label: string; file: string }[] = [
  { id: "appcmd", label: "appcmd", file: "change.cmd" },
  { id: "powershell", label: "PowerShell", file: "change.ps1" },
  { id: "csharp", label: "C#", file: "Change.cs" },
];

export async function scriptDialog(app: AppHost): Promise<void> {
  const source = sourcePicker(app, { testid: "script-source", label: "the workspace the change starts from", session: true });
  const status = h("p", { class: "small muted", testid: "script-status", role: "status" });
  const verify = h("p", { class: "small", testid: "script-verify", role: "status" });
  const notes = h("ul", { class: "compare-list small", testid: "script-notes" });
  const codes = new Map<Lang, HTMLElement>();
  let lang: Lang = "appcmd";
  const pick = (id: string) => {
    lang = id.replace("script-", "") as Lang;
    tabs.select(id);
  };
  const tabs: TabList = new TabList("script language", "tabs", pick);
  const panels: HTMLElement[] = [];
  for (const l of LANGS) {
    const pre = h("pre", { class: "pool-file script-code", testid: "script-" + l.id, tabindex: 0, "aria-label": l.label + " script" });
    codes.set(l.id, pre);
    panels.push(pre);
    tabs.add("script-" + l.id, l.label, pre);
  }
  pick("script-appcmd");
  let result: ScriptResult | null = null;
  let from: OtherWorkspace | null = null;
  let run = 0;
  const text = (l: Lang): string => (!result ? "" : l === "csharp" ? result.csharp : (l === "appcmd" ? result.appcmd : result.powershell).join("\r\n") + "\r\n");
  const generate = async () => {
    const mine = ++run;
    await flushEdits(app);
    status.textContent = "Reading the change…";
    verify.textContent = "";
    clear(notes);
    from = await source.get();
    if (mine !== run) return;
    if (!from) {
      status.textContent = "Choose the workspace the change starts from.";
      return;
    }
    status.textContent = "Generating… (the first script loads the tools part of the engine)";
    const r = await app.engine.script(from);
    if (!r || mine !== run) return;
    if (r.error) {
      status.textContent = r.error;
      return;
    }
    result = r;
    for (const l of LANGS) {
      const pre = codes.get(l.id)!;
      clear(pre);
      const body = text(l.id);
      pre.appendChild(document.createTextNode(body.trim() ? body.replace(/\r\n/g, "\n") : "(no change to script)"));
    }
    status.textContent = r.steps === 0 && r.notes.length === 0 ? "No difference: nothing to script." : `${r.steps} change${r.steps === 1 ? "" : "s"} to section definitions, from ${from.label ?? "the other workspace"} to this workspace.`;
    for (const n of r.notes) {
      const where = [n.file, n.section, n.path && "at " + n.path].filter(Boolean).join(", ");
      notes.appendChild(h("li", { class: "err" }, (n.lang ? n.lang + ": " : "") + (where ? where + ": " : "") + n.text.replace(/^(appcmd|PowerShell|C#): /, "")));
    }
    if (r.appcmd.length === 0) return;
    verify.textContent = "Verifying the appcmd script by replaying it…";
    verify.dataset.state = "running";
    const v = await app.engine.scriptVerify(from);
    if (!v || mine !== run) return;
    if (v.error) {
      verify.textContent = "Not verified: " + v.error;
      verify.dataset.state = "error";
      return;
    }
    const refused = v.refused ?? [];
    const differ = v.differ ?? [];
    if (refused.length === 0 && differ.length === 0) {
      verify.textContent = `✓ Verified: the ${v.lines} appcmd line${v.lines === 1 ? "" : "s"} replayed through the emulator give this workspace's effective configuration at all ${v.paths} config paths.`;
      verify.dataset.state = "ok";
      verify.className = "small";
    } else {
      verify.dataset.state = "differs";
      verify.className = "small err";
      const parts = [...refused.map((x) => `line ${x.line} refused: ${x.message.replace(/\s+/g, " ")}`), ...differ.slice(0, 5).map((d) => `${d.path}: ${d.what}`)];
      verify.textContent = "Replaying the appcmd script does not reach this workspace: " + parts.join("; ");
    }
  };
  source.select.addEventListener("change", () => void generate());
  const copy = h(
    "button",
    {
      type: "button",
      testid: "script-copy",
      on: {
        click: async () => {
          try {
            await navigator.clipboard.writeText(text(lang));
            status.textContent = "Copied the " + LANGS.find((l) => l.id === lang)!.label + " script.";
          } catch {
            status.textContent = "The browser refused the clipboard: select the text and copy it.";
          }
        },
      },
    },
    "Copy",
  );
  const save = h("button", { type: "button", testid: "script-download", on: { click: () => result && download(text(lang), LANGS.find((l) => l.id === lang)!.file) } }, "Download");
  const d = openDialog({
    title: "Generate script",
    testid: "script-dialog",
    description: "The commands that turn the workspace you start from into this one, for the customer to run: appcmd, PowerShell (WebAdministration) or C# (Microsoft.Web.Administration).",
    body: [
      h("div", { class: "actions" }, h("label", null, "From: ", source.root), h("span", { class: "spacer" }), copy, save),
      status,
      tabs.root,
      ...panels,
      verify,
      notes,
    ],
    buttons: [{ label: "Close", value: "close", primary: true, testid: "script-close" }],
    initialFocus: source.select,
  });
  d.element.classList.add("dialog-wide");
  // The dialog shows at once (focus stays where the user is); the list of
  // starting points and the script follow.
  status.textContent = "Reading the workspace…";
  await flushEdits(app);
  await source.refresh();
  void generate();
  await d.result;
}
