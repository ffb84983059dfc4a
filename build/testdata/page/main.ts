// Pipeline check page: start the engine worker, load the stock server,
// evaluate Default Web Site and show what came back. Reaching "ok" proves
// the worker found wasm_exec.js and the wasm through the injected names.
import { EngineClient, Superseded } from "../../../web/src/engine/client";

const status = document.getElementById("status")!;
const out = document.getElementById("out")!;

async function main() {
  const engine = new EngineClient();
  engine.onTiming = (op, ms) => (out.textContent += `${op}: ${ms.toFixed(1)} ms\n`);
  const version = await engine.ready;
  status.textContent = `engine ${version} ready`;
  const stock = (await engine.call("stock")) as { files: unknown[]; env: Record<string, string> };
  await engine.call("load", stock);
  const r = await engine.call("evaluate", { path: "Default Web Site" }, { supersede: "evaluate" });
  if (r instanceof Superseded) return;
  const res = r as { configPath: string; sections: unknown[]; diagnostics: unknown[] };
  out.textContent += `${res.configPath}: ${res.sections.length} sections, ${res.diagnostics.length} diagnostics\n`;
  const gallery = (await engine.call("samples")) as unknown[];
  out.textContent += `${gallery.length} samples\n`;
  status.textContent += " — ok";
  document.body.dataset.pipeline = "ok";
}

main().catch((err) => {
  status.textContent = `failed: ${err instanceof Error ? err.message : String(err)}`;
  document.body.dataset.pipeline = "failed";
});
