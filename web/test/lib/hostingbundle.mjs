// A hosting server as a support engineer would import it: the stock
// applicationHost.config with 10,000 sites and 100 pools, and 200 of the
// sites with a web.config of their own, as one bundle (txtar). Used by the
// hosting test and by the autosave test's large workspace.
import assert from "node:assert/strict";
import { APPHOST } from "./browser.mjs";

export const SITES = 10_000;
export const WITH_CONFIG = 200;
export const pad = (n) => String(n).padStart(5, "0");
export const siteName = (n) => `customer${pad(n)}.example.com`;
export const root = (n) => `D:\\Hosting\\${pad(n)}\\wwwroot`;

/** The bundle, built over the stock applicationHost.config's text (as the page holds it). */
export function hostingBundle(stockAppHost) {
  const sites = [];
  for (let n = 1; n <= SITES; n++) {
    sites.push(
      `      <site name="${siteName(n)}" id="${n + 1}">\r\n` +
        `        <application path="/" applicationPool="pool${String(n % 100).padStart(3, "0")}">\r\n` +
        `          <virtualDirectory path="/" physicalPath="${root(n)}" />\r\n` +
        `        </application>\r\n` +
        `        <bindings><binding protocol="http" bindingInformation="*:80:${siteName(n)}" /></bindings>\r\n` +
        `      </site>\r\n`,
    );
  }
  const pools = [];
  for (let p = 0; p < 100; p++) pools.push(`      <add name="pool${String(p).padStart(3, "0")}" managedRuntimeVersion="v4.0" />\r\n`);
  let ah = stockAppHost.replace(/(\s*)<siteDefaults/, (m, ws) => "\r\n" + sites.join("") + ws.replace(/^\r?\n/, "") + "<siteDefaults");
  ah = ah.replace("</applicationPools>", pools.join("") + "    </applicationPools>");
  assert.ok(ah.includes(siteName(SITES)) && ah.includes("pool099"), "sites and pools went in");
  let bundle = `-- ${APPHOST} --\n${ah}`;
  for (let n = 1; n <= WITH_CONFIG; n++) {
    bundle += `-- ${root(n)}\\web.config --\n<configuration>\n  <appSettings>\n    <add key="customer" value="${pad(n)}" />\n  </appSettings>\n</configuration>\n`;
  }
  return bundle;
}
