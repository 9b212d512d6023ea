import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildSidebar,
  type PackageFiles,
  packageZendeskApp,
  pngSize,
  readZip,
  validateZendeskPackage,
  writeZip,
} from "../../scripts/package-zendesk.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
let outDir: string;
let built: PackageFiles;

beforeAll(() => {
  if (!existsSync(join(root, "apps", "sidebar", "dist", "index.html"))) {
    buildSidebar(root);
  }
  outDir = mkdtempSync(join(tmpdir(), "countersign-zendesk-"));
  const { zipPath } = packageZendeskApp({ root, build: false, outDir });
  built = readZip(readFileSync(zipPath));
});

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString();

type Json = Record<string, unknown>;

function manifestOf(files: PackageFiles): Json & { parameters: Json[] } {
  return JSON.parse(text(files.get("manifest.json"))) as Json & { parameters: Json[] };
}

function copy(files: PackageFiles): PackageFiles {
  return new Map([...files].map(([path, bytes]) => [path, Uint8Array.from(bytes)]));
}

function withManifest(change: (manifest: Json & { parameters: Json[] }) => void) {
  return (files: PackageFiles) => {
    const manifest = manifestOf(files);
    change(manifest);
    files.set("manifest.json", Buffer.from(JSON.stringify(manifest)));
  };
}

function withTranslations(change: (app: Json & { parameters: Record<string, Json> }) => void) {
  return (files: PackageFiles) => {
    const translations = JSON.parse(text(files.get("translations/en.json"))) as {
      app: Json & { parameters: Record<string, Json> };
    };
    change(translations.app);
    files.set("translations/en.json", Buffer.from(JSON.stringify(translations)));
  };
}

function parameter(manifest: { parameters: Json[] }, name: string): Json {
  const found = manifest.parameters.find((candidate) => candidate.name === name);
  if (!found) {
    throw new Error(`no parameter ${name}`);
  }
  return found;
}

/** The module script the sidebar's index.html loads (other pages share chunks with it). */
function sidebarScript(files: PackageFiles): string {
  const html = text(files.get("assets/index.html"));
  const entry = /<script type="module"[^>]*\ssrc="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  if (!entry || !files.has(`assets/${entry}`)) {
    throw new Error("no sidebar script in the package");
  }
  return `assets/${entry}`;
}

/** Every script the sidebar's index.html loads: its entry and the chunks it preloads. */
function sidebarBundle(files: PackageFiles): string {
  const html = text(files.get("assets/index.html"));
  const scripts = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map(
    (match) => `assets/${match[1]}`,
  );
  return scripts.map((path) => text(files.get(path))).join("\n");
}

