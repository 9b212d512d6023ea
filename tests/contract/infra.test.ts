// No Docker engine or cluster runs here, so the deployment files are checked statically: the
// Dockerfile's stages and hardening, the compose services and the Kubernetes manifests, and
// that each points at paths, commands and names that exist in this repository.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";

const root = fileURLToPath(new URL("../../", import.meta.url));
const infra = join(root, "infra");
const read = (path: string) => readFileSync(join(root, path), "utf8");

type Doc = Record<string, unknown>;

function at(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") {
      return undefined;
    }
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Every workspace folder, from the root package.json's globs. */
function workspaceDirs(): string[] {
  const globs = (JSON.parse(read("package.json")) as { workspaces: string[] }).workspaces;
  return globs.flatMap((glob) => {
    const base = glob.replace(/\/\*$/, "");
    return readdirSync(join(root, base), { withFileTypes: true })
      .filter(
        (entry) => entry.isDirectory() && existsSync(join(root, base, entry.name, "package.json")),
      )
      .map((entry) => `${base}/${entry.name}`);
  });
}

describe("infra/Dockerfile", () => {
  const dockerfile = read("infra/Dockerfile");
  const lines = dockerfile.split("\n");
  const stages = lines.filter((line) => /^FROM\s/i.test(line));

  it("builds in stages from Node 24 slim", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      expect(stage).toMatch(/^FROM (node:24-slim|deps|build|prod-deps)\b/);
    }
    expect(stages.at(-1)).toMatch(/^FROM node:24-slim AS runtime$/);
  });

  it("runs as a user of its own, never root", () => {
    const users = lines.filter((line) => /^USER\s/.test(line)).map((line) => line.split(/\s+/)[1]);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    expect(dockerfile).toMatch(/useradd[^\n]*countersign/);
  });

  it("checks its health on /healthz and starts the server", () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD [^\n]*\/healthz/m);
    expect(dockerfile).toMatch(
      /^CMD \["node", "--import", "tsx", "apps\/server\/src\/main\.ts"\]$/m,
    );
    expect(existsSync(join(root, "apps/server/src/main.ts"))).toBe(true);
  });

  it("builds the sidebar and the local helpdesk and ships their output", () => {
    expect(dockerfile).toMatch(
      /npm run build --workspace @countersign\/sidebar --workspace @countersign\/local-helpdesk/,
    );
    expect(dockerfile).toContain("/app/apps/sidebar/dist ./apps/sidebar/dist");
    expect(dockerfile).toContain("/app/apps/local-helpdesk/dist ./apps/local-helpdesk/dist");
  });

  it("installs from the lockfile with every workspace's package.json in place", () => {
    expect(dockerfile).toMatch(/npm ci --no-audit/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    for (const dir of workspaceDirs()) {
      expect(dockerfile, dir).toContain(`COPY ${dir}/package.json ${dir}/`);
    }
  });

  it("copies only paths that exist, and ignores local build output", () => {
    for (const line of lines.filter((entry) => /^COPY (?!--from)/.test(entry))) {
      const parts = line
        .replace(/--chown=\S+\s/, "")
        .split(/\s+/)
        .slice(1, -1);
      for (const part of parts) {
        expect(existsSync(join(root, part)), line).toBe(true);
      }
    }
    const ignore = read("infra/Dockerfile.dockerignore");
    expect(ignore).toContain("**/node_modules");
    expect(ignore).toContain(".git");
  });
});

