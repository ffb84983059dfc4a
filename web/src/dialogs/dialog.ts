// dialog.ts: the one modal dialog helper, following the WAI-ARIA dialog
// (modal) pattern on the native <dialog> element:
//   - showModal() makes the rest of the page inert and traps Tab inside;
//     the element's role is dialog and it is modal (aria-modal implied);
//   - aria-labelledby names it by its title, aria-describedby by its text;
//   - focus moves to initialFocus, else the first field, else the first
//     button; Escape cancels; on close, focus returns to where it was.
// Every dialog of the playground (import, share, prompts, …) uses it.
import { h, type Child } from "../dom";

export interface DialogButton {
  label: string;
  /** What the dialog resolves to when this button closes it. */
  value: string;
  primary?: boolean;
  testid?: string;
  title?: string;
  /** Runs instead of closing the dialog (an action inside it, such as an upload). */
  act?: () => void;
}

export interface DialogOptions {
  title: string;
  /** The dialog element's data-testid. */
  testid?: string;
  /** Short text under the title, read out as the dialog's description. */
  description?: Child;
  /** The rest of the content, between the description and the buttons. */
  body?: Child[];
  /** Right-aligned buttons, in order (the last one usually primary). */
  buttons: DialogButton[];
  /** Where focus starts (default: the first field, else the first button). */
  initialFocus?: HTMLElement;
  /** Enter in a single-line text field presses this button's value. */
  enterValue?: string;
}

export interface OpenDialog {
  readonly element: HTMLDialogElement;
  /** Resolves with the value of the button that closed it, or "cancel" (Escape, close()). */
  readonly result: Promise<string>;
  /** The buttons, in the order given. */
  readonly buttons: HTMLButtonElement[];
  close(value?: string): void;
}

let next = 0;

export function openDialog(o: DialogOptions): OpenDialog {
  const n = ++next;
  const opener = document.activeElement as HTMLElement | null;
  let value = "cancel";
  const title = h("h2", { id: `dialog-title-${n}` }, o.title);
  const desc = o.description ? h("div", { class: "dialog-desc", id: `dialog-desc-${n}` }, o.description) : null;
  const close = (v = "cancel") => {
    value = v;
    if (dlg.open) dlg.close();
  };
  const buttons = o.buttons.map((b) =>
    h("button", { type: "button", class: b.primary ? "primary" : undefined, testid: b.testid, title: b.title, on: { click: () => (b.act ? b.act() : close(b.value)) } }, b.label),
  );
  const dlg = h(
    "dialog",
    { class: "dialog", testid: o.testid, "aria-labelledby": title.id, "aria-describedby": desc?.id },
    title,
    desc,
    ...(o.body ?? []),
    h("div", { class: "row end" }, buttons),
  );
  if (o.enterValue !== undefined) {
    const enter = o.enterValue;
    dlg.addEventListener("keydown", (e) => {
      const t = e.target as HTMLElement;
      if (e.key === "Enter" && t instanceof HTMLInputElement && /^(text|search|url)$/.test(t.type)) {
        e.preventDefault();
        close(enter);
      }
    });
  }
  const result = new Promise<string>((resolve) => {
    dlg.addEventListener("close", () => {
      dlg.remove();
      if (opener?.isConnected) opener.focus();
      resolve(value);
    });
  });
  document.body.appendChild(dlg);
  dlg.showModal();
  const first = o.initialFocus ?? dlg.querySelector<HTMLElement>("input:not([type=hidden]), textarea, select") ?? buttons[0];
  first?.focus();
  return { element: dlg, result, buttons, close };
}

/** Asks for one line of text; resolves null when cancelled. */
export async function askText(o: { title: string; label: string; value?: string; ok?: string; testid?: string }): Promise<string | null> {
  const input = h("input", { type: "text", class: "path-box", testid: "prompt-input", spellcheck: false, value: o.value ?? "", "aria-label": o.label });
  const d = openDialog({
    title: o.title,
    testid: o.testid ?? "prompt-dialog",
    description: o.label,
    body: [h("p", null, input)],
    buttons: [
      { label: "Cancel", value: "cancel", testid: "prompt-cancel" },
      { label: o.ok ?? "OK", value: "ok", primary: true, testid: "prompt-ok" },
    ],
    initialFocus: input,
    enterValue: "ok",
  });
  input.select();
  return (await d.result) === "ok" ? input.value : null;
}

/** Asks to confirm an action; resolves true for the confirming button. */
export async function confirmAction(o: { title: string; message: Child; ok: string; testid?: string }): Promise<boolean> {
  const d = openDialog({
    title: o.title,
    testid: o.testid ?? "confirm-dialog",
    description: o.message,
    // The least destructive choice has focus, as the pattern advises.
    buttons: [
      { label: "Cancel", value: "cancel", testid: "confirm-cancel" },
      { label: o.ok, value: "ok", primary: true, testid: "confirm-ok" },
    ],
  });
  return (await d.result) === "ok";
}
