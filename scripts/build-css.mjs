// Bootstrap Italia's stylesheet with only the rules the platform's pages can use
// (purgecss over the templates, the Python that writes classes, our scripts and
// Bootstrap Italia's own script, which adds classes as components open and close).
// The result replaces the full file at the same static path (config/settings.py:
// build/ comes first in STATICFILES_DIRS), so its relative font and icon URLs hold.
// Run by `make assets`, again whenever a template or a script changes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PurgeCSS } from "purgecss";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = `${root}/node_modules/bootstrap-italia/dist`;
const output = `${root}/build/bootstrap-italia/css/bootstrap-italia.min.css`;

const [result] = await new PurgeCSS().purge({
  content: [
    `${root}/templates/**/*.html`,
    `${root}/manifatture/**/templates/**/*.html`,
    `${root}/manifatture/**/*.py`,
    `${root}/static/js/*.js`,
    `${dist}/js/bootstrap-italia.min.js`,
  ],
  css: [`${dist}/css/bootstrap-italia.min.css`],
  safelist: {
    // Classes templates build from variables (alert-{{ tag }}, bg-{{ colour }} …)
    // and states toggled at run time.
    standard: [
      /^(alert|bg|text|badge|btn|border|callout|chip|progress|table|form|col|row|d|g|p|m|px|py|mx|my|pt|pb|ps|pe|mt|mb|ms|me)-/,
      /^(show|showing|hiding|fade|collaps|active|disabled|is-|has-|was-|modal|dropdown|offcanvas|navbar|focus|tooltip|popover|visually|expanded|open|sticky|push-)/,
    ],
    deep: [/^it-/, /^navbar/],
    greedy: [/data-bs/, /aria-/, /data-focus/, /focus/],
  },
  variables: false,
  fontFace: false,
});
fs.mkdirSync(path.dirname(output), { recursive: true });
fs.writeFileSync(output, result.css);
const full = fs.statSync(`${dist}/css/bootstrap-italia.min.css`).size;
console.log(`bootstrap-italia.min.css: ${full} → ${result.css.length} bytes`);