describe("infra/compose.yaml", () => {
  const compose = parse(read("infra/compose.yaml"), { merge: true }) as Doc;
  const services = compose.services as Record<string, Doc>;

  it("has PostgreSQL, a migration, the web server and a worker", () => {
    expect(Object.keys(services).sort()).toEqual(["migrate", "postgres", "web", "worker"]);
    expect(String(services.postgres?.image)).toMatch(/^postgres:\d+/);
    expect(at(services.postgres, "healthcheck", "test")).toBeDefined();
  });

  it("points web and worker at the PostgreSQL service, after the migration", () => {
    for (const name of ["web", "worker"]) {
      const service = services[name];
      expect(String(at(service, "environment", "DATABASE_URL")), name).toMatch(/@postgres:5432\//);
      expect(at(service, "depends_on", "migrate", "condition"), name).toBe(
        "service_completed_successfully",
      );
      expect(at(service, "build", "dockerfile"), name).toBe("infra/Dockerfile");
    }
    expect(at(services.migrate, "depends_on", "postgres", "condition")).toBe("service_healthy");
    expect(at(services.migrate, "command")).toEqual([
      "node",
      "--import",
      "tsx",
      "infra/migrate.ts",
    ]);
  });

  it("serves from web (jobs off) and works jobs in the worker", () => {
    expect(at(services.web, "environment", "WORKERS")).toBe("off");
    expect((at(services.web, "ports") as string[])[0]).toMatch(/:3000$/);
    expect(JSON.stringify(at(services.web, "healthcheck", "test"))).toContain("/readyz");
    expect(at(services.worker, "command")).toEqual([
      "node",
      "apps/cli/bin/countersign.js",
      "worker",
    ]);
    expect(existsSync(join(root, "apps/cli/bin/countersign.js"))).toBe(true);
  });
});

describe("infra/k8s", () => {
  const kustomization = parse(read("infra/k8s/kustomization.yaml")) as { resources: string[] };
  const docs: Doc[] = kustomization.resources.flatMap((file) =>
    parseAllDocuments(read(`infra/k8s/${file}`)).map((doc) => doc.toJSON() as Doc),
  );
  const byKind = (kind: string) => docs.filter((doc) => doc.kind === kind);
  const named = (kind: string, name: string) => {
    const doc = byKind(kind).find((candidate) => at(candidate, "metadata", "name") === name);
    expect(doc, `${kind}/${name}`).toBeDefined();
    return doc as Doc;
  };

  it("lists every manifest in the kustomization (the secret example excepted)", () => {
    const files = readdirSync(join(infra, "k8s")).filter((file) => file.endsWith(".yaml"));
    expect(
      [...kustomization.resources, "kustomization.yaml", "secret.example.yaml"].sort(),
    ).toEqual(files.sort());
    for (const doc of docs) {
      expect(doc.apiVersion).toBeTruthy();
      expect(doc.kind).toBeTruthy();
      expect(at(doc, "metadata", "name")).toBeTruthy();
    }
  });

  it("runs web and worker Deployments hardened, with config and secrets by reference", () => {
    const web = named("Deployment", "countersign-web");
    const worker = named("Deployment", "countersign-worker");
    const job = named("Job", "countersign-migrate");
    for (const workload of [web, worker, job]) {
      const pod = at(workload, "spec", "template", "spec") as Doc;
      expect(at(pod, "securityContext", "runAsNonRoot")).toBe(true);
      const container = (pod.containers as Doc[])[0] as Doc;
      expect(container.image).toBe("countersign");
      expect(at(container, "securityContext", "allowPrivilegeEscalation")).toBe(false);
      expect(at(container, "securityContext", "readOnlyRootFilesystem")).toBe(true);
      expect(at(container, "resources", "requests")).toBeDefined();
      expect(container.envFrom).toEqual([
        { configMapRef: { name: "countersign-config" } },
        { secretRef: { name: "countersign-secrets" } },
      ]);
      expect(JSON.stringify(container)).not.toMatch(/"value":"(sk-|shpat_|postgres:\/\/)/);
    }
    named("ConfigMap", "countersign-config");
    expect(byKind("Secret")).toEqual([]);
    const secretExample = parse(read("infra/k8s/secret.example.yaml")) as Doc;
    expect(at(secretExample, "metadata", "name")).toBe("countersign-secrets");
    expect(Object.keys(at(secretExample, "stringData") as Doc)).toContain("DATABASE_URL");
  });

  it("probes web on /readyz and /healthz, and keeps jobs off it", () => {
    const container = at(
      named("Deployment", "countersign-web"),
      "spec",
      "template",
      "spec",
      "containers",
      0,
    ) as Doc;
    expect(at(container, "readinessProbe", "httpGet", "path")).toBe("/readyz");
    expect(at(container, "livenessProbe", "httpGet", "path")).toBe("/healthz");
    expect(container.env).toEqual([{ name: "WORKERS", value: "off" }]);
    const worker = at(
      named("Deployment", "countersign-worker"),
      "spec",
      "template",
      "spec",
      "containers",
      0,
    ) as Doc;
    expect(worker.command).toEqual(["node", "apps/cli/bin/countersign.js", "worker"]);
    const job = at(
      named("Job", "countersign-migrate"),
      "spec",
      "template",
      "spec",
      "containers",
      0,
    ) as Doc;
    expect(job.command).toEqual(["node", "--import", "tsx", "infra/migrate.ts"]);
    expect(existsSync(join(infra, "migrate.ts"))).toBe(true);
  });

  it("routes the Service to web pods and scales web and worker with HPAs", () => {
    const web = named("Deployment", "countersign-web");
    const podLabels = at(web, "spec", "template", "metadata", "labels") as Record<string, string>;
    expect(at(web, "spec", "selector", "matchLabels")).toEqual(podLabels);
    const service = named("Service", "countersign-web");
    for (const [key, value] of Object.entries(
      at(service, "spec", "selector") as Record<string, string>,
    )) {
      expect(podLabels[key]).toBe(value);
    }
    expect(at(service, "spec", "ports", 0, "targetPort")).toBe("http");
    for (const [hpa, target] of [
      ["countersign-web", "countersign-web"],
      ["countersign-worker", "countersign-worker"],
    ] as const) {
      const doc = named("HorizontalPodAutoscaler", hpa);
      expect(at(doc, "spec", "scaleTargetRef")).toEqual({
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: target,
      });
      expect(Number(at(doc, "spec", "minReplicas"))).toBeGreaterThanOrEqual(1);
      expect(Number(at(doc, "spec", "maxReplicas"))).toBeGreaterThan(
        Number(at(doc, "spec", "minReplicas")),
      );
    }
  });

  it("sets only environment keys the server knows", () => {
    const envSource = read("apps/server/src/env.ts");
    const config = named("ConfigMap", "countersign-config");
    const secretExample = parse(read("infra/k8s/secret.example.yaml")) as Doc;
    const keys = [
      ...Object.keys(config.data as Doc),
      ...Object.keys(secretExample.stringData as Doc),
      "WORKERS",
    ];
    for (const key of keys) {
      expect(envSource, key).toMatch(new RegExp(`\\b${key}:`));
    }
  });
});
