// appcmd.ts: the AppCmd panel, an appcmd console. A command line runs appcmd
// against the workspace in the worker (op appcmdExec): reads print their
// output, writes edit the files by minimal text edits and the page takes
// the changed files (panels/writes.ts), then re-evaluates. Every
// successful write pushes an undo entry holding the changed files as they
// were; Undo lays them back the same way.
//
// The input keeps a history (↑/↓) and completes with Tab: verbs, objects,
// /section: names (from an evaluate summary of the current path) and
// /attribute: names (from the section's effective element with defaults,
// which has every attribute the schema declares).
//
// Loaded on first show (panels/index.ts); appcmd runs in tools.wasm.
import type { ChangedFile, FileState } from "../engine/protocol";
import type { Element } from "../model";
import { h, clear, localNow } from "../dom";
import type { AppHost } from "../app/host";
import type { Panel } from "../app/panels";
import { applyWrite, flushEdits, undoLog, type UndoLog } from "./writes";

const VERBS = ["list", "set", "add", "delete", "clear", "lock", "unlock", "restore"];
const OBJECTS = ["site", "sites", "app", "apps", "vdir", "vdirs", "apppool", "apppools", "config", "backup", "backups"];
const SWITCHES = ["/section:", "/commit:", "/config", "/text:", "/xml", "/name:", "/id:", "/bindings:", "/physicalPath:", "/site.name:", "/path:", "/app.name:"];
const MAX_HISTORY = 200;
const MAX_OUTPUT = 400; // output blocks kept

/** Splits a command line into words as appcmd's argument parser would see them (quotes removed). */
function words(line: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && line[i] === " ") i++;
    if (i >= line.length) break;
    const start = i;
    let text = "";
    let q = false;
    while (i < line.length && (q || line[i] !== " ")) {
      if (line[i] === '"') q = !q;
      else text += line[i];
      i++;
    }
    out.push({ text, start });
  }
  return out;
}

function commonPrefix(xs: string[]): string {
  if (xs.length === 0) return "";
  let p = xs[0];
  for (const x of xs) {
    while (!x.toLowerCase().startsWith(p.toLowerCase())) p = p.slice(0, -1);
  }
  return p;
}

/** The attribute paths of an effective element: attr, child.attr (one level), for /name:value. */
function attributePaths(el: Element): string[] {
  const out = Object.keys(el.attributes ?? {});
  for (const [name, child] of Object.entries(el.elements ?? {})) {
    for (const a of Object.keys(child.attributes ?? {})) out.push(name + "." + a);
  }
  return out;
}

/**
 * The AppCmd session: the files before its first write, and the commands
 * that wrote since (the Script dialog's "AppCmd session's writes"). A new
 * workspace (not a write) starts a new session.
 */
export interface AppCmdSession {
  opened: object | null; // Workspace.opened when the session started
  files: FileState[];
  env: Record<string, string>;
  lines: string[];
}
let session: AppCmdSession | null = null;

/** The session of the workspace open now, or null. */
export function appcmdSession(app: AppHost): AppCmdSession | null {
  return session && session.opened === app.workspace.opened && session.lines.length > 0 ? session : null;
}

export class AppCmdPanel implements Panel {
  readonly root: HTMLElement;
  private input: HTMLInputElement;
  private output: HTMLElement;
  private hint: HTMLElement;
  private undoBtn: HTMLButtonElement;
  private history: string[] = [];
  private histAt = 0; // index into history while browsing with ↑/↓
  private draft = "";
  private undo: UndoLog;
  private busy = false;
  private ran = false; // a command has run (tools.wasm is loaded)
  // Completion caches, per path.
  private sectionsFor = "";
  private sections: string[] = [];
  private attrs = new Map<string, string[]>(); // path|section → attribute paths

