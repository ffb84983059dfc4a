// editor.ts: the editor area, and what it shows until CodeMirror is here.
// CodeMirror and its extensions are most of the page's code (~105 KB
// brotli), so they are a chunk of their own (codeeditor.ts), loaded once
// something is to be shown in the editor: on a first visit, right after
// the build's first answer is drawn, which thus never waits for them.
// Until the chunk has arrived, the open file is shown in a read-only
// stand-in (plain text with line numbers, CodeMirror's metrics), and a note
// says so; every call the page makes meanwhile (files reset, added,
// renamed, replaced, opened, a line to go to, the theme, diagnostics) is
// kept, and replayed in order into CodeMirror when it arrives, so nothing
// done before is lost and each file's undo history holds what it would
// have. The swap keeps the scroll position, the focus and the layout
// (the stand-in fills the same box).
import type { EditorView } from "@codemirror/view";
import type { Extension, Text } from "@codemirror/state";
import type { EditorDiagnostic } from "../model";
import type { CodeEditors } from "./codeeditor";
import { h, samePath } from "../dom";

export interface EditorHost {
  /** A file changed; read its text with text(path) when needed (cheap to call per keystroke). */
  onChange(path: string): void;
  /**
   * A key is about to insert text into the open file (its beforeinput):
   * text is what the file will hold if the editor inserts it as typed.
   * onChange follows with what the editor made of it (codeeditor.ts).
   */
  onPredict?(path: string, text: string): void;
  /** The Format button was pressed. */
  format?(): void;
}

/** The shell's elements CodeEditors fills: the view's parent, the file label, the note above the text. */
export interface EditorParts {
  mount: HTMLElement;
  label: HTMLElement;
  banner: HTMLElement;
}

/** The stand-in shows at most this many lines (the rest comes with CodeMirror, which draws only what is in view). */
const STAND_IN_LINES = 5000;

type Call = (c: CodeEditors) => void;

export class Editors {
  readonly root: HTMLElement;
  private label: HTMLElement;
  private waitNote: HTMLElement;
  private banner: HTMLElement;
  private mountEl: HTMLElement;
  private code: CodeEditors | null = null;
  private loading: Promise<CodeEditors> | null = null;
  private loadFailed = false;

  // Until CodeMirror is here: what the page has asked, in order, and what
  // the stand-in needs to answer the page's questions meanwhile.
  private calls: Call[] = [];
  private texts = new Map<string, { path: string; text: string }>(); // key: lower-case path
  private current: string | null = null;
  private standInPath: string | null = null;
  private standIn: { root: HTMLElement; gutter: HTMLElement; text: HTMLElement } | null = null;
  private waiting = false;
  private dark = false;
  private assistExt: Extension | null = null;
  private closeAssist: ((view: EditorView) => void) | undefined;
  private diags: Map<string, EditorDiagnostic[]> | null = null;
  private wantSearch = false;

  constructor(private host: EditorHost) {
    // The note shares the file name's line, so the editor does not move
    // when it goes.
    this.label = h("span", { testid: "editor-file" });
    this.waitNote = h("span", { class: "editor-wait", testid: "editor-wait", role: "status", hidden: true });
    this.banner = h("div", { class: "editor-banner", hidden: true });
    this.mountEl = h("div", { class: "editor-mount" });
    const format = h("button", { type: "button", class: "editor-format", testid: "format", title: "Format the file: re-indent by its structure, comments and attribute order kept (Shift+Alt+F)", on: { click: () => this.host.format?.() } }, "Format");
    this.root = h("div", { class: "editor", testid: "editor" }, h("div", { class: "editor-bar" }, h("div", { class: "editor-label" }, this.waitNote, this.label), format), this.banner, this.mountEl);
  }

  /** CodeMirror has arrived (tests wait for it: web/TESTIDS.md). */
  get ready(): boolean {
    return this.code !== null;
  }

  /**
   * Loads CodeMirror's chunk (once) and makes its view, replaying what was
   * asked meanwhile. The page calls it as soon as something is to be
   * edited or shown: at once on a visit that waits for the engine anyway,
   * after the first answer is drawn on a first visit (opening a file
   * calls it too).
   */
  mount(): void {
    void this.load().catch(() => {});
  }

  private load(): Promise<CodeEditors> {
    this.loading ??= import("./codeeditor").then(
      (m) => this.arrived(new m.CodeEditors(this.host, { mount: this.mountEl, label: this.label, banner: this.banner })),
      (e) => {
        // Offline without the service worker's copy, or a deploy that
        // removed the chunk: the stand-in stays, and says so; the next
        // attempt (a file opened, a click in the stand-in) tries again.
        this.loading = null;
        this.loadFailed = true;
        this.showNote();
        throw e;
      },
    );
    return this.loading;
  }

