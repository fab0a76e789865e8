#!/usr/bin/env node
// Browser checks of the built website, in Debian's headless Chromium (playwright-core).
//
//   node tests/js/site_check.mjs SITE_DIR [OPTIONS_JSON]
//
// SITE_DIR is build/html (the language chooser index.html plus one folder per language).
// OPTIONS_JSON (optional) is a JSON object:
//   {"languages": ["en", "az", ...],   default: every folder of SITE_DIR with an index.html
//    "chapter": "events",              a chapter page present in every language
//    "words": {"az": "...", ...},      search words; default: derived from the chapter text
//    "switch": ["az", "ru"]}           the switcher test goes from the first to the second
//
// The site is served by a small static server on 127.0.0.1 (ephemeral port). Checked:
//  (a) the language switcher on <from>/<chapter>.html leads to <to>/<chapter>.html with
//      <html lang="<to>">, over HTTP and from file://;
//  (b) no console error, page error, failed request or HTTP error status on any visited page;
//  (c) axe-core: no serious or critical violation on the chooser, and on the title page,
//      a chapter, search.html?q=... and genindex.html of every language, in the light and the
//      dark colour scheme;
//  (d) search.html?q=<word> gives at least one result in every language;
//  (e) no horizontal scrolling at a 320 CSS px wide viewport.
// A JSON summary goes to stdout, details of every failure to stderr. Exit status: 0 when
// every check passed, 1 when one failed, 2 when the checks could not run.

import { createServer } from "node:http";
import { readFile, stat, readdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE = path.join(HERE, "node_modules", "axe-core", "axe.min.js");
const CHROMIUM = process.env.BOOKLET_CHROMIUM || "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
const TIMEOUT = 20000;
// Requests a browser makes by itself, not asked for by any page: a missing one is no fault.
const IMPLICIT = /^https?:\/\/127\.0\.0\.1:\d+\/favicon\.ico$/;

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".xml": "application/xml",
  ".pdf": "application/pdf",
  ".epub": "application/epub+zip",
};

function fail(message) {
  process.stderr.write(`site_check: ${message}\n`);
  process.exit(2);
}

/** A static file server for *root* on 127.0.0.1, on a port the system picks. */
async function serve(root) {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, "http://127.0.0.1");
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(root, "." + rel);
      if (file !== root && !file.startsWith(root + path.sep)) {
        res.writeHead(403).end("forbidden");
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": MIME[path.extname(file).toLowerCase()] || "application/octet-stream",
        "content-length": body.length,
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return server;
}

/** The most frequent long word of *text* (letters only), as a search word. */
function pickWord(text, lang) {
  const counts = new Map();
  for (const raw of text.split(/[^\p{Letter}]+/u)) {
    const word = raw.toLocaleLowerCase(lang);
    if ([...word].length < 6) continue;
    counts.set(word, (counts.get(word) || 0) + 1);
  }
  let best = null;
  for (const [word, count] of counts) {
    if (!best || count > best[1] || (count === best[1] && word < best[0])) best = [word, count];
  }
  return best ? best[0] : null;
}

