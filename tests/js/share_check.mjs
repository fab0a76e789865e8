#!/usr/bin/env node
// Share cards as a browser sees them, in Debian's headless Chromium (playwright-core).
//
//   node tests/js/share_check.mjs SITE_DIR BASE_URL PAGE...
//
// SITE_DIR is build/html; BASE_URL the site's base-url (requests to it are answered from
// SITE_DIR, so absolute og:image addresses load without a network); PAGE are paths
// relative to SITE_DIR. Each page is opened from file://; its Open Graph and Twitter
// meta tags are read from the DOM, its JSON-LD parsed, and the og:image loaded in the
// page (natural width and height). A JSON list (one object per page) goes to stdout.
// Exit status: 0 when every page could be checked, 2 when the checks could not run.

import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.BOOKLET_CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
  "--allow-file-access-from-files"];

const [site, base, ...pages] = process.argv.slice(2);
if (!site || !base || pages.length === 0) {
  console.error("usage: share_check.mjs SITE_DIR BASE_URL PAGE...");
  process.exit(2);
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const results = [];
try {
  const context = await browser.newContext();
  await context.route((url) => url.href.startsWith(base), async (route) => {
    const local = path.join(site, decodeURIComponent(route.request().url().slice(base.length)));
    try {
      await route.fulfill({ body: await readFile(local), contentType: local.endsWith(".png") ? "image/png" : "text/html" });
    } catch {
      await route.fulfill({ status: 404, body: "" });
    }
  });
  const page = await context.newPage();
  for (const name of pages) {
    await page.goto(pathToFileURL(path.join(site, name)).href, { waitUntil: "load" });
    const found = await page.evaluate(async () => {
      const meta = {};
      for (const el of document.querySelectorAll("meta[property], meta[name]")) {
        const key = el.getAttribute("property") || el.getAttribute("name");
        (meta[key] ||= []).push(el.getAttribute("content"));
      }
      const jsonld = [...document.querySelectorAll('script[type="application/ld+json"]')]
        .map((s) => JSON.parse(s.textContent));
      let image = null;
      const src = (meta["og:image"] || [])[0];
      if (src) {
        const img = new Image();
        img.src = new URL(src, document.baseURI).href;
        try {
          await img.decode();
          image = { width: img.naturalWidth, height: img.naturalHeight };
        } catch (error) {
          image = { error: String(error) };
        }
      }
      return { lang: document.documentElement.lang, title: document.title, meta, jsonld, image };
    });
    results.push({ page: name, ...found });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
