// assist.ts: the editor's schema-aware help, loaded the first time the
// editor is focused (its own chunk: the first load has no room for it).
// Everything it shows comes from the engine (engine/complete, run by
// tools.wasm in the tools' worker, transport.ts) through CodeMirror's own
// extensions:
//   - completion (@codemirror/autocomplete, Ctrl+Space or as you type
//     after "<", "</", a space in a tag, or an opening quote): section
//     groups, sections, child elements, a collection's add/remove/clear,
//     attributes with type and default, enum/flags/boolean values;
//   - hover (hoverTooltip) and Ctrl+Shift+Space at the cursor (the same
//     description as a tooltip, for the keyboard): type, default,
//     validation, and whether the section or attribute is locked there;
//   - typing an end tag over the one the editor inserted replaces it;
//   - Format (Shift+Alt+F, or the editor's Format button): the file
//     re-indented by its structure; comments, CDATA, attribute order and
//     everything else are kept as written.
import { type Extension, Prec, StateEffect, StateField, EditorSelection, ChangeSet, type ChangeSpec, type EditorState } from "@codemirror/state";
import { EditorView, hoverTooltip, keymap, showTooltip, type Tooltip } from "@codemirror/view";
import { autocompletion, closeBrackets, closeBracketsKeymap, closeCompletion, startCompletion, type Completion as CMCompletion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { indentRange, indentUnit, syntaxTree, ensureSyntaxTree } from "@codemirror/language";
import { h } from "../dom";
import type { AppHost } from "../app/host";
import type { AssistArgs, Completion, CompletionOption, HoverInfo } from "../engine/protocol";
import { adoptStyles } from "./sheet";

/** Files above this size are edited as plain text: no help asked for them (the engine would be sent megabytes per request). */
const MAX_BYTES = 1_500_000;

/** CodeMirror's completion types, for its icons and styling. */
const TYPES: Record<CompletionOption["kind"], string> = {
  section: "type",
  group: "namespace",
  element: "class",
  directive: "keyword",
  attribute: "property",
  value: "enum",
  close: "keyword",
};

const NAME = /^[\w.:-]*$/;

/** Ends a completion shown or still being asked for in view (ui/codeeditor.ts leaveState). */
export function closeAssist(view: EditorView): void {
  closeCompletion(view);
}

export function assist(app: AppHost): Extension {
  adoptStyles("assist", STYLES);
  const args = (state: EditorState, offset: number): AssistArgs | null => {
    const file = app.editors.openPath;
    if (!file || state.doc.length > MAX_BYTES) return null;
    const schema = app.workspace.files.filter((f) => /\\inetsrv\\config\\schema\\[^\\]+\.xml$/i.test(f.path)).map((f) => ({ path: f.path, text: app.workspace.text(f) }));
    return { file, text: state.doc.toString(), offset, path: app.workspace.path, schema, edits: app.workspace.takeEdits() };
  };

  const source = async (ctx: CompletionContext): Promise<CompletionResult | null> => {
    const before = ctx.state.sliceDoc(Math.max(0, ctx.pos - 300), ctx.pos);
    // As one types: after "<" or "</" and a name, a space (or a name) in
    // a tag, an opening quote or a comma in a value. Ctrl+Space anywhere.
    const typing = /<\/?[\w.:-]*$/.test(before) || /<[\w.:-]+(\s+[\w.:-]+\s*=\s*("[^"<]*"|'[^'<]*'))*\s+[\w.:-]*$/.test(before) || /=\s*["'][^"'<]*$/.test(before);
    if (!ctx.explicit && !typing) return null;
    const a = args(ctx.state, ctx.pos);
    if (!a) return null;
    let r: Completion | "starting" | null;
    try {
      r = await app.engine.complete(a, ctx.explicit);
      if (r === "starting") {
        // tools.wasm starts in the tools' worker meanwhile: asked again
        // once it is up, unless one typed on.
        await app.engine.toolsReady();
        const again = ctx.aborted ? null : args(ctx.state, ctx.pos);
        r = again && (await app.engine.complete(again, true));
        if (r === "starting") r = null;
      }
    } catch {
      return null;
    }
    if (!r || ctx.aborted || !r.options.length) return null;
    if (r.context === "text" && !ctx.explicit) return null;
    return {
      from: r.from,
      to: r.to,
      options: r.options.map((o) => option(o, r!.context)),
      // Names filter on the page as one types; a value list (the sites of
      // a hosting server are capped) is asked again.
      validFor: r.context === "value" ? undefined : NAME,
    };
  };

  return [
    closeBrackets(),
    keymap.of(closeBracketsKeymap),
    autocompletion({ override: [source], icons: false }),
    hoverTooltip(
      async (view, pos) => {
        const a = args(view.state, pos);
        if (!a) return null;
        const info = await app.engine.hover(a).catch(() => null);
        // Another file opened meanwhile: CodeMirror, which the swap does
        // not stop, would show this description over that file.
        if (!info || app.editors.openPath !== a.file) return null;
        return { pos: info.from, end: info.to, above: true, create: () => ({ dom: describe(info) }) };
      },
      { hoverTime: 400 },
    ),
    described,
    Prec.high(closeTagOver),
    keymap.of([
      { key: "Mod-Shift-Space", run: (view) => (void describeAtCursor(view, args, (a) => app.engine.hover(a, "keyboard").catch(() => undefined), () => app.editors.openPath), true) },
      { key: "Shift-Alt-f", run: (view) => formatFile(view) },
      { key: "Escape", run: (view) => (view.state.field(described, false) ? (view.dispatch({ effects: setDescribed.of(null) }), true) : false) },
    ]),
  ];
}

function option(o: CompletionOption, context: Completion["context"]): CMCompletion {
  const c: CMCompletion = { label: o.label, type: TYPES[o.kind], detail: o.detail, info: o.info || undefined, boost: o.boost };
  if (o.kind === "attribute") {
    // name="" with the cursor between the quotes; an attribute already
    // followed by = keeps its value.
    c.apply = (view, _c, from, to) => {
      const next = view.state.sliceDoc(to, to + 1);
      const insert = next === "=" ? o.label : `${o.label}=""`;
      view.dispatch({ changes: { from, to, insert }, selection: EditorSelection.cursor(from + o.label.length + (next === "=" ? 0 : 2)), userEvent: "input.complete" });
      // On to its values (booleans, enums, flags…) at once.
      if (next !== "=") setTimeout(() => startCompletion(view), 0);
    };
  } else if (context === "text") {
    c.apply = "<" + o.label;
  } else if (o.kind === "close") {
    c.apply = (view, _c, from, to) => {
      const insert = view.state.sliceDoc(to, to + 1) === ">" ? o.label : o.label + ">";
      view.dispatch({ changes: { from, to, insert }, selection: EditorSelection.cursor(from + o.label.length + 1), userEvent: "input.complete" });
    };
  }
  return c;
}

/** The description of a name or value, as plain text nodes (never HTML). */
export function describe(info: HoverInfo): HTMLElement {
  const lock = info.lock;
  return h(
    "div",
    { class: "cm-describe", testid: "describe" },
    h("div", { class: "cm-describe-title" }, info.summary),
    info.facts?.length ? h("dl", null, info.facts.map((f) => [h("dt", null, f.label), h("dd", null, f.text)])) : null,
    lock
      ? h(
          "div",
          { class: "cm-describe-lock" + (lock.locked ? " locked" : "") },
          h("strong", null, lock.locked ? "Locked. " : "Lock: "),
          lock.text,
          lock.by?.length ? h("ul", null, lock.by.map((b) => h("li", null, `${b.file}:${b.line}${b.note ? " — " + b.note : ""}`))) : null,
        )
      : null,
  );
}

// The keyboard's hover: a tooltip at the cursor until it moves or Escape.
const setDescribed = StateEffect.define<Tooltip | null>();
const described = StateField.define<Tooltip | null>({
  create: () => null,
  update(t, tr) {
    for (const e of tr.effects) if (e.is(setDescribed)) return e.value;
    return tr.docChanged || tr.selection ? null : t;
  },
  provide: (f) => showTooltip.from(f),
});

async function describeAtCursor(view: EditorView, args: (s: EditorState, o: number) => AssistArgs | null, hover: (a: AssistArgs) => Promise<HoverInfo | null | undefined>, openPath: () => string | null): Promise<void> {
  const pos = view.state.selection.main.head;
  const file = openPath();
  const a = args(view.state, pos);
  const info = a ? await hover(a) : null;
  // undefined: superseded by a newer Ctrl+Shift+Space, or the engine failed
  // (it says so itself); another file opened meanwhile is not described.
  if (info === undefined || openPath() !== file || view.state.selection.main.head !== pos) return;
  const dom = info ? describe(info) : h("div", { class: "cm-describe" }, "Nothing to describe here: put the cursor on an element or attribute name, or in a value.");
  view.dispatch({ effects: setDescribed.of({ pos, above: true, create: () => ({ dom }) }) });
}

/**
 * Typing the ">" that ends an end tag, when the same end tag follows (the
 * one the editor inserted when the element was opened), replaces it
 * instead of leaving two.
 */
const closeTagOver = EditorView.inputHandler.of((view, from, to, text) => {
  if (text !== ">" || from !== to) return false;
  const line = view.state.doc.lineAt(from);
  const m = /<\/([\w.:-]+)\s*$/.exec(view.state.sliceDoc(line.from, from));
  if (!m) return false;
  const rest = view.state.sliceDoc(from, Math.min(view.state.doc.length, from + 400));
  const dup = new RegExp(`^\\s*</${m[1].replace(/[.]/g, "\\.")}\\s*>`).exec(rest);
  if (!dup) return false;
  view.dispatch({
    changes: [
      { from, insert: ">" },
      { from, to: from + dup[0].length },
    ],
    selection: EditorSelection.cursor(from + 1),
    userEvent: "input.type",
  });
  return true;
});

/** The file's indentation step: its most common increase from one tag line to the next (4 spaces when it has none). */
function detectUnit(state: EditorState): string {
  const counts = new Map<number, number>();
  let prev = 0;
  for (let i = 1; i <= Math.min(state.doc.lines, 2000); i++) {
    const text = state.doc.line(i).text;
    const t = text.trimStart();
    if (!t.startsWith("<")) continue; // blank lines, text, the inside of comments
    const ws = text.slice(0, text.length - t.length);
    if (ws.includes("\t")) return "\t";
    if (ws.length > prev && ws.length - prev <= 8) counts.set(ws.length - prev, (counts.get(ws.length - prev) ?? 0) + 1);
    prev = ws.length;
  }
  let best = 4,
    n = 0;
  for (const [u, c] of counts) if (c > n) [best, n] = [u, c];
  return " ".repeat(best);
}

/** Format: re-indents every line by the file's structure, except the inside of comments, CDATA and processing instructions. */
export function formatFile(view: EditorView): boolean {
  if (view.state.readOnly || view.state.doc.length > MAX_BYTES) return false;
  // The whole tree (the editor parses lazily), and the file's own unit.
  const tree = ensureSyntaxTree(view.state, view.state.doc.length, 2000) ?? syntaxTree(view.state);
  const state = view.state.update({ effects: StateEffect.appendConfig.of(Prec.highest(indentUnit.of(detectUnit(view.state)))) }).state;
  const all = indentRange(state, 0, state.doc.length);
  const keep: ChangeSpec[] = [];
  all.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    const line = view.state.doc.lineAt(fromA);
    for (let n: any = tree.resolveInner(line.from, 1); n; n = n.parent) {
      if (/^(Comment|Cdata|ProcessingInst)$/.test(n.name) && n.from < line.from) return;
    }
    keep.push({ from: fromA, to: toA, insert: inserted });
  });
  if (!keep.length) return true;
  view.dispatch({ changes: ChangeSet.of(keep, view.state.doc.length), userEvent: "format", scrollIntoView: true });
  return true;
}

const STYLES = `
.cm-describe { max-width: min(560px, 90vw); padding: 4px 8px; font: 12.5px/1.45 system-ui, sans-serif; white-space: normal; }
.cm-describe-title { font-weight: 600; margin-bottom: 2px; }
.cm-describe dl { display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; margin: 2px 0; }
.cm-describe dt { color: var(--muted); }
.cm-describe dd { margin: 0; overflow-wrap: anywhere; }
.cm-describe-lock { margin-top: 4px; padding-top: 3px; border-top: 1px solid var(--border); }
.cm-describe-lock.locked strong { color: var(--err); }
.cm-describe-lock ul { margin: 2px 0 0; padding-left: 16px; font-size: 12px; overflow-wrap: anywhere; }
.cm-tooltip-autocomplete .cm-completionDetail { color: var(--muted); font-style: normal; margin-left: 8px; font-size: 12px; }
.cm-completionInfo { max-width: 420px; white-space: normal; font-size: 12.5px; }
`;