  private arrived(c: CodeEditors): CodeEditors {
    const had = this.standIn;
    const focused = !!had && had.root.contains(document.activeElement);
    // The first visible line, from the stand-in's scroll (same line height).
    const lineHeight = had ? parseFloat(getComputedStyle(had.text).lineHeight) || 0 : 0;
    const topLine = had && lineHeight ? Math.floor(had.root.scrollTop / lineHeight) + 1 : 1;
    c.setDark(this.dark);
    c.setWaiting(this.waiting);
    if (this.assistExt) c.enableAssist(this.assistExt, this.closeAssist);
    c.mount();
    for (const call of this.calls) {
      // One call that fails (a line gone since) must not cost the rest.
      try {
        call(c);
      } catch (e) {
        console.error("iisconf: the editor could not replay a call", e);
      }
    }
    if (this.diags) c.setAllDiagnostics(this.diags);
    if (this.wantSearch) void c.loadSearch();
    this.calls = [];
    this.texts.clear();
    this.code = c;
    this.loadFailed = false;
    had?.root.remove();
    this.standIn = null;
    this.showNote();
    if (topLine > 1) c.scrollToLine(topLine);
    if (focused) c.view.focus();
    return c;
  }

  /** What the page asked before CodeMirror arrived, kept for it; done at once once it is here. */
  private later(call: Call): void {
    if (this.code) call(this.code);
    else this.calls.push(call);
  }

  /** For tests and the bench (web/TESTIDS.md): the CodeMirror view, once CodeMirror is here. The page uses whenView. */
  get view(): EditorView | undefined {
    return this.code?.view;
  }

  /** Focuses the editor (the stand-in until CodeMirror is here). */
  focus(): void {
    if (this.code) this.code.view.focus();
    else this.standIn?.root.focus();
  }

  /** The CodeMirror view, once loaded (loading it if need be). */
  async whenView(): Promise<EditorView> {
    return (await this.load()).view;
  }

  /** Loads search and turns it on (with CodeMirror, when it is here). */
  loadSearch(): Promise<void> {
    if (this.code) return this.code.loadSearch();
    this.wantSearch = true;
    return this.load().then(
      (c) => c.loadSearch(),
      () => {}, // offline: the next key tries again
    );
  }

  /** Editing waits for the engine (a first visit drawn from the build's answer): files can be read but not edited, and a note says so. */
  setWaiting(on: boolean): void {
    this.waiting = on;
    this.root.classList.toggle("engine-wait", on);
    this.showNote();
    this.code?.setWaiting(on);
  }

  /** The note beside the file name: why the text cannot be edited now, if it cannot. */
  private showNote(pulse = false): void {
    const text = this.waiting
      ? "read-only until the engine is ready…"
      : this.loadFailed && !this.code
        ? "read-only: the editor did not load; click the text to retry"
        : this.standIn
          ? "read-only until the editor has loaded…"
          : "";
    this.waitNote.hidden = !text;
    if (this.waitNote.textContent !== text || pulse) this.waitNote.textContent = text;
    this.waitNote.classList.toggle("editor-wait-pulse", pulse);
  }

  enableAssist(ext: Extension, close?: (view: EditorView) => void): void {
    this.assistExt = ext;
    this.closeAssist = close;
    this.code?.enableAssist(ext, close);
  }

  setDark(dark: boolean): void {
    this.dark = dark;
    this.code?.setDark(dark);
  }

  /** Replaces all documents (load, import, sample). */
  reset(files: { path: string; text: string }[]): void {
    if (this.code) return this.code.reset(files);
    // What was asked about the files before is replaced with them.
    this.calls = [(c) => c.reset(files)];
    this.texts.clear();
    for (const f of files) this.texts.set(f.path.toLowerCase(), { path: f.path, text: f.text });
    this.current = this.standInPath = null;
    this.label.textContent = "";
    this.showStandIn(null);
  }

  add(path: string, text: string): void {
    this.later((c) => c.add(path, text));
    if (!this.code) this.texts.set(path.toLowerCase(), { path, text });
  }

  remove(path: string): void {
    this.later((c) => c.remove(path));
    if (this.code) return;
    this.texts.delete(path.toLowerCase());
    if (samePath(this.current ?? "", path)) {
      this.current = null;
      this.label.textContent = "";
      this.showStandIn(null);
    }
  }

  /** Replaces a file's text as one undoable edit (CodeEditors.setText). */
  setText(path: string, text: string): void {
    this.later((c) => c.setText(path, text));
    if (this.code) return;
    const f = this.texts.get(path.toLowerCase());
    if (!f) return this.add(path, text);
    f.text = text;
    if (samePath(this.current ?? "", path)) this.showStandIn(text);
  }

  rename(from: string, to: string): void {
    this.later((c) => c.rename(from, to));
    if (this.code) return;
    const f = this.texts.get(from.toLowerCase());
    if (!f) return;
    this.texts.delete(from.toLowerCase());
    this.texts.set(to.toLowerCase(), { path: to, text: f.text });
    if (samePath(this.current ?? "", from)) {
      this.current = to;
      this.label.textContent = to;
    }
  }

  text(path: string): string | undefined {
    if (this.code) return this.code.text(path);
    return this.texts.get(path.toLowerCase())?.text;
  }

