// sheet.ts: the styles a module loaded on demand brings with it, adopted
// by the document when the module first needs them (a constructed
// stylesheet: no <style> element, nothing inline), so the first load's CSS
// carries only what the first screen shows.
const adopted = new Set<string>();

export function adoptStyles(id: string, css: string): void {
  if (adopted.has(id)) return;
  adopted.add(id);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
