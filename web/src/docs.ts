// docs.ts: the documentation page (docs.html). It walks through the
// lessons (samples of group "lesson", in gallery order): title, the
// explanation paragraphs, the lesson's case embedded live with the
// <iisconf-demo> element (defined by embed.ts, which docs.html loads like
// any documentation site would) and an "Open in playground" link. It is
// the proof that documentation can embed iisconf: no inline script, so it
// runs under the site's Content-Security-Policy.
import "./style.css";
import { h, replace } from "./dom";
import { formatTxtar } from "./txtar";
import { initTheme, toggleTheme } from "./theme";
import type { FileState } from "./engine/protocol";

declare const __IISCONF_SAMPLES_URL__: string;

/** One entry of samples.json (build/samplesjson.go). */
interface Lesson {
  name: string;
  title: string;
  group: string;
  order: number;
  view: string;
  section?: string;
  explanation: string[];
  files: FileState[]; // files added or changed over the stock server
  removed: string[];
  env: Record<string, string>;
  path: string;
}

async function main(): Promise<void> {
  initTheme();
  document.getElementById("theme-toggle")?.addEventListener("click", () => toggleTheme());
  const root = document.getElementById("lessons")!;
  const toc = document.getElementById("docs-toc")!;
  let lessons: Lesson[];
  try {
    const r = await fetch(new URL(__IISCONF_SAMPLES_URL__, location.href).href);
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    lessons = ((await r.json()) as Lesson[]).filter((s) => s.group === "lesson").sort((a, b) => a.order - b.order);
  } catch (e) {
    replace(root, h("p", { class: "err" }, "The lessons could not be loaded: " + (e as Error).message));
    return;
  }
  replace(toc, h("ol", null, lessons.map((l) => h("li", null, h("a", { href: "#" + l.name }, l.title)))));
  replace(root, ...lessons.map((l, i) => lesson(l, i + 1)));
  // The hash may name a lesson that did not exist before they were drawn.
  if (location.hash.length > 1) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

function lesson(l: Lesson, n: number): HTMLElement {
  const demo = document.createElement("iisconf-demo");
  demo.setAttribute("data-testid", "docs-demo");
  demo.setAttribute("data-sample", l.name);
  demo.setAttribute("path", l.path);
  demo.setAttribute("view", l.view || "effective");
  if (l.section) demo.setAttribute("section", l.section);
  // The stock server holds applicationHost.config; a lesson that brings
  // its own replaces it (embed.ts lays files over stock only without one).
  demo.setAttribute("stock", "");
  const bundle = h("script", { type: "text/plain" });
  bundle.textContent = formatTxtar({ comment: "", files: l.files, env: Object.keys(l.env).length ? l.env : undefined });
  demo.appendChild(bundle);
  const open = new URL("index.html?sample=" + encodeURIComponent(l.name), location.href).href;
  return h(
    "section",
    { class: "lesson", id: l.name, "data-sample": l.name },
    h("h2", null, h("span", { class: "muted" }, `${n}. `), l.title),
    l.explanation.map((p) => h("p", null, p)),
    l.removed.length ? h("p", { class: "muted small" }, "This lesson also deletes from the stock server: " + l.removed.join(", ") + " (open it in the playground to see that).") : null,
    demo,
    h("p", { class: "docs-open-row" }, h("a", { href: open, testid: "docs-open", "data-sample": l.name }, "Open in playground ↗"), h("span", { class: "muted small" }, ` · ${l.path}`)),
  );
}

void main();