describe("the built Zendesk package", () => {
  it("passes every offline rule", () => {
    expect(validateZendeskPackage(built).errors).toEqual([]);
  });

  it("holds the manifest, translations, logos and the built sidebar, without source maps", () => {
    const paths = [...built.keys()];
    for (const required of [
      "manifest.json",
      "translations/en.json",
      "assets/logo.png",
      "assets/logo-small.png",
      "assets/index.html",
    ]) {
      expect(paths).toContain(required);
    }
    expect(paths.filter((path) => path.endsWith(".map"))).toEqual([]);
    expect(pngSize(built.get("assets/logo.png") ?? new Uint8Array())).toEqual({
      width: 320,
      height: 320,
    });
    expect(pngSize(built.get("assets/logo-small.png") ?? new Uint8Array())).toEqual({
      width: 128,
      height: 128,
    });
  });

  it("ships React's production build, even when built from a test run", () => {
    const scripts = [...built].filter(([path]) => path.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const development = scripts
      .filter(([, bytes]) => text(bytes).includes("jsxDEV"))
      .map(([path]) => path);
    expect(development, "a development build: rebuild with npm run build").toEqual([]);
  });

  it("points the ticket sidebar at the built index.html, which loads the packaged bundle", () => {
    const manifest = manifestOf(built);
    expect(manifest).toMatchObject({
      frameworkVersion: "2.0",
      defaultLocale: "en",
      private: false,
      location: { support: { ticket_sidebar: { url: "assets/index.html", flexible: true } } },
    });
    const html = text(built.get("assets/index.html"));
    const script = sidebarScript(built).replace(/^assets\//, "./");
    expect(html).toContain(`src="${script}"`);
  });

  it("declares the settings the sidebar and server rely on", () => {
    const manifest = manifestOf(built);
    expect(manifest.parameters.map((entry) => [entry.name, entry.type ?? "text"])).toEqual([
      ["backend_url", "url"],
      ["shared_secret", "text"],
      ["lead_roles", "text"],
      ["escalation_group", "text"],
    ]);
    expect(parameter(manifest, "shared_secret")).toMatchObject({
      secure: true,
      required: true,
      scopes: ["jwt_secret_key"],
    });
    expect(parameter(manifest, "shared_secret")).not.toHaveProperty("default");
    expect(parameter(manifest, "backend_url")).toMatchObject({ required: true });
    expect(parameter(manifest, "lead_roles")).toMatchObject({ default: "admin" });
    const bundle = sidebarBundle(built);
    expect(bundle).toContain("{{setting.shared_secret}}");
    expect(bundle).toContain("backend_url");
    expect(bundle).toContain("{{jwt.token}}");
  });

  it("writes a zip that reads back to the same files", () => {
    const again = readZip(writeZip(built));
    expect([...again.keys()].sort()).toEqual([...built.keys()].sort());
    for (const [path, bytes] of built) {
      expect(Buffer.compare(Buffer.from(again.get(path) ?? []), Buffer.from(bytes))).toBe(0);
    }
  });

  it("puts the backend host it is packaged for in the domain whitelist", () => {
    const target = mkdtempSync(join(tmpdir(), "countersign-zendesk-host-"));
    try {
      const { files } = packageZendeskApp({
        root,
        build: false,
        outDir: target,
        backendHost: "support-api.example.com",
      });
      expect(manifestOf(files).domainWhitelist).toEqual(["support-api.example.com"]);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});

const fakeShopifyToken = ["shp", "at_", "0123456789abcdef".repeat(2)].join("");

const broken: [string, (files: PackageFiles) => void, string][] = [
  ["no manifest.json", (files) => files.delete("manifest.json"), "manifest.json is missing"],
  [
    "manifest.json is not JSON",
    (files) => files.set("manifest.json", Buffer.from("{")),
    "not valid JSON",
  ],
  [
    "no translations for the default locale",
    (files) => files.delete("translations/en.json"),
    "translations/en.json is missing",
  ],
  ["no logo", (files) => files.delete("assets/logo.png"), "assets/logo.png is missing"],
  [
    "no small logo",
    (files) => files.delete("assets/logo-small.png"),
    "assets/logo-small.png is missing",
  ],
  [
    "author without email",
    withManifest((m) => {
      m.author = { name: "X" };
    }),
    "author.email",
  ],
  [
    "author with a bad url",
    withManifest((m) => {
      m.author = { name: "X", email: "x@y.co", url: "ftp:x" };
    }),
    "author.url",
  ],
  [
    "bad defaultLocale",
    withManifest((m) => {
      m.defaultLocale = "English";
    }),
    "defaultLocale",
  ],
  [
    "old frameworkVersion",
    withManifest((m) => {
      m.frameworkVersion = "1.0";
    }),
    "frameworkVersion",
  ],
  [
    "no version",
    withManifest((m) => {
      delete m.version;
    }),
    "version is required",
  ],
  [
    "no location",
    withManifest((m) => {
      delete m.location;
    }),
    "location is required",
  ],
  [
    "location url missing from the package",
    withManifest((m) => {
      m.location = { support: { ticket_sidebar: { url: "assets/iframe.html", flexible: true } } };
    }),
    "not a file in the package",
  ],
  [
    "location url over plain http",
    withManifest((m) => {
      m.location = { support: { ticket_sidebar: "http://app.example.com/" } };
    }),
    "must be https",
  ],
  [
    "flexible not a boolean",
    withManifest((m) => {
      m.location = { support: { ticket_sidebar: { url: "assets/index.html", flexible: "yes" } } };
    }),
    "flexible must be true or false",
  ],
  [
    "private not a boolean",
    withManifest((m) => {
      m.private = "false";
    }),
    "private must be true or false",
  ],
  [
    "domainWhitelist not a list",
    withManifest((m) => {
      m.domainWhitelist = "api.example.com";
    }),
    "domainWhitelist",
  ],
  [
    "unknown parameter type",
    withManifest((m) => {
      parameter(m, "lead_roles").type = "password";
    }),
    "has type password",
  ],
  [
    "secure parameter without scopes",
    withManifest((m) => {
      delete parameter(m, "shared_secret").scopes;
    }),
    "needs scopes",
  ],
  [
    "secure parameter with an unknown scope",
    withManifest((m) => {
      parameter(m, "shared_secret").scopes = ["cookie"];
    }),
    "has scope cookie",
  ],
  [
    "secure parameter with a default",
    withManifest((m) => {
      parameter(m, "shared_secret").default = "abc";
    }),
    "cannot have a default",
  ],
  [
    "scopes on a parameter that is not secure",
    withManifest((m) => {
      parameter(m, "lead_roles").scopes = ["header"];
    }),
    "not secure",
  ],
  [
    "hidden parameter that is required",
    withManifest((m) => {
      m.parameters.push({ name: "h", type: "hidden", required: true });
    }),
    "cannot be required",
  ],
  [
    "required not a boolean",
    withManifest((m) => {
      parameter(m, "backend_url").required = "yes";
    }),
    "required must be true or false",
  ],
  [
    "two parameters with one name",
    withManifest((m) => {
      m.parameters.push({ name: "lead_roles", type: "text" });
    }),
    "declared twice",
  ],
  [
    "a parameter called name",
    withManifest((m) => {
      m.parameters.push({ name: "name", type: "text" });
    }),
    "reserved",
  ],
  [
    "a credential in a plain text parameter",
    withManifest((m) => {
      m.parameters.push({ name: "api_token", type: "text" });
    }),
    "make it secure",
  ],
  [
    "an oauth parameter that is secure",
    withManifest((m) => {
      m.parameters.push({ name: "token", type: "oauth", secure: true, scopes: ["header"] });
    }),
    "oauth parameter cannot be secure",
  ],
  [
    "a parameter without a label",
    withTranslations((app) => {
      delete app.parameters.backend_url?.label;
    }),
    "backend_url.label",
  ],
  [
    "a parameter without help text",
    withTranslations((app) => {
      delete app.parameters.escalation_group?.helpText;
    }),
    "escalation_group.helpText",
  ],
  [
    "no app name",
    withTranslations((app) => {
      delete app.name;
    }),
    "app.name",
  ],
  [
    "public app without a long description",
    withTranslations((app) => {
      delete app.long_description;
    }),
    "app.long_description",
  ],
  [
    "public app without installation instructions",
    withTranslations((app) => {
      app.installation_instructions = " ";
    }),
    "app.installation_instructions",
  ],
  [
    "a logo of the wrong size",
    (files) =>
      files.set("assets/logo.png", Uint8Array.from(files.get("assets/logo-small.png") ?? [])),
    "must be 320x320",
  ],
  [
    "a logo that is not a PNG",
    (files) => files.set("assets/logo-small.png", Buffer.from("GIF89a")),
    "not a PNG",
  ],
  [
    "a screenshot of the wrong size",
    (files) =>
      files.set("assets/screenshot-0.png", Uint8Array.from(files.get("assets/logo.png") ?? [])),
    "screenshot-0.png is 320x320",
  ],
  [
    "an http:// request in the bundle",
    (files) => {
      const path = sidebarScript(files);
      files.set(
        path,
        Buffer.concat([
          Buffer.from(files.get(path) ?? []),
          Buffer.from('fetch("http://api.example.com/x");'),
        ]),
      );
    },
    "insecure http:// URLs: http://api.example.com/x",
  ],
  [
    "an http:// script in index.html",
    (files) =>
      files.set(
        "assets/index.html",
        Buffer.from('<script src="http://cdn.example.com/a.js"></script>'),
      ),
    "insecure http://",
  ],
  [
    "index.html loading a file the package lacks",
    (files) =>
      files.set(
        "assets/index.html",
        Buffer.from('<script type="module" src="./assets/gone.js"></script>'),
      ),
    "which is not in the package",
  ],
  [
    "index.html loading from the server root",
    (files) =>
      files.set("assets/index.html", Buffer.from('<link rel="stylesheet" href="/main.css">')),
    "reference packaged files relatively",
  ],
  [
    "a store token in the bundle",
    (files) => {
      const path = sidebarScript(files);
      files.set(
        path,
        Buffer.concat([
          Buffer.from(files.get(path) ?? []),
          Buffer.from(`const t="${fakeShopifyToken}";`),
        ]),
      );
    },
    "Shopify access token",
  ],
  [
    "a private key in a text file",
    (files) =>
      files.set("assets/key.txt", Buffer.from(["-----BEGIN", "PRIVATE KEY-----"].join(" "))),
    "private key",
  ],
];

describe("each offline rule", () => {
  it.each(broken)("fails a package with %s", (_name, breakIt, expected) => {
    const files = copy(built);
    expect(validateZendeskPackage(files).errors).toEqual([]);
    breakIt(files);
    const { errors } = validateZendeskPackage(files);
    expect(errors.join("\n")).toContain(expected);
  });
});
