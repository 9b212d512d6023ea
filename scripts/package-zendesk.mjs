// `npm run package:zendesk`: builds the sidebar, assembles the Zendesk app package from
// manifest/ and the built sidebar, validates it offline with rules modelled on Zendesk's own
// validator (zendesk_apps_support), and writes dist/countersign-zendesk.zip.
//
//   node scripts/package-zendesk.mjs [--no-build] [--backend-host api.example.com]
//   node scripts/package-zendesk.mjs --validate <package dir or .zip>
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export const zipName = "countersign-zendesk.zip";

// ---------------------------------------------------------------------------------------------
// Zip: stored or deflated entries, no encryption, no zip64 (a sidebar package is a few hundred KB).

/** Writes a zip of `files` (path → bytes) with fixed timestamps, so equal input gives equal bytes. */
export function writeZip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const [path, data] of [...files.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const name = Buffer.from(path, "utf8");
    const compressed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Reads a zip's files (path → bytes) through its central directory. */
export function readZip(bytes) {
  const buffer = Buffer.from(bytes);
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) {
    end -= 1;
  }
  if (end < 0) {
    throw new Error("not a zip file: no end of central directory");
  }
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map();
  for (let index = 0; index < count; index += 1) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) {
      throw new Error("broken zip central directory");
    }
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localAt = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const localName = buffer.readUInt16LE(localAt + 26);
    const localExtra = buffer.readUInt16LE(localAt + 28);
    const start = localAt + 30 + localName + localExtra;
    const data = buffer.subarray(start, start + size);
    if (!name.endsWith("/")) {
      files.set(
        name,
        method === 8 ? inflateRawSync(data) : method === 0 ? Buffer.from(data) : null,
      );
      if (files.get(name) === null) {
        throw new Error(`${name}: unsupported zip compression method ${method}`);
      }
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Validation, after zendesk_apps_support's rules (lib/zendesk_apps_support/validations/*).

const frameworkVersion = "2.0";
const parameterTypes = ["text", "checkbox", "url", "number", "multiline", "hidden", "oauth"];
const secureScopes = [
  "header",
  "body",
  "url",
  "jwt_secret_key",
  "jwt_claim",
  "basic_auth_username",
  "basic_auth_password",
];
const booleanFields = [
  "private",
  "singleInstall",
  "signedUrls",
  "requirementsOnly",
  "marketingOnly",
];
const marketplaceKeys = ["short_description", "long_description", "installation_instructions"];
const requiredFiles = ["manifest.json", "assets/logo.png", "assets/logo-small.png"];
const logoSizes = { "assets/logo.png": [320, 320], "assets/logo-small.png": [128, 128] };
const screenshotSizes = ["1024x768", "2048x1536"];

/**
 * `http://` strings in bundled libraries that are identifiers or documentation links, never
 * requests: XML namespaces (React DOM, SVG icons) and links in development error messages.
 */
const harmlessHttp = [/^http:\/\/www\.w3\.org\//, /^http:\/\/fb\.me\//, /^http:\/\/mdn\.io\//];

/** Credentials that must never ship in a package (a subset of Zendesk's list, plus ours). */
const secretPatterns = [
  ["private key", /-----BEGIN (RSA |EC |DSA |OPENSSH |PGP )?PRIVATE KEY( BLOCK)?-----/],
  ["AWS access key id", /\bAKIA[0-9A-Z]{16}\b/],
  ["Slack token", /\bxox[pboa]-[0-9A-Za-z-]{10,}/],
  ["Shopify access token", /\bshp(at|ca|pa|ss)_[0-9a-fA-F]{32}\b/],
  ["Anthropic API key", /\bsk-ant-[0-9A-Za-z_-]{20,}/],
  ["GitHub token", /\bgh[pousr]_[0-9A-Za-z]{36}\b/],
  ["Zendesk API token credential", /[\w.+-]+@[\w-]+\.[\w.-]+\/token:[0-9A-Za-z]{20,}/],
  ["bearer token", /Bearer\s+(?!\{\{)[0-9A-Za-z._~+/-]{24,}/],
];

const textExtensions = /\.(json|js|mjs|html|htm|css|txt|md|svg|map)$/i;

/** Width and height from a PNG's IHDR chunk; null when the bytes are not a PNG. */
export function pngSize(bytes) {
  const buffer = Buffer.from(bytes);
  const signature = "89504e470d0a1a0a";
  if (buffer.length < 24 || buffer.subarray(0, 8).toString("hex") !== signature) {
    return null;
  }
  if (buffer.subarray(12, 16).toString("ascii") !== "IHDR") {
    return null;
  }
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readJson(files, path, errors) {
  const bytes = files.get(path);
  if (!bytes) {
    return null;
  }
  try {
    return JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    errors.push(`${path} is not valid JSON`);
    return null;
  }
}

function locationUrls(location) {
  const urls = [];
  if (!isObject(location)) {
    return urls;
  }
  for (const [product, places] of Object.entries(location)) {
    if (!isObject(places)) {
      continue;
    }
    for (const [place, value] of Object.entries(places)) {
      const where = `location.${product}.${place}`;
      if (typeof value === "string") {
        urls.push({ where, url: value });
      } else if (isObject(value)) {
        urls.push({
          where,
          url: value.url,
          flexible: value.flexible,
          hasFlexible: "flexible" in value,
        });
      } else {
        urls.push({ where, url: undefined });
      }
    }
  }
  return urls;
}

function checkLocationUrl(files, where, url, errors) {
  if (typeof url !== "string" || url === "") {
    errors.push(`${where} needs a url`);
    return;
  }
  if (/^\{\{setting\.[\w]+\}\}/.test(url) || url.startsWith("https://")) {
    return;
  }
  if (/^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(url)) {
    return;
  }
  if (/^[a-z]+:/i.test(url) || url.startsWith("/")) {
    errors.push(`${where}: ${url} must be https, localhost, or a file in assets/`);
    return;
  }
  const path = url.split(/[?#]/)[0] ?? "";
  if (!path.startsWith("assets/") || !files.has(path)) {
    errors.push(`${where}: ${path} is not a file in the package's assets/`);
  }
}

function checkParameters(parameters, errors, warnings) {
  if (parameters === undefined) {
    return;
  }
  if (!Array.isArray(parameters)) {
    errors.push("parameters must be an array");
    return;
  }
  const seen = new Set();
  let oauth = 0;
  for (const [index, parameter] of parameters.entries()) {
    const label = `parameters[${index}]`;
    if (!isObject(parameter) || typeof parameter.name !== "string" || parameter.name === "") {
      errors.push(`${label} needs a name`);
      continue;
    }
    const { name } = parameter;
    const type = parameter.type ?? "text";
    if (name === "name") {
      errors.push(`parameter "name" is reserved`);
    }
    if (seen.has(name)) {
      errors.push(`parameter ${name} is declared twice`);
    }
    seen.add(name);
    if (!parameterTypes.includes(type)) {
      errors.push(`parameter ${name} has type ${type}; allowed: ${parameterTypes.join(", ")}`);
    }
    for (const flag of ["required", "secure"]) {
      if (flag in parameter && typeof parameter[flag] !== "boolean") {
        errors.push(`parameter ${name}: ${flag} must be true or false`);
      }
    }
    if (type === "hidden" && parameter.required === true) {
      errors.push(`parameter ${name} is hidden, so it cannot be required`);
    }
    if (type === "oauth") {
      oauth += 1;
      if (parameter.secure === true) {
        errors.push(`parameter ${name}: an oauth parameter cannot be secure`);
      }
    }
    if (parameter.secure === true) {
      const scopes = parameter.scopes;
      if (!Array.isArray(scopes) || scopes.length === 0) {
        errors.push(`secure parameter ${name} needs scopes (${secureScopes.join(", ")})`);
      } else {
        for (const scope of scopes) {
          if (!secureScopes.includes(scope)) {
            errors.push(
              `parameter ${name} has scope ${scope}; allowed: ${secureScopes.join(", ")}`,
            );
          }
        }
      }
    } else if ("scopes" in parameter) {
      errors.push(`parameter ${name} has scopes but is not secure`);
    }
    if ((parameter.secure === true || type === "hidden") && "default" in parameter) {
      errors.push(`parameter ${name} is secure or hidden, so it cannot have a default`);
    }
    if (
      type === "text" &&
      parameter.secure !== true &&
      /token|key|pwd|password|secret/i.test(name)
    ) {
      errors.push(`parameter ${name} looks like a credential: make it secure`);
    }
    if (parameter.secure === true && type !== "text" && type !== "multiline") {
      warnings.push(`secure parameter ${name} has type ${type}`);
    }
  }
  if (oauth > 1) {
    errors.push("at most one oauth parameter");
  }
}

function checkTranslations(files, manifest, errors) {
  const locale = manifest.defaultLocale;
  const path = `translations/${locale}.json`;
  const translations = readJson(files, path, errors);
  if (!translations) {
    if (!errors.some((error) => error.startsWith(path))) {
      errors.push(`${path} is missing (defaultLocale is ${locale})`);
    }
    return;
  }
  const app = isObject(translations.app) ? translations.app : {};
  const text = (value) =>
    (typeof value === "string" && value.trim() !== "") ||
    (isObject(value) && typeof value.value === "string" && value.value.trim() !== "");
  if (!text(app.name)) {
    errors.push(`${path}: app.name is required`);
  }
  if (manifest.private === false) {
    for (const key of marketplaceKeys) {
      const present = text(app[key]) || (key === "short_description" && text(app.description));
      if (!present) {
        errors.push(`${path}: app.${key} is required for a public app`);
      }
    }
  }
  const labels = isObject(app.parameters) ? app.parameters : {};
  for (const parameter of Array.isArray(manifest.parameters) ? manifest.parameters : []) {
    if (!isObject(parameter) || typeof parameter.name !== "string") {
      continue;
    }
    const entry = labels[parameter.name];
    if (!isObject(entry) || !text(entry.label)) {
      errors.push(`${path}: app.parameters.${parameter.name}.label is missing`);
    }
    if (!isObject(entry) || !text(entry.helpText)) {
      errors.push(`${path}: app.parameters.${parameter.name}.helpText is missing`);
    }
  }
}

function checkImages(files, errors) {
  for (const [path, [width, height]] of Object.entries(logoSizes)) {
    const bytes = files.get(path);
    if (!bytes) {
      continue;
    }
    const size = pngSize(bytes);
    if (!size) {
      errors.push(`${path} is not a PNG`);
    } else if (size.width !== width || size.height !== height) {
      errors.push(`${path} is ${size.width}x${size.height}; it must be ${width}x${height}`);
    }
  }
  for (const [path, bytes] of files) {
    if (!/^assets\/screenshot-\d+\.png$/.test(path)) {
      continue;
    }
    const size = pngSize(bytes);
    if (!size) {
      errors.push(`${path} is not a PNG`);
    } else if (!screenshotSizes.includes(`${size.width}x${size.height}`)) {
      errors.push(`${path} is ${size.width}x${size.height}; use ${screenshotSizes.join(" or ")}`);
    }
  }
}

function checkAssets(files, errors) {
  for (const [path, bytes] of files) {
    if (!/\.(js|mjs|html?)$/i.test(path)) {
      continue;
    }
    const text = Buffer.from(bytes).toString("utf8");
    const insecure = (text.match(/http:\/\/[^\s"'`<>)\\]+/g) ?? []).filter(
      (url) => !harmlessHttp.some((pattern) => pattern.test(url)),
    );
    if (insecure.length > 0) {
      errors.push(
        `${path} has insecure http:// URLs: ${[...new Set(insecure)].slice(0, 5).join(", ")}`,
      );
    }
    if (/\.html?$/i.test(path)) {
      const base = path.slice(0, path.lastIndexOf("/") + 1);
      for (const match of text.matchAll(/\s(?:src|href)="([^"]+)"/g)) {
        const reference = match[1] ?? "";
        if (/^(https:|data:|#|\{\{)/.test(reference)) {
          continue;
        }
        if (/^(http:|\/\/|\/)/.test(reference)) {
          errors.push(`${path} loads ${reference}: reference packaged files relatively`);
          continue;
        }
        const target = join(base, reference.split(/[?#]/)[0] ?? "")
          .split(sep)
          .join("/");
        if (!files.has(target)) {
          errors.push(`${path} loads ${reference}, which is not in the package`);
        }
      }
    }
  }
  for (const [path, bytes] of files) {
    if (!textExtensions.test(path)) {
      continue;
    }
    const text = Buffer.from(bytes).toString("utf8");
    for (const [kind, pattern] of secretPatterns) {
      if (pattern.test(text)) {
        errors.push(`${path} contains what looks like a ${kind}`);
      }
    }
  }
}

/**
 * Checks a package (path → bytes) the way Zendesk's upload does, offline. Returns the errors
 * that would stop the upload (or that we treat as such) and the warnings Zendesk would show.
 */
export function validateZendeskPackage(files) {
  const errors = [];
  const warnings = [];
  for (const path of requiredFiles) {
    if (!files.has(path)) {
      errors.push(`${path} is missing`);
    }
  }
  const manifest = readJson(files, "manifest.json", errors);
  if (!isObject(manifest)) {
    if (files.has("manifest.json") && !errors.some((error) => error.startsWith("manifest.json"))) {
      errors.push("manifest.json must be an object");
    }
    return { errors, warnings };
  }
  const author = manifest.author;
  if (!isObject(author) || typeof author.name !== "string" || author.name === "") {
    errors.push("author.name is required");
  }
  if (
    !isObject(author) ||
    typeof author.email !== "string" ||
    !/^\S+@\S+\.\S+$/.test(author.email)
  ) {
    errors.push("author.email is required");
  }
  if (
    isObject(author) &&
    author.url !== undefined &&
    !/^https?:\/\/[^\s/]+/.test(String(author.url))
  ) {
    errors.push("author.url must be an http(s) URL");
  }
  if (
    typeof manifest.defaultLocale !== "string" ||
    !/^[a-z]{2,3}(-\w{2,3})?$/.test(manifest.defaultLocale)
  ) {
    errors.push("defaultLocale is required, e.g. en");
  } else {
    checkTranslations(files, manifest, errors);
  }
  if (manifest.frameworkVersion !== frameworkVersion) {
    errors.push(`frameworkVersion must be "${frameworkVersion}"`);
  }
  if (typeof manifest.version !== "string" || manifest.version === "") {
    errors.push("version is required");
  }
  for (const field of booleanFields) {
    if (field in manifest && typeof manifest[field] !== "boolean") {
      errors.push(`${field} must be true or false`);
    }
  }
  if (
    manifest.domainWhitelist !== undefined &&
    (!Array.isArray(manifest.domainWhitelist) ||
      manifest.domainWhitelist.some((domain) => typeof domain !== "string" || domain === ""))
  ) {
    errors.push("domainWhitelist must be a list of host names");
  }
  const locations = locationUrls(manifest.location);
  if (locations.length === 0) {
    errors.push("location is required, e.g. location.support.ticket_sidebar");
  }
  for (const { where, url, flexible, hasFlexible } of locations) {
    checkLocationUrl(files, where, url, errors);
    if (hasFlexible && typeof flexible !== "boolean") {
      errors.push(`${where}.flexible must be true or false`);
    }
  }
  checkParameters(manifest.parameters, errors, warnings);
  checkImages(files, errors);
  checkAssets(files, errors);
  return { errors, warnings };
}

// ---------------------------------------------------------------------------------------------
// Assembly.

function listFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...listFiles(path));
    } else if (entry.isFile()) {
      found.push(path);
    }
  }
  return found;
}

/** Reads a package directory (manifest.json at its root) into path → bytes. */
export function readPackageDir(dir) {
  const files = new Map();
  for (const path of listFiles(dir)) {
    files.set(relative(dir, path).split(sep).join("/"), readFileSync(path));
  }
  return files;
}

/**
 * The package's files: manifest.json and translations/ from manifest/, the logos and
 * screenshots from manifest/assets/, and the built sidebar under assets/ (no source maps).
 */
export function collectPackage({ root = repoRoot, backendHost } = {}) {
  const manifestDir = join(root, "manifest");
  const sidebarDist = join(root, "apps", "sidebar", "dist");
  const files = new Map();
  const manifest = JSON.parse(readFileSync(join(manifestDir, "manifest.json"), "utf8"));
  if (backendHost) {
    manifest.domainWhitelist = [backendHost];
  }
  files.set("manifest.json", Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  for (const path of listFiles(join(manifestDir, "translations"))) {
    files.set(
      `translations/${relative(join(manifestDir, "translations"), path)}`,
      readFileSync(path),
    );
  }
  for (const path of listFiles(join(manifestDir, "assets"))) {
    files.set(
      `assets/${relative(join(manifestDir, "assets"), path).split(sep).join("/")}`,
      readFileSync(path),
    );
  }
  for (const path of listFiles(sidebarDist)) {
    if (path.endsWith(".map")) {
      continue;
    }
    files.set(`assets/${relative(sidebarDist, path).split(sep).join("/")}`, readFileSync(path));
  }
  return files;
}

export function buildSidebar(root = repoRoot) {
  const result = spawnSync("npm", ["run", "build", "--workspace", "@countersign/sidebar"], {
    cwd: root,
    stdio: "inherit",
    // Vite keeps an inherited NODE_ENV (a test runner's "test"), which bundles React's
    // development build: twice the size, with jsxDEV. The package ships production.
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    throw new Error("the sidebar build failed");
  }
}

/** Builds (unless told not to), validates and writes the package; throws on a validation error. */
export function packageZendeskApp({ root = repoRoot, build = true, backendHost, outDir } = {}) {
  if (build) {
    buildSidebar(root);
  }
  const files = collectPackage({ root, backendHost });
  const { errors, warnings } = validateZendeskPackage(files);
  if (errors.length > 0) {
    throw new Error(`the Zendesk package is not valid:\n  ${errors.join("\n  ")}`);
  }
  const out = outDir ?? join(root, "dist");
  mkdirSync(out, { recursive: true });
  const zipPath = join(out, zipName);
  writeFileSync(zipPath, writeZip(files));
  return { zipPath, files, warnings };
}

function main(args) {
  const validateAt = args.indexOf("--validate");
  if (validateAt !== -1) {
    const target = resolve(args[validateAt + 1] ?? ".");
    const files = statSync(target).isDirectory()
      ? readPackageDir(target)
      : readZip(readFileSync(target));
    const { errors, warnings } = validateZendeskPackage(files);
    for (const warning of warnings) {
      process.stdout.write(`warning: ${warning}\n`);
    }
    for (const error of errors) {
      process.stderr.write(`error: ${error}\n`);
    }
    process.stdout.write(errors.length === 0 ? "valid\n" : "");
    return errors.length === 0 ? 0 : 1;
  }
  const hostAt = args.indexOf("--backend-host");
  const backendHost = hostAt === -1 ? undefined : args[hostAt + 1];
  const { zipPath, files, warnings } = packageZendeskApp({
    build: !args.includes("--no-build"),
    backendHost,
  });
  for (const warning of warnings) {
    process.stdout.write(`warning: ${warning}\n`);
  }
  process.stdout.write(`${relative(process.cwd(), zipPath)}: ${files.size} files, valid\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
