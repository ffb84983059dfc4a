// codeeditor.ts: the CodeMirror 6 editors, a chunk of their own (loaded by
// editor.ts, which shows a read-only stand-in until it is here: CodeMirror
// is most of the page's code, and a first visit draws its first answer
// without it). Each workspace file keeps its own EditorState (document,
// undo history, selection, folds, diagnostics); one EditorView shows the
// open file and swaps states, so a 10,000-file workspace costs one view,
// and switching files keeps each file's history.
import { EditorState, Compartment, StateEffect, StateField, type Extension, type Text } from "@codemirror/state";
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  drawSelection,
  tooltips,
  Decoration,
  type DecorationSet,
} from "@codemirror/view";
import { xml } from "@codemirror/lang-xml";
import { syntaxHighlighting, defaultHighlightStyle, foldGutter, foldKeymap, bracketMatching, indentOnInput, HighlightStyle, syntaxTree } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import type { Diagnostic as CMDiagnostic } from "@codemirror/lint";
import type { Diagnostic, EditorDiagnostic, EditorPos } from "../model";
import { samePath } from "../dom";
import type { EditorHost, EditorParts } from "./editor";

const flashEffect = StateEffect.define<{ from: number; to: number } | null>();
const flashField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects)
      if (e.is(flashEffect)) deco = e.value ? Decoration.set([Decoration.line({ class: "cm-flash" }).range(e.value.from)]) : Decoration.none;
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/**
 * The cursor's blink, drawSelection's CSS animation (restarted by every
 * move of the cursor, so that it shows while one types). A running
 * animation, even one that changes nothing for 600 ms, makes Chromium
 * draw a frame at every beat of the display, and a frame the page then
 * asks for (the typed character's) waits for the next beat: up to
 * 16.7 ms after the key. Started after a delay of half a blink, with
 * its halves swapped, the cursor blinks as before (shown 600 ms after
 * a move, hidden 600 ms, …), but while one types the animation is
 * always in its delay, the display's beat stops, and each keystroke's
 * frame comes as soon as the page has handled the key.
 */
const BLINK_MS = 1200;
const blinkAfterTyping = EditorView.theme({
  "&.cm-focused > .cm-scroller > .cm-cursorLayer": { animationDelay: `${BLINK_MS / 2}ms` },
  // The names drawSelection switches between to restart the blink.
  "@keyframes cm-blink": { "0%": { opacity: 0 }, "50%": { opacity: 1 } },
  "@keyframes cm-blink2": { "0%": { opacity: 0 }, "50%": { opacity: 1 } },
});

const darkHighlight = HighlightStyle.define([
  { tag: t.tagName, color: "#7cc4ff" },
  { tag: t.attributeName, color: "#d7a8ff" },
  { tag: t.attributeValue, color: "#a5d68a" },
  { tag: t.comment, color: "#8a939c", fontStyle: "italic" },
  { tag: [t.processingInstruction, t.documentMeta], color: "#c9a26b" },
  { tag: t.angleBracket, color: "#9aa5b1" },
  { tag: t.invalid, color: "#ff7b72" },
]);

/** Above this size a file is edited as plain text: no XML parse, highlighting
 * or folding, which would otherwise parse megabytes in the background. */
const PLAIN_TEXT_BYTES = 1_500_000;

/**
 * Typed text the editor inserts as typed (no bracket closing, tag closing
 * or re-indenting follows it), and the largest file whose next text is
 * predicted per keystroke (the prediction copies the file once).
 */
