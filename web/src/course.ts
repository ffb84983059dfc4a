// course.ts: what the playground's gallery and the docs page share about
// the course (samples/, build/samplesjson.go): its modules in order, the
// learner's progress kept in this browser, the error-code key, and the
// pieces of a lesson card (new words, caveats, a diff, the steps). User
// content never reaches innerHTML: every text goes through dom.ts.
import type { Sample, SampleStep } from "./model";
import { h, type Child } from "./dom";

/** The course's chapters in order: the four modules, then troubleshooting. */
export const CHAPTERS: { id: string; title: string; blurb: string }[] = [
  { id: "where", title: "Where configuration lives", blurb: "the files, their levels, sites and applications, sections and their schema" },
  { id: "merging", title: "Merging", blurb: "how the levels combine: attributes, location tags, collections, inheritance, configSource" },
  { id: "delegation", title: "Delegation", blurb: "who may change what: locked sections and how to unlock them, granular locks, where a section may appear" },
  { id: "operations", title: "Operations", blurb: "backups and history, shared configuration, pool isolation, the IIS 6 metabase" },
  { id: "troubleshooting", title: "Troubleshooting", blurb: "real errors reproduced, each with its fix and the lesson it exercises" },
];

/** The chapter a sample belongs to. */
export function chapterOf(s: Sample): string {
  return s.group === "reproduction" ? "troubleshooting" : s.module || "where";
}

/** Samples in course order: chapter by chapter, then by order. */
export function courseOrder(samples: Sample[]): Sample[] {
  const rank = (s: Sample) => CHAPTERS.findIndex((c) => c.id === chapterOf(s));
  return [...samples].sort((a, b) => rank(a) - rank(b) || a.order - b.order);
}

/** What the error codes of a 500.19 page mean (docs/diagnostics.md). */
export const CODE_KEY: Record<string, string> = {
  "0x80070021": "lock violation: the section, attribute or entry is locked above",
  "0x8007000d": "invalid data: the file or a value is not what the schema allows",
  "0x800700b7": "already exists: a duplicate entry or section",
  "0x80070032": "not supported: a section nobody declared",
  "0x80070002": "file not found",
  "0x80070003": "path not found",
  "0x80070005": "access denied",
};

/** The key to the codes a sample shows (all of them when codes is omitted). */
export function codeKey(codes?: string[]): HTMLElement | null {
  const list = (codes ?? Object.keys(CODE_KEY)).filter((c) => CODE_KEY[c.toLowerCase()]);
  if (!list.length) return null;
  return h(
    "dl",
    { class: "code-key", testid: "code-key" },
    list.map((c) => [h("dt", null, h("code", null, c)), h("dd", null, CODE_KEY[c.toLowerCase()])]),
  );
}

// ------------------------------------------------------------- progress

const KEY = "iisconf.course";

interface Progress {
  version: 1;
  done: string[];
}

function read(): Progress {
  try {
    const p = JSON.parse(localStorage.getItem(KEY) ?? "null");
    if (p && p.version === 1 && Array.isArray(p.done)) return { version: 1, done: p.done.filter((x: unknown) => typeof x === "string") };
  } catch {
    // no storage (private mode) or a damaged entry: start over
  }
  return { version: 1, done: [] };
}

/** The samples marked done in this browser. */
export function doneSet(): Set<string> {
  return new Set(read().done);
}

/** Marks a sample done (or not) and tells listeners. */
export function setDone(name: string, done: boolean): void {
  const p = read();
  const set = new Set(p.done);
  if (done) set.add(name);
  else set.delete(name);
  try {
    localStorage.setItem(KEY, JSON.stringify({ version: 1, done: [...set] }));
  } catch {
    // storage full or refused: progress stays for this page only
  }
  for (const f of listeners) f();
}

const listeners = new Set<() => void>();

/** Calls f whenever progress changes, in this page or another tab. */
export function onProgress(f: () => void): void {
  listeners.add(f);
  if (listeners.size === 1) window.addEventListener("storage", (e) => e.key === KEY && listeners.forEach((g) => g()));
}

/** The first sample of the course not done yet, or null when all are. */
export function nextSample(ordered: Sample[], done = doneSet()): Sample | null {
  return ordered.find((s) => !done.has(s.name)) ?? null;
}

/** "7 of 29 lessons done" and the next one, as one line. */
export function progressLine(ordered: Sample[], open: (s: Sample) => void): HTMLElement {
  const done = doneSet();
  const n = ordered.filter((s) => done.has(s.name)).length;
  const next = nextSample(ordered, done);
  return h(
    "div",
    { class: "course-progress", testid: "course-progress" },
    h("progress", { max: ordered.length, value: n, "aria-label": "course progress" }),
    h("span", { testid: "course-done" }, `${n} of ${ordered.length} done`),
    next
      ? [" · Next: ", h("button", { type: "button", class: "link", testid: "course-next", "data-next": next.name, on: { click: () => open(next) } }, next.title)]
      : " · the whole course is done",
  );
}

// ----------------------------------------------------------- card parts

/** The "new words" box. */
export function wordsBox(s: Sample): HTMLElement | null {
  if (!s.words.length) return null;
  return h(
    "aside",
    { class: "new-words", testid: "new-words" },
    h("strong", null, "New words"),
    h("dl", null, s.words.map((w) => [h("dt", null, w.term), h("dd", null, w.meaning)])),
  );
}

/** Where the sample rests on a rule iisconf chose without evidence. */
export function caveatsBox(s: Sample): HTMLElement | null {
  if (!s.caveats.length) return null;
  return h(
    "aside",
    { class: "caveats", testid: "caveats" },
    h("strong", null, "Where iisconf may differ from IIS"),
    h("ul", null, s.caveats.map((c) => h("li", null, c.text))),
  );
}

/** A diff as text lines, each coloured by its first character. */
export function diffView(diff: string, testid = "diff"): HTMLElement {
  const lines = diff.replace(/\n$/, "").split("\n");
  return h(
    "pre",
    { class: "diff", testid },
    lines.map((l) => {
      const k = l.startsWith("+++") || l.startsWith("---") ? "file" : l[0] === "+" ? "add" : l[0] === "-" ? "del" : l.startsWith("@@") ? "hunk" : l[0] === " " ? "ctx" : "note";
      return h("span", { class: "diff-" + k }, l + "\n");
    }),
  );
}

/** One step: its kind, title, what to do, the command and the change. */
export function stepView(st: SampleStep, actions: Child): HTMLElement {
  return h(
    "li",
    { class: "step step-" + st.kind, testid: "step", "data-step": st.name },
    h("div", { class: "step-head" }, h("span", { class: "badge " + (st.kind === "fix" ? "allow" : "") }, st.kind === "fix" ? "Fix" : "Try it"), " ", h("strong", null, st.title)),
    st.explanation.map((p) => h("p", null, p)),
    st.appcmd ? h("pre", { class: "cmd" }, "appcmd " + st.appcmd + (st.output ? "\n" + st.output : "")) : null,
    st.diff ? h("details", { class: "step-diff" }, h("summary", null, "The change"), diffView(st.diff, "step-diff")) : null,
    actions,
  );
}