  constructor(private app: AppHost) {
    this.undo = undoLog(app);
    this.input = h("input", {
      type: "text",
      class: "path-box",
      testid: "appcmd-input",
      spellcheck: false,
      autocomplete: "off",
      "aria-label": "appcmd command",
      placeholder: 'list config "Default Web Site" /section:defaultDocument   (Tab completes, ↑/↓ history)',
      on: { keydown: (e: KeyboardEvent) => void this.key(e) },
    });
    this.output = h("pre", { class: "pool-file appcmd-output", testid: "appcmd-output", tabindex: 0, "aria-live": "polite" });
    this.hint = h("div", { class: "muted small appcmd-hint" });
    this.undoBtn = h(
      "button",
      { type: "button", testid: "appcmd-undo", disabled: true, title: "Undo the last appcmd write: the files go back to what they were before it", on: { click: () => void this.runUndo() } },
      "Undo",
    );
    this.undo.onChange(() => this.undoState());
    this.undoState();
    const clearBtn = h("button", { type: "button", title: "Clear the output", on: { click: () => clear(this.output) } }, "Clear");
    this.root = h(
      "div",
      { class: "appcmd-console", testid: "appcmd-console", "data-busy": "false" },
      h(
        "p",
        { class: "small muted" },
        "appcmd runs against this workspace: writes edit the files the way appcmd.exe would (minimal edits, configuration history included) and can be undone.",
      ),
      h("div", { class: "actions" }, h("label", { class: "grow" }, "appcmd ", this.input), this.undoBtn, clearBtn),
      this.hint,
      this.output,
    );
  }

  /** data-busy on the console: "true" while a command (and the reload it causes) runs. */
  private setBusy(on: boolean): void {
    this.busy = on;
    this.root.dataset.busy = String(on);
  }

  private async key(e: KeyboardEvent): Promise<void> {
    if (e.key === "Enter") {
      e.preventDefault();
      const line = this.input.value.trim();
      if (line && !this.busy) await this.run(line);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (this.histAt === this.history.length) this.draft = this.input.value;
      if (this.histAt > 0) this.input.value = this.history[--this.histAt];
    } else if (e.key === "ArrowDown") {
      e.preventDefault();
      if (this.histAt < this.history.length) {
        this.histAt++;
        this.input.value = this.histAt === this.history.length ? this.draft : this.history[this.histAt];
      }
    } else if (e.key === "Tab" && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      await this.complete();
    }
  }

  private print(line: string, text: string, cls?: string): void {
    const block = h("div", { class: "appcmd-block" + (cls ? " " + cls : "") }, h("div", { class: "muted" }, "> appcmd " + line), text.replace(/\r\n/g, "\n"));
    this.output.appendChild(block);
    while (this.output.childNodes.length > MAX_OUTPUT) this.output.removeChild(this.output.firstChild!);
    this.output.scrollTop = this.output.scrollHeight;
  }

  async run(line: string): Promise<void> {
    if (this.history[this.history.length - 1] !== line) this.history.push(line);
    if (this.history.length > MAX_HISTORY) this.history.shift();
    this.histAt = this.history.length;
    this.draft = "";
    this.input.value = "";
    this.setBusy(true);
    // The first command downloads appcmd's part of the engine (tools.wasm,
    // about 1 MB): say so rather than look stuck.
    this.hint.textContent = this.ran ? "Running…" : "Running… (the first command loads appcmd's part of the engine, about 1 MB)";
    this.ran = true;
    try {
      await flushEdits(this.app);
      const opened = this.app.workspace.opened;
      // A copy now: the write changes the workspace's file objects.
      const st = this.app.workspace.state();
      const before = { files: st.files.map((f) => ({ ...f })), env: { ...(st.env ?? {}) } };
      const r = await this.app.engine.appcmdExec(line, localNow());
      if (!r) return;
      let text = r.output;
      if (r.emulator) text = "iisconf: " + text;
      else if (r.exitCode !== 0 && !text) text = `(exit code ${r.exitCode})`;
      if (r.history) text += `(configuration history: ${r.history})\n`;
      this.print(line, text || "\n", r.exitCode !== 0 ? "err" : undefined);
      if (r.exitCode === 0 && r.files.length > 0) {
        this.sectionsFor = "";
        this.attrs.clear();
        const undo = await applyWrite(this.app, r.files);
        if (undo.length) {
          if (!session || session.opened !== opened) session = { opened, files: before.files, env: before.env, lines: [] };
          session.lines.push(line);
          this.undo.push({ line, changes: undo });
        }
      }
    } catch (e) {
      this.print(line, "Engine error: " + (e as Error).message + "\n", "err");
    } finally {
      this.hint.textContent = "";
      this.setBusy(false);
      this.input.focus();
    }
  }