const PREDICTABLE = /^[^"'()[\]{}<>/\s]+$|^ $/;
const PREDICT_MAX = 200_000;

const PLACEHOLDER = `<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <!-- The engine is starting… -->
    <system.webServer>
        <defaultDocument enabled="true" />
    </system.webServer>
</configuration>
`;

export class CodeEditors {
  private v: EditorView | null = null;
  private states = new Map<string, EditorState>(); // key: lower-case path
  private diags = new Map<string, EditorDiagnostic[]>();
  private current: string | null = null;
  private standIn: string | null = null; // the built-in text shown read-only, when no file is open
  private theme = new Compartment();
  // Search (@codemirror/search: the panel, find next, go to line, selection
  // matches) is loaded on first use or when the page is idle, not with the
  // first load: until then its keys load it and then run.
  private searchComp = new Compartment();
  private search: typeof import("@codemirror/search") | null = null;
  private searchLoading: Promise<void> | null = null;
  private readOnly = new Compartment();
  // Lint (@codemirror/lint: markers, gutter, their tooltips) loads with the
  // first file that has a diagnostic, not with the first load.
  private lintComp = new Compartment();
  private lint: typeof import("@codemirror/lint") | null = null;
  private lintLoading: Promise<void> | null = null;
  /** Schema-aware help (ui/assist.ts), set once its chunk has loaded. */
  private assist = new Compartment();
  private closeAssist: ((view: EditorView) => void) | null = null;

  private assistExt: Extension = [];
  private dark = false;
  private suppress = false;
  private waiting = false;
  private mountEl: HTMLElement;
  private label: HTMLElement; // the open file's path
  /** A note above the text (a built-in stand-in's "make it editable"). */
  private banner: HTMLElement;

  /** parts: the shell's elements (editor.ts), which this fills. */
  constructor(
    private host: EditorHost,
    parts: EditorParts,
  ) {
    this.mountEl = parts.mount;
    this.label = parts.label;
    this.banner = parts.banner;
  }

  /** The CodeMirror view, made on first use (mount). */
  get view(): EditorView {
    return this.v ?? this.mount();
  }

  /**
   * Makes the CodeMirror view, showing a read-only placeholder in XML until
   * a file opens. Laying it out and highlighting it runs CodeMirror's code
   * for the first time (~135 ms of main thread measured on a first visit):
   * the page mounts it while it waits for the engine (editor.ts does so
   * as soon as this chunk is here), so that this is not paid when the
   * first file opens. Later calls return the same view.
   */
  mount(): EditorView {
    if (this.v) return this.v;
    this.v = new EditorView({
      parent: this.mountEl,
      state: EditorState.create({ doc: PLACEHOLDER, extensions: [this.extensions(), EditorState.readOnly.of(true), EditorView.editable.of(false)] }),
    });
    this.v.contentDOM.setAttribute("aria-label", "file editor");
    return this.v;
  }

  private extensions(size = 0): Extension[] {
    const big = size > PLAIN_TEXT_BYTES;
    return [
      lineNumbers(),
      highlightActiveLineGutter(),
      big ? [] : foldGutter(),
      drawSelection({ cursorBlinkRate: BLINK_MS }),
      blinkAfterTyping,
      // Tooltips (completion, hover, lint) go in the page's body: the
      // editor's box contains its layout and paint (style.css), which
      // would clip a tooltip at its edges.
      tooltips({ parent: document.body }),
      history(),
      indentOnInput(),
      // closeBrackets comes with the schema-aware help (ui/assist.ts): the
      // autocomplete package is not part of the first load.
      big ? [] : [bracketMatching(), xml()],
      highlightActiveLine(),
      this.lintComp.of(this.lint ? this.lint.lintGutter() : []),
      this.searchComp.of(this.searchExt(big)),
      flashField,
      this.theme.of(this.themeExt()),
      this.assist.of(big ? [] : this.assistExt),
      this.readOnly.of(this.readOnlyExt()),
      // No indentWithTab: Tab must keep moving focus (keyboard reachability).
      keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap]),
      EditorView.domEventHandlers({ beforeinput: (e, view) => (this.predict(e, view), false) }),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged || this.suppress || this.current === null) return;
        this.states.set(this.current.toLowerCase(), u.state);
        this.host.onChange(this.current);
      }),
    ];
  }

  /**
   * A typed character's text, told before the editor has it: Chromium
   * inserts it into the page and CodeMirror reads the change back from
   * there (~3-8 ms after the key, on this page), and the engine can
   * evaluate meanwhile. The host checks the prediction against the change
   * CodeMirror then makes (app/workspace.ts); anything CodeMirror may do
   * otherwise (composition, several cursors, brackets and tags it closes)
   * is not predicted.
   */
  private predict(e: InputEvent, view: EditorView): void {
    if (!this.host.onPredict || this.current === null || this.suppress) return;
    if (e.inputType !== "insertText" || e.isComposing || view.composing || !e.data || !PREDICTABLE.test(e.data)) return;
    const st = view.state;
    if (st.readOnly || !st.facet(EditorView.editable) || st.selection.ranges.length !== 1 || st.doc.length > PREDICT_MAX) return;
    const { from, to } = st.selection.main;
    this.host.onPredict(this.current, st.sliceDoc(0, from) + e.data + st.sliceDoc(to));
  }

  private themeExt(): Extension {
    return [
      syntaxHighlighting(this.dark ? darkHighlight : defaultHighlightStyle, { fallback: true }),
      EditorView.theme({}, { dark: this.dark }),
    ];
  }

  /**
   * Search's extensions once loaded (big: a plain-text file, whose
   * selection matches are not highlighted); before that, its keys, which
   * load it.
   */
  private searchExt(big: boolean): Extension {
    const m = this.search;
    if (m) return [big ? [] : m.highlightSelectionMatches(), keymap.of(m.searchKeymap)];
    const later = (cmd: (m: typeof import("@codemirror/search")) => (v: EditorView) => boolean) => (v: EditorView) => {
      void this.loadSearch().then(() => this.search && cmd(this.search)(v));
      return true;
    };
    return keymap.of([
      { key: "Mod-f", run: later((m) => m.openSearchPanel), scope: "editor search-panel" },
      { key: "F3", run: later((m) => m.findNext), shift: later((m) => m.findPrevious), scope: "editor search-panel", preventDefault: true },
      { key: "Mod-g", run: later((m) => m.findNext), shift: later((m) => m.findPrevious), scope: "editor search-panel", preventDefault: true },
      { key: "Mod-Shift-l", run: later((m) => m.selectSelectionMatches) },
      { key: "Mod-Alt-g", run: later((m) => m.gotoLine) },
      { key: "Mod-d", run: later((m) => m.selectNextOccurrence), preventDefault: true },
    ]);
  }

  /** Loads search and turns it on in the open editor (other files get it when opened). */
  loadSearch(): Promise<void> {
    this.searchLoading ??= import("@codemirror/search").then(
      (m) => {
        this.search = m;
        // (Not mounted yet: the view is made with search's extensions.)
        this.v?.dispatch({ effects: this.searchComp.reconfigure(this.searchExt(this.v.state.doc.length > PLAIN_TEXT_BYTES)) });
        if (this.current) this.states.set(this.current.toLowerCase(), this.view.state);
      },
      () => {
        this.searchLoading = null; // offline: try again on the next key
      },
    );
    return this.searchLoading;
  }

  private readOnlyExt(): Extension {
    return this.waiting ? EditorState.readOnly.of(true) : [];
  }

  /**
   * While the engine starts (a first visit drawn from the build's answer),
   * files can be read, scrolled and searched but not edited: a change
   * would have no engine to evaluate it. A note above the editor says so.
   */
  setWaiting(on: boolean): void {
    this.waiting = on;
    this.v?.dispatch({ effects: this.readOnly.reconfigure(this.readOnlyExt()) });
    if (this.current) this.states.set(this.current.toLowerCase(), this.view.state);
  }
  /**
   * Turns on the schema-aware help (completion, hover, format) in every
   * file. close: ends the help's pending work in the view before it shows
   * another state (see leaveState).
   */
  enableAssist(ext: Extension, close?: (view: EditorView) => void): void {
    this.assistExt = ext;
    this.closeAssist = close ?? null;
    if (this.current && this.view.state.doc.length <= PLAIN_TEXT_BYTES) this.view.dispatch({ effects: this.assist.reconfigure(ext) });
  }

  /**
   * Before the view shows another state (another file, a stand-in, none):
   * a completion asked for in this one is still running in the tools'
   * worker, and CodeMirror's completion, which the swap does not stop,
   * would show its answer in the next state — options for the file left,
   * over the file opened, inserting where that query stood — or fail on a
   * state without completion (a 9 MB file). Closed here, the query is
   * aborted and its answer dropped.
   */
  private leaveState(): void {
    if (this.v && this.closeAssist) this.closeAssist(this.v);
  }

  setDark(dark: boolean): void {
    if (dark === this.dark) return;
    this.dark = dark;
    // Update the stored states too, so switching files keeps the theme.
    this.v?.dispatch({ effects: this.theme.reconfigure(this.themeExt()) });
    if (this.current) this.states.set(this.current.toLowerCase(), this.view.state);
    // Other files pick up the theme when opened (open() reconfigures).
  }

  // Texts of files never opened: their EditorState is made on first open,
  // so loading 1,000 files costs nothing until they are looked at.
  private lazy = new Map<string, string>();

  /** Replaces all documents (load, import, sample). */
  reset(files: { path: string; text: string }[]): void {
    this.states.clear();
    this.lazy.clear();
    this.current = this.standIn = null;
    for (const f of files) this.lazy.set(f.path.toLowerCase(), f.text);
    // No file is open until the page opens one: not the last workspace's
    // text, nor the placeholder.
    this.leaveState();
    this.suppress = true;
    this.v?.setState(this.makeState(""));
    this.diagSig = "";
    this.suppress = false;
    this.label.textContent = "";
  }

  private stateOf(key: string): EditorState | undefined {
    let st = this.states.get(key);
    if (!st && this.lazy.has(key)) {
      st = this.makeState(this.lazy.get(key)!);
      this.lazy.delete(key);
      this.states.set(key, st);
    }
    return st;
  }

  private makeState(text: string): EditorState {
    return EditorState.create({ doc: text, extensions: this.extensions(text.length) });
  }

  add(path: string, text: string): void {
    this.lazy.delete(path.toLowerCase());
    this.states.set(path.toLowerCase(), this.makeState(text));
  }

  remove(path: string): void {
    this.states.delete(path.toLowerCase());
    this.lazy.delete(path.toLowerCase());
    if (samePath(this.current ?? "", path)) {
      this.leaveState();
      this.current = null;
      this.suppress = true;
      this.view.setState(this.makeState(""));
    this.diagSig = "";
      this.suppress = false;
      this.label.textContent = "";
    }
  }

  /**
   * Replaces a file's text as one undoable edit (redaction, an appcmd
   * write): only the part that differs is replaced, so the cursor, folds
   * and the rest of the history stay as they were.
   */
  setText(path: string, text: string): void {
    const key = path.toLowerCase();
    const open = this.current !== null && this.current.toLowerCase() === key;
    // A file never opened gets its state now, so the change is in its history.
    const st = open ? this.view.state : this.stateOf(key);
    if (!st) return this.add(path, text);
    const changes = minimalChange(st.doc.toString(), text);
    if (!changes) return;
    if (open) {
      this.suppress = true;
      this.view.dispatch({ changes });
      this.suppress = false;
      this.states.set(key, this.view.state);
      return;
    }
    this.states.set(key, st.update({ changes }).state);
  }

  rename(from: string, to: string): void {
    const st = this.stateOf(from.toLowerCase());
    if (!st) return;
    this.states.delete(from.toLowerCase());
    this.states.set(to.toLowerCase(), st);
    if (samePath(this.current ?? "", from)) {
      this.current = to;
      this.label.textContent = to;
    }
  }

  text(path: string): string | undefined {
    if (this.current && samePath(this.current, path)) return this.view.state.doc.toString();
    const key = path.toLowerCase();
    return this.lazy.get(key) ?? this.states.get(key)?.doc.toString();
  }

  /** text(path) without the copy: the document itself (immutable), or the text of a file never opened. */
  doc(path: string): Text | string | undefined {
    if (this.current && samePath(this.current, path)) return this.view.state.doc;
    const key = path.toLowerCase();
    return this.lazy.get(key) ?? this.states.get(key)?.doc;
  }

  /**
   * The element names enclosing the cursor, outermost first, from the XML
   * syntax tree (["configuration", "system.webServer", "defaultDocument",
   * "files"]); [] for plain-text files or outside any element. The page uses
   * it to fetch the section being edited on each keystroke.
   */
  elementPath(): string[] {
    if (!this.v) return [];
    const st = this.v.state;
    const tree = syntaxTree(st);
    const out: string[] = [];
    for (let n: any = tree.resolveInner(st.selection.main.head, -1); n; n = n.parent) {
      if (n.name !== "Element") continue;
      const open = n.getChild("OpenTag") ?? n.getChild("SelfClosingTag");
      const name = open?.getChild("TagName");
      if (name) out.push(st.sliceDoc(name.from, name.to));
    }
    return out.reverse();
  }

  get openPath(): string | null {
    return this.current;
  }

  /** What the editor shows: the open file, or the stand-in shown read-only (showReadOnly). */
  get shownPath(): string | null {
    return this.current ?? this.standIn;
  }

  /**
   * Builds a file's editor state ahead of open (for a 9 MB file, splitting
   * the text into lines is a task of its own, and opening another).
   */
  prepare(path: string): void {
    this.stateOf(path.toLowerCase());
  }

  open(path: string): boolean {
    const key = path.toLowerCase();
    if (this.current && this.current.toLowerCase() === key) return true;
    const st = this.stateOf(key);
    if (!st) return false;
    this.leaveState();
    if (this.current) this.states.set(this.current.toLowerCase(), this.view.state);
    this.current = path;
    this.standIn = null;
    this.suppress = true;
    this.view.setState(
      st.update({
        effects: [
          this.theme.reconfigure(this.themeExt()),
          this.searchComp.reconfigure(this.searchExt(st.doc.length > PLAIN_TEXT_BYTES)),
          this.assist.reconfigure(st.doc.length > PLAIN_TEXT_BYTES ? [] : this.assistExt),
          this.lintComp.reconfigure(this.lint ? this.lint.lintGutter() : []),
          this.readOnly.reconfigure(this.readOnlyExt()),
        ],
      }).state,
    );
    this.suppress = false;
    this.label.textContent = path;
    this.banner.hidden = true;
    this.diagSig = "";
    this.applyDiagnostics();
    return true;
  }

  /**
   * Shows a text that is not a workspace file (a built-in stand-in),
   * read-only, at a line, with a note above it. No file counts as open.
   */
  showReadOnly(path: string, text: string, line: number, ...note: (Node | string)[]): void {
    this.leaveState();
    if (this.current) this.states.set(this.current.toLowerCase(), this.view.state);
    this.current = null;
    this.standIn = path;
    this.suppress = true;
    this.view.setState(EditorState.create({ doc: text, extensions: [this.extensions(text.length), EditorState.readOnly.of(true)] }));
    this.diagSig = "";
    this.suppress = false;
    this.label.textContent = path + " (built in, read-only)";
    this.banner.replaceChildren(...note);
    this.banner.hidden = false;
    const doc = this.view.state.doc;
    const l = doc.line(Math.max(1, Math.min(line, doc.lines)));
    this.view.dispatch({ selection: { anchor: l.from }, effects: [EditorView.scrollIntoView(l.from, { y: "center" }), flashEffect.of({ from: l.from, to: l.to })] });
  }

  /** Shows line at the top, with the cursor at its start (where the stand-in was scrolled: the next key keeps the place). */
  scrollToLine(line: number): void {
    if (!this.v) return;
    const doc = this.v.state.doc;
    const at = doc.line(Math.max(1, Math.min(line, doc.lines))).from;
    this.v.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: "start" }) });
  }

  /** Opens path and puts the cursor at line:column, flashing the line; focus: move the keyboard focus there too. */
  goto(path: string, line: number, column = 1, focus = true): void {
    if (!this.open(path)) return;
    const doc = this.view.state.doc;
    if (line < 1) line = 1;
    if (line > doc.lines) line = doc.lines;
    const l = doc.line(line);
    const pos = l.from + utf16Offset(l, column);
    this.view.dispatch({
      selection: { anchor: pos },
      effects: [EditorView.scrollIntoView(pos, { y: "center" }), flashEffect.of({ from: l.from, to: l.to })],
    });
    if (focus) this.view.focus();
  }

  setAllDiagnostics(byFile: Map<string, EditorDiagnostic[]>): void {
    this.diags = byFile;
    this.applyDiagnostics();
  }

  private applyDiagnostics(): void {
    if (!this.current) return;
    const list = this.diags.get(this.current.toLowerCase()) ?? [];
    const doc = this.view.state.doc;
    const out: CMDiagnostic[] = [];
    // The engine gives the range in the editor's own units (from/to:
    // line and UTF-16 offset into it): underline exactly that.
    const at = (p: EditorPos): number | null => {
      if (p.line < 1 || p.line > doc.lines) return null;
      const l = doc.line(p.line);
      return Math.min(l.from + Math.max(0, p.character), l.to);
    };
    for (const d of list) {
      const start = d.from ? at(d.from) : null;
      const stop = d.to ? at(d.to) : null;
      if (start != null && stop != null && stop >= start) {
        // An empty range (the end of the file) still gets one character.
        const end = stop > start ? stop : Math.min(start + 1, doc.length);
        out.push({ from: start, to: end, severity: d.severity === "error" ? "error" : "warning", message: label(d), source: d.id });
        continue;
      }
      if (!d.line || d.line > doc.lines) {
        out.push({ from: 0, to: Math.min(1, doc.length), severity: d.severity === "error" ? "error" : "warning", message: label(d) });
        continue;
      }
      const l = doc.line(d.line);
      let from = l.from + utf16Offset(l, d.column || 1);
      let to = l.to;
      if (d.endLine && d.endLine >= d.line && d.endLine <= doc.lines) {
        const el = doc.line(d.endLine);
        to = el.from + utf16Offset(el, d.endColumn || 1);
      }
      if (to <= from) to = l.to > from ? l.to : from;
      out.push({ from, to, severity: d.severity === "error" ? "error" : "warning", message: label(d), source: d.id });
    }
    // Unchanged markers are not set again: redrawing them would replace
    // the text under the pointer and cancel a hover on its way.
    const sig = this.current + "\n" + JSON.stringify(out);
    if (sig === this.diagSig) return;
    const lint = this.lint;
    if (!lint) {
      // Nothing to mark yet: lint need not load.
      if (!out.length) return;
      this.lintLoading ??= import("@codemirror/lint").then(
        (m) => {
          this.lint = m;
          this.view.dispatch({ effects: this.lintComp.reconfigure(m.lintGutter()) });
          this.applyDiagnostics();
        },
        () => {
          this.lintLoading = null; // offline: try again with the next diagnostics
        },
      );
      return;
    }
    this.diagSig = sig;
    this.view.dispatch(lint.setDiagnostics(this.view.state, out));
  }
  private diagSig = "";
}

/** The UTF-16 offset in a line's text of a 1-based column counted in code
 * points, as the engine counts columns (an emoji is one column, two units;
 * a byte-order mark starting line 1 is no column). */
function utf16Offset(line: { number: number; text: string }, column: number): number {
  const text = line.text;
  let i = line.number === 1 && text.startsWith("\uFEFF") ? 1 : 0;
  for (let c = 1; c < column && i < text.length; c++) i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

function label(d: Diagnostic): string {
  let s = d.message;
  if (d.hresult) s += `\n(${d.id}, ${d.hresult})`;
  else s += `\n(${d.id})`;
  for (const n of d.notes ?? []) s += `\n• ${n.message}${n.file ? ` — ${n.file}:${n.line}` : ""}`;
  return s;
}

/** The one change that turns a into b (their common start and end kept), or null when equal. */
export function minimalChange(a: string, b: string): { from: number; to: number; insert: string } | null {
  if (a === b) return null;
  let start = 0;
  const n = Math.min(a.length, b.length);
  while (start < n && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let end = 0;
  while (end < n - start && a.charCodeAt(a.length - 1 - end) === b.charCodeAt(b.length - 1 - end)) end++;
  return { from: start, to: a.length - end, insert: b.slice(start, b.length - end) };
}
