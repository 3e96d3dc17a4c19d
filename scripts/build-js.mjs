// Bootstrap Italia's script with only the components the platform's pages use,
// bundled by esbuild from the package's own ES modules (dist/plugins): the full
// bootstrap-italia.min.js spent about a second of a phone's processor on every
// page (Lighthouse: 52 KiB of it unused) for three components.
//
// Always in: init (TrackFocus: data-focus-mouse, so the focus ring is for the
// keyboard only) and input (a field's label moves up when the field has a value).
// Then every component a data-bs-* attribute of ours calls for: the attribute
// (data-bs-toggle="navbarcollapsible", data-bs-input, data-bs-dismiss="alert" …)
// is looked up in the plugins' sources, so a template that starts using a
// dropdown or a modal gets its component at the next `make assets`; an attribute
// no component answers stops the build.
//
// The result replaces the full file at the same static path (config/settings.py:
// build/ comes first in STATICFILES_DIRS), like scripts/build-css.mjs does for the
// stylesheet. Run by `make assets`, again whenever a template or a script changes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const plugins = `${root}/node_modules/bootstrap-italia/dist/plugins`;
const output = `${root}/build/bootstrap-italia/js/bootstrap-italia.min.js`;
const ALWAYS = ["init", "input"];

function* files(dir, pattern) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full, pattern);
    else if (pattern.test(entry.name)) yield full;
  }
}

// The data-bs-* attributes our templates, Python and scripts write.
const sources = [
  ...files(`${root}/templates`, /\.html$/),
  ...files(`${root}/manifatture`, /\.(html|py)$/),
  ...files(`${root}/static/js`, /\.js$/),
];
const wanted = new Set();
for (const file of sources) {
  const text = fs.readFileSync(file, "utf8");
  for (const [, name, value] of text.matchAll(/data-bs-([a-z-]+)(?:="([a-z-]*)")?/g)) {
    if (name === "target") continue; // read by the toggle's own component
    wanted.add(name === "toggle" || name === "dismiss" ? `${name}:${value}` : name);
  }
}

// Each attribute to the plugin that answers it.
const pluginText = Object.fromEntries(
  fs
    .readdirSync(plugins)
    .filter((name) => name.endsWith(".js"))
    .map((name) => [name.slice(0, -3), fs.readFileSync(`${plugins}/${name}`, "utf8")]),
);
const components = new Set(ALWAYS);
for (const attribute of [...wanted].sort()) {
  const [name, value] = attribute.split(":");
  const found =
    name === "dismiss"
      ? Object.keys(pluginText).filter((p) => p === value && /enableDismissTrigger/.test(pluginText[p]))
      : Object.keys(pluginText).filter((p) =>
          pluginText[p].includes(name === "toggle" ? `data-bs-toggle="${value}"` : `[data-bs-${name}`),
        );
  if (!found.length) {
    throw new Error(`No Bootstrap Italia component answers data-bs-${name}${value ? `="${value}"` : ""}`);
  }
  // A toggle some plugin only reads inside its own (accordion's collapse) belongs to the one that defines it.
  const defining = found.filter((p) => new RegExp(`SELECTOR_(DATA_)?TOGGLE = '[^']*${value ?? name}`).test(pluginText[p]));
  for (const p of defining.length ? defining : found) components.add(p);
}

const result = await esbuild.build({
  stdin: {
    // Exported as window.bootstrap.<Component>, as the full bundle does (and so that
    // esbuild keeps them: the package marks its plugins free of side effects).
    contents: [...components]
      .map((p) => {
        const name = p.replace(/(^|-)([a-z])/g, (_, __, c) => c.toUpperCase());
        return `export { default as ${name} } from ${JSON.stringify(`${plugins}/${p}.js`)};`;
      })
      .join("\n"),
    resolveDir: root,
    sourcefile: "bootstrap-italia-components.js",
  },
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "bootstrap",
  target: ["es2020"],
  legalComments: "none",
  banner: { js: "/* Bootstrap Italia (BSD-3-Clause), components: " + [...components].join(", ") + " */" },
  outfile: output,
  metafile: true,
});
const full = fs.statSync(`${root}/node_modules/bootstrap-italia/dist/js/bootstrap-italia.min.js`).size;
console.log(
  `bootstrap-italia.min.js: ${full} → ${fs.statSync(output).size} bytes (${[...components].join(", ")})`,
  result.errors.length ? result.errors : "",
);