async function main() {
  const [siteArg, optionsArg] = process.argv.slice(2);
  if (!siteArg) fail("usage: node site_check.mjs SITE_DIR [OPTIONS_JSON]");
  const root = path.resolve(siteArg);
  if (!existsSync(path.join(root, "index.html"))) fail(`${root}/index.html not found: build the site first`);
  if (!existsSync(AXE)) fail(`${AXE} not found: run .ci/run (npm install in tests/js)`);
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} not found: run .ci/run (apt-get install chromium)`);
  let options = {};
  if (optionsArg) {
    try {
      options = JSON.parse(optionsArg);
    } catch (err) {
      fail(`OPTIONS_JSON is not JSON: ${err.message}`);
    }
  }
  let languages = options.languages;
  if (!languages) {
    languages = [];
    for (const entry of (await readdir(root, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !entry.name.startsWith("_") && existsSync(path.join(root, entry.name, "index.html"))) {
        languages.push(entry.name);
      }
    }
  }
  if (!languages.length) fail(`no language folders in ${root}`);
  const chapter = options.chapter || "events";
  const [fromLang, toLang] = options.switch || (languages.includes("az") && languages.includes("ru")
    ? ["az", "ru"] : [languages[0], languages[languages.length > 1 ? 1 : 0]]);
  const axeSource = await readFile(AXE, "utf-8");

  const failures = [];
  const summary = {
    site: root,
    languages,
    chapter,
    pages: [],
    switcher: {},
    search: {},
    axe: { pages: 0, serious: 0, critical: 0 },
    failures,
    ignored: [],
  };
  const problem = (check, where, message) => failures.push({ check, where, message });

  const server = await serve(root);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60000,
  });

  try {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    context.setDefaultTimeout(TIMEOUT);

    // Every page opened in this context reports its errors against the URL it shows.
    const watch = (page) => {
      page.on("console", (msg) => {
        if (msg.type() !== "error") return;
        const source = msg.location()?.url || "";
        if (IMPLICIT.test(source)) {
          summary.ignored.push(`${page.url()}: ${source}: ${msg.text()}`);
          return;
        }
        problem("console", page.url(), source ? `${msg.text()} (${source})` : msg.text());
      });
      page.on("pageerror", (err) => problem("pageerror", page.url(), String(err)));
      page.on("requestfailed", (req) => {
        problem("request", page.url(), `${req.url()}: ${req.failure()?.errorText || "failed"}`);
      });
      page.on("response", (res) => {
        if (res.status() >= 400 && !IMPLICIT.test(res.url())) problem("request", page.url(), `${res.url()}: HTTP ${res.status()}`);
      });
    };
    context.on("page", watch);
    const page = await context.newPage();

    const visit = async (url) => {
      const response = await page.goto(url, { waitUntil: "load" });
      if (response && !response.ok()) problem("request", url, `HTTP ${response.status()}`);
      summary.pages.push(url.replace(origin, ""));
    };

    const axeCheck = async (label) => {
      for (const scheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme: scheme });
        if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
          await page.addScriptTag({ content: axeSource });
        }
        const violations = await page.evaluate(async () => {
          const result = await window.axe.run(document, { resultTypes: ["violations"] });
          return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
          }));
        });
        summary.axe.pages += 1;
        for (const v of violations) {
          if (v.impact !== "serious" && v.impact !== "critical") continue;
          summary.axe[v.impact] += 1;
          const nodes = v.nodes.map((n) => `${n.target}: ${n.summary}`).join("\n      ");
          problem("axe", `${label} (${scheme})`, `${v.impact} ${v.id}: ${v.help}\n      ${nodes}`);
        }
      }
      await page.emulateMedia({ colorScheme: "light" });
    };

    const noHorizontalScroll = async (label) => {
      await page.setViewportSize({ width: 320, height: 640 });
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      if (widths.scroll > widths.client) {
        problem("layout", label, `horizontal scrolling at 320px: content is ${widths.scroll}px wide`);
      }
      await page.setViewportSize({ width: 1024, height: 800 });
    };

    // The language chooser.
    await visit(`${origin}/index.html`);
    await axeCheck("/index.html");
    await noHorizontalScroll("/index.html");

    // (a) the same-page switcher, over HTTP.
    {
      await visit(`${origin}/${fromLang}/${chapter}.html`);
      const link = page.locator(`nav.language-switcher a[hreflang="${toLang}"]`);
      if ((await link.count()) !== 1) {
        problem("switcher", `/${fromLang}/${chapter}.html`, `expected one nav.language-switcher a[hreflang="${toLang}"], found ${await link.count()}`);
      } else {
        await Promise.all([page.waitForNavigation({ waitUntil: "load" }), link.click()]);
        const url = new URL(page.url());
        const htmlLang = await page.getAttribute("html", "lang");
        summary.switcher.http = { from: `/${fromLang}/${chapter}.html`, to: url.pathname, lang: htmlLang };
        if (url.pathname !== `/${toLang}/${chapter}.html`) problem("switcher", "http", `landed on ${url.pathname}, expected /${toLang}/${chapter}.html`);
        if (htmlLang !== toLang) problem("switcher", "http", `<html lang="${htmlLang}">, expected "${toLang}"`);
      }
    }

    // (c), (d), (e) per language.
    for (const lang of languages) {
      await visit(`${origin}/${lang}/index.html`);
      await axeCheck(`/${lang}/index.html`);
      await noHorizontalScroll(`/${lang}/index.html`);

      await visit(`${origin}/${lang}/${chapter}.html`);
      await axeCheck(`/${lang}/${chapter}.html`);
      await noHorizontalScroll(`/${lang}/${chapter}.html`);
      const mainText = await page.evaluate(() => (document.querySelector("main, [role=main]") || document.body).innerText);
      const word = (options.words && options.words[lang]) || pickWord(mainText, lang);
      if (!word) {
        problem("search", lang, `no search word: the chapter ${chapter} has no word of six letters`);
      } else {
        await visit(`${origin}/${lang}/search.html?q=${encodeURIComponent(word)}`);
        let count = 0;
        try {
          // Sphinx's search script stops its "..." pulse when it has listed every result.
          await page.waitForFunction(
            () => typeof Search !== "undefined" && Search._pulse_status === -1
              && document.querySelector("#search-results .search-summary") !== null,
            null,
            { timeout: TIMEOUT },
          );
          count = await page.locator("#search-results ul.search > li").count();
          const status = await page.locator("#search-results .search-summary").innerText();
          const where = `/${lang}/search.html?q=${word}`;
          if (!status.trim()) problem("search", where, "the search finished with an empty status message (untranslated 'Search finished, found ...')");
          if (lang !== "en") {
            // The texts the search script writes come from translations.js.
            const heading = await page.locator("#search-results h2").first().innerText();
            for (const text of [heading, status]) {
              if (/^(Search Results|Searching|Search finished|Your search did not match)/.test(text.trim())) {
                problem("search", where, `English text from the search script: "${text.trim()}"`);
              }
            }
          }
        } catch (err) {
          problem("search", `/${lang}/search.html?q=${word}`, `the search did not finish: ${err.message.split("\n")[0]}`);
        }
        summary.search[lang] = { word, results: count };
        if (count < 1) problem("search", `/${lang}/search.html?q=${word}`, `no result for "${word}"`);
        await axeCheck(`/${lang}/search.html?q=${word}`);
        await noHorizontalScroll(`/${lang}/search.html`);
        if (count > 0) {
          // The first result opens a page of the same language, with the word highlighted.
          const href = await page.locator("#search-results ul.search > li a").first().getAttribute("href");
          const resultUrl = new URL(href, page.url()).href;
          await visit(resultUrl);
          const resultLang = await page.getAttribute("html", "lang");
          if (resultLang !== lang) problem("search", resultUrl, `a result of the ${lang} search has <html lang="${resultLang}">`);
          await axeCheck(resultUrl.replace(origin, ""));
        }
      }

      await visit(`${origin}/${lang}/genindex.html`);
      await axeCheck(`/${lang}/genindex.html`);
      await noHorizontalScroll(`/${lang}/genindex.html`);
    }

    // (a) again from file://, as a reader who opened the folder does.
    {
      const start = pathToFileURL(path.join(root, fromLang, `${chapter}.html`)).href;
      await visit(start);
      const link = page.locator(`nav.language-switcher a[hreflang="${toLang}"]`);
      if ((await link.count()) !== 1) {
        problem("switcher", start, `expected one nav.language-switcher a[hreflang="${toLang}"], found ${await link.count()}`);
      } else {
        await Promise.all([page.waitForNavigation({ waitUntil: "load" }), link.click()]);
        const expected = pathToFileURL(path.join(root, toLang, `${chapter}.html`)).href;
        const htmlLang = await page.getAttribute("html", "lang");
        summary.switcher.file = { from: start, to: page.url(), lang: htmlLang };
        if (page.url() !== expected) problem("switcher", "file", `landed on ${page.url()}, expected ${expected}`);
        if (htmlLang !== toLang) problem("switcher", "file", `<html lang="${htmlLang}">, expected "${toLang}"`);
      }
    }
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }

  summary.ok = failures.length === 0;
  for (const f of failures) process.stderr.write(`FAIL [${f.check}] ${f.where}: ${f.message}\n`);
  process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  process.exit(summary.ok ? 0 : 1);
}

main().catch((err) => {
  process.stderr.write(`site_check: ${err.stack || err}\n`);
  process.exit(2);
});