  /** A file's text without copying it: the editor's document (an immutable Text), or the string it was given. */
  doc(path: string): Text | string | undefined {
    if (this.code) return this.code.doc(path);
    return this.texts.get(path.toLowerCase())?.text;
  }

  /** The element names enclosing the cursor (CodeEditors.elementPath); none before CodeMirror is here (nothing is typed then). */
  elementPath(): string[] {
    return this.code?.elementPath() ?? [];
  }

  get openPath(): string | null {
    return this.code ? this.code.openPath : this.current;
  }

  /** What the editor shows: the open file, or a built-in text shown read-only (showReadOnly). */
  get shownPath(): string | null {
    return this.code ? this.code.shownPath : (this.current ?? this.standInPath);
  }

  /** Builds a file's editor state ahead of open (a 9 MB file's lines are split in a task of their own). */
  prepare(path: string): void {
    this.code?.prepare(path);
  }

  open(path: string): boolean {
    if (this.code) return this.code.open(path);
    const f = this.texts.get(path.toLowerCase());
    if (!f) return false;
    this.calls.push((c) => c.open(path));
    this.current = f.path;
    this.standInPath = null;
    this.label.textContent = f.path;
    this.banner.hidden = true;
    this.showStandIn(f.text);
    this.mount();
    return true;
  }

  /** Shows a text that is not a workspace file (a built-in stand-in), read-only, at a line, with a note above it. */
  showReadOnly(path: string, text: string, line: number, ...note: (Node | string)[]): void {
    if (this.code) return this.code.showReadOnly(path, text, line, ...note);
    this.calls.push((c) => c.showReadOnly(path, text, line, ...note));
    this.current = null;
    this.standInPath = path;
    this.label.textContent = path + " (built in, read-only)";
    this.banner.replaceChildren(...note);
    this.banner.hidden = false;
    this.showStandIn(text, line);
    this.mount();
  }

  /** Opens path and puts the cursor at line:column, flashing the line; focus: move the keyboard focus there too. */
  goto(path: string, line: number, column = 1, focus = true): void {
    if (this.code) return this.code.goto(path, line, column, focus);
    if (!this.open(path)) return;
    this.calls.push((c) => c.goto(path, line, column, focus));
    this.scrollStandIn(line);
    if (focus) this.focus();
  }

  setAllDiagnostics(byFile: Map<string, EditorDiagnostic[]>): void {
    if (this.code) return this.code.setAllDiagnostics(byFile);
    this.diags = byFile;
  }

  // ------------------------------------------------------------ stand-in

  /**
   * Shows text read-only in the stand-in (null: nothing). A gutter of line
   * numbers beside a <pre>, each one text node (never HTML), in the box
   * CodeMirror will fill, with its font and line height (style.css), so the
   * swap moves nothing. It can be focused and scrolled with the keyboard;
   * keys that would type say why nothing happens.
   */
  private showStandIn(text: string | null, line = 1): void {
    if (text === null) {
      this.standIn?.root.remove();
      this.standIn = null;
      this.showNote();
      return;
    }
    if (!this.standIn) {
      const gutter = h("div", { class: "standin-gutter", "aria-hidden": "true" });
      const pre = h("pre", { class: "standin-text" });
      const root = h(
        "div",
        {
          class: "editor-standin",
          testid: "editor-standin",
          tabindex: "0",
          role: "textbox",
          "aria-readonly": "true",
          "aria-multiline": "true",
          "aria-label": "file editor (read-only while the editor loads)",
          on: {
            keydown: (e: KeyboardEvent) => this.standInKey(e),
            pointerdown: () => this.loadFailed && this.mount(),
          },
        },
        gutter,
        pre,
      );
      this.standIn = { root, gutter, text: pre };
      this.mountEl.append(root);
    }
    let lines = text.split(/\r\n?|\n/); // (CodeMirror's line breaks)
    const more = lines.length > STAND_IN_LINES;
    if (more) lines = lines.slice(0, STAND_IN_LINES);
    this.standIn.text.textContent = lines.join("\n") + (more ? "\n…" : "");
    let nums = "";
    for (let i = 1; i <= lines.length; i++) nums += i + "\n";
    this.standIn.gutter.textContent = nums;
    this.standIn.root.scrollTop = 0;
    this.showNote();
    if (line > 1) this.scrollStandIn(line);
  }

  private scrollStandIn(line: number): void {
    const s = this.standIn;
    if (!s) return;
    const lh = parseFloat(getComputedStyle(s.text).lineHeight) || 18;
    s.root.scrollTop = Math.max(0, (line - 1) * lh - s.root.clientHeight / 2);
  }

  /** A key that would type into the stand-in: nothing is typed, and the note says why (again, for screen readers). */
  private standInKey(e: KeyboardEvent): void {
    const typing = (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) || e.key === "Enter" || e.key === "Backspace" || e.key === "Delete";
    if (!typing) return;
    e.preventDefault();
    if (this.loadFailed) this.mount();
    this.showNote(true);
  }
}