  private async runUndo(): Promise<void> {
    if (!this.undo.last || this.busy) return;
    this.setBusy(true);
    try {
      const u = await this.undo.undo(this.app);
      // A restore made in the Backups panel is on the shared history but not in the session.
      if (u && session && session.lines[session.lines.length - 1] === u.line) session.lines.pop();
      if (u) this.print("(undo) " + u.line, "The files are back as they were before this command.\n");
      this.sectionsFor = "";
      this.attrs.clear();
    } finally {
      this.setBusy(false);
    }
  }

  /** The Undo button follows the shared history (a restore in the Backups panel pushes to it too). */
  private undoState(): void {
    const u = this.undo.last;
    this.undoBtn.disabled = !u;
    this.undoBtn.title = u ? `Undo "appcmd ${u.line}"` : "Nothing to undo";
  }

  private async sectionNames(): Promise<string[]> {
    if (this.sectionsFor !== this.app.workspace.path) {
      const r = await this.app.engine.evaluate({ path: this.app.workspace.path, summary: true }, "appcmd-complete");
      if (!r) return this.sections;
      this.sections = r.sections.map((s) => s.name).sort();
      this.sectionsFor = this.app.workspace.path;
    }
    return this.sections;
  }

  private async attributeNames(section: string): Promise<string[]> {
    const key = this.app.workspace.path + "|" + section.toLowerCase();
    let names = this.attrs.get(key);
    if (!names) {
      const r = await this.app.engine.evaluate({ path: this.app.workspace.path, sections: [section] }, "appcmd-complete");
      const el = r?.sections[0]?.element;
      names = el ? attributePaths(el) : [];
      this.attrs.set(key, names);
    }
    return names;
  }

  /** Completes the word before the cursor (the end of the line). */
  private async complete(): Promise<void> {
    const line = this.input.value;
    const ws = words(line);
    const atSpace = line === "" || line.endsWith(" ");
    const cur = atSpace ? "" : ws[ws.length - 1]?.text ?? "";
    // A pasted leading "appcmd" (or a path to appcmd.exe) is not a word of the command.
    const skip = ws.length > 0 && (atSpace || ws.length > 1) && /^appcmd(\.exe)?$/i.test(ws[0].text.replace(/^.*[\\/]/, "")) ? 1 : 0;
    const index = (atSpace ? ws.length : ws.length - 1) - skip;
    let cands: string[] = [];
    let prefix = cur; // what the candidates must start with
    let lead = ""; // kept in front of the candidate (e.g. "/section:")
    if (index === 0) cands = VERBS;
    else if (index === 1) cands = OBJECTS;
    else if (/^[/-]section:/i.test(cur)) {
      lead = cur.slice(0, cur.indexOf(":") + 1);
      prefix = cur.slice(lead.length);
      const all = await this.sectionNames();
      // Full names, and the short names appcmd accepts (the last segment).
      cands = [...all, ...all.map((n) => n.slice(n.lastIndexOf("/") + 1))];
    } else if (cur.startsWith("/") || cur.startsWith("-")) {
      lead = cur[0];
      prefix = cur.slice(1);
      const section = ws.map((w) => /^[/-]section:(.+)$/i.exec(w.text)?.[1]).find((s) => s);
      const attrs = section ? await this.attributeNames(section) : [];
      cands = [...SWITCHES.map((s) => s.slice(1)), ...attrs.map((a) => a + ":")];
    }
    const hits = [...new Set(cands.filter((c) => c.toLowerCase().startsWith(prefix.toLowerCase())))];
    if (hits.length === 0) {
      this.hint.textContent = "No completion.";
      return;
    }
    let word = hits.length === 1 ? hits[0] : commonPrefix(hits);
    if (word.length < prefix.length) word = prefix;
    let full = lead + word;
    if (/\s/.test(full)) full = '"' + full + '"';
    const start = atSpace ? line.length : ws[ws.length - 1].start;
    const done = hits.length === 1 && !full.endsWith(":");
    this.input.value = line.slice(0, start) + full + (done ? " " : "");
    this.hint.textContent = hits.length === 1 ? "" : hits.slice(0, 40).join("  ") + (hits.length > 40 ? `  … (${hits.length})` : "");
  }
}
