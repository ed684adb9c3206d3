// Loads a page in Debian's headless Chromium and returns the DOM it rendered (--dump-dom), with a few readers for
// the elements the home page marks with ids. Each load gets its own throw-away profile.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function dumpDom(url) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: apt-get install chromium (tests/run-all.sh does), or set CHROMIUM`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'rekor-chromium-'));
  try {
    const { stdout } = await promisify(execFile)(chromiumPath, [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`, '--dump-dom', url,
    ], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

const decode = (html) => html.replace(/<[^>]*>/g, '')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The inner HTML of the element with this id (the page never nests an element in one of its own tag). */
function innerHtmlById(dom, id) {
  const match = dom.match(new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`));
  if (!match) {
    throw new Error(`no element #${id} in the page:\n${dom.slice(0, 2000)}`);
  }
  return match[2];
}

/** The text inside the element with this id. */
export const textById = (dom, id) => decode(innerHtmlById(dom, id)).trim();

/** The href of every link inside the element with this id. */
export const linksIn = (dom, id) => [...innerHtmlById(dom, id).matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]);
