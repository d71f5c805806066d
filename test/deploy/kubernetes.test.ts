import { readdirSync } from "node:fs";
import path from "node:path";
import { Deployment, type IDeployment } from "kubernetes-models/apps/v1/Deployment";
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { Job, type IJob } from "kubernetes-models/batch/v1/Job";
import { Ingress, type IIngress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import {
  PodDisruptionBudget,
  type IPodDisruptionBudget,
} from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap, type IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret, type ISecret } from "kubernetes-models/v1/Secret";
import { Service, type IService } from "kubernetes-models/v1/Service";
import type { IIoK8sApiCoreV1Container as Container } from "kubernetes-models/v1/Container";
import type { IIoK8sApiCoreV1PodSpec as PodSpec } from "kubernetes-models/v1/PodSpec";
import { loadConfig } from "../../src/config";
import { documentedSettings, readYamlDocuments, repositoryRoot } from "../helpers/deploy-files";
import { startTestApp, useStarted } from "../helpers/test-app";

/**
 * deploy/kubernetes: every manifest is valid against the Kubernetes API's own schema for its
 * kind (the OpenAPI schemas compiled into the kubernetes-models package), and the manifests
 * agree with each other and with the app: probe paths it serves, settings it accepts,
 * shutdown timeouts, labels that select the right pods.
 */

const manifestsDir = "deploy/kubernetes";

/** The kinds the manifests may use, each with the model that validates it. */
const models: Record<string, new (data: never) => { validate(): void }> = {
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "batch/v1/Job": Job,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/Ingress": Ingress,
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
}

const kustomization = readYamlDocuments(`${manifestsDir}/kustomization.yaml`)[0] as { resources: string[] };
const manifests = kustomization.resources.flatMap((file) =>
  readYamlDocuments(`${manifestsDir}/${file}`).map((document) => ({ file, manifest: document as Manifest })),
);

function find<T>(kind: string, name: string): T {
  const found = manifests.filter((m) => m.manifest.kind === kind && m.manifest.metadata.name === name);
  expect(found).toHaveLength(1);
  return found[0]!.manifest as unknown as T;
}

const config = find<IConfigMap>("ConfigMap", "bazaar-config");
const secret = find<ISecret>("Secret", "bazaar-secrets");
const api = find<IDeployment>("Deployment", "bazaar-api");
const worker = find<IDeployment>("Deployment", "bazaar-worker");
const migrate = find<IJob>("Job", "bazaar-migrate");

function podSpec(workload: IDeployment | IJob): PodSpec {
  return workload.spec!.template.spec!;
}

function bazaarContainer(workload: IDeployment | IJob): Container {
  const containers = podSpec(workload).containers;
  expect(containers).toHaveLength(1);
  return containers[0]!;
}

/** What a container's process sees: the ConfigMap and Secret it loads, then its own `env`. */
function environmentOf(container: Container): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef)
      Object.assign(environment, find<IConfigMap>("ConfigMap", source.configMapRef.name!).data);
    if (source.secretRef)
      Object.assign(environment, find<ISecret>("Secret", source.secretRef.name!).stringData);
  }
  for (const variable of container.env ?? []) environment[variable.name] = variable.value!;
  return environment;
}

function matches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

test("kustomization.yaml lists every manifest in deploy/kubernetes", () => {
  const files = readdirSync(path.join(repositoryRoot, manifestsDir)).filter(
    (file) => file.endsWith(".yaml") && file !== "kustomization.yaml",
  );
  expect([...kustomization.resources].sort()).toEqual(files.sort());
});

test.each(manifests.map(({ file, manifest }) => [file, manifest.kind, manifest] as const))(
  "%s: the %s is valid against the Kubernetes API schema",
  (_file, _kind, manifest) => {
    const Model = models[`${manifest.apiVersion}/${manifest.kind}`];
    expect(Model).toBeDefined();
    expect(() => new Model!(manifest as never).validate()).not.toThrow();
  },
);

test("the ConfigMap and the Secret hold only settings documented in .env.example, and Bazaar accepts them", () => {
  const documented = documentedSettings();
  for (const container of [bazaarContainer(api), bazaarContainer(worker), bazaarContainer(migrate)]) {
    const environment = environmentOf(container);
    expect(Object.keys(environment).filter((name) => !documented.has(name))).toEqual([]);
    expect(() => loadConfig(environment)).not.toThrow();
  }
});

test("the Secret is a template: every value is a placeholder to replace", () => {
  for (const value of Object.values(secret.stringData ?? {})) expect(value).toContain("REPLACE_ME");
  expect(secret.data).toBeUndefined();
});

test("the shared secrets come from the Secret, so every pod has the same ones", () => {
  expect(Object.keys(secret.stringData ?? {})).toEqual(
    expect.arrayContaining([
      "BAZAAR_CURSOR_SECRET",
      "BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET",
      "DATABASE_URL",
      "REDIS_URL",
    ]),
  );
});

describe.each([
  ["api", api],
  ["worker", worker],
] as const)("the %s Deployment", (role, deployment) => {
  const container = bazaarContainer(deployment);
  const httpPort = container.ports?.find((port) => port.name === "http");

  test(`runs BAZAAR_ROLE=${role}`, () => {
    expect(environmentOf(container).BAZAAR_ROLE).toBe(role);
  });

  test("listens where the probes look: the container port named http is Bazaar's PORT", () => {
    expect(httpPort?.containerPort).toBe(Number(config.data!.PORT));
    expect(loadConfig(environmentOf(container)).port).toBe(httpPort?.containerPort);
  });

  test("is ready on /readyz, alive on /healthz, and gets time to migrate before liveness applies", () => {
    expect(container.readinessProbe?.httpGet).toEqual({ path: "/readyz", port: "http" });
    expect(container.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
    expect(container.startupProbe?.httpGet).toEqual({ path: "/healthz", port: "http" });
  });

  test("runs as a non-root user on a read-only root filesystem, with a writable /tmp", () => {
    const pod = podSpec(deployment);
    expect(pod.securityContext?.runAsNonRoot).toBe(true);
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    const tmp = container.volumeMounts?.find((mount) => mount.mountPath === "/tmp");
    expect(pod.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
  });

  test("requests CPU and memory and has a memory limit", () => {
    expect(container.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(container.resources?.limits?.memory).toEqual(expect.any(String));
  });

  test("is given longer to stop than the preStop pause plus Bazaar's shutdown timeout", () => {
    const preStop = container.lifecycle?.preStop?.exec?.command ?? [];
    const pauseSeconds = preStop[0] === "sleep" ? Number(preStop[1]) : 0;
    const shutdownMs = loadConfig(environmentOf(container)).shutdownTimeoutMs;
    expect(podSpec(deployment).terminationGracePeriodSeconds! * 1000).toBeGreaterThan(
      pauseSeconds * 1000 + shutdownMs,
    );
  });

  test("selects its own pods", () => {
    expect(matches(deployment.spec!.selector.matchLabels!, deployment.spec!.template.metadata?.labels)).toBe(
      true,
    );
  });
});

test("the migration Job applies the migrations with the same settings and restrictions as the pods", () => {
  const container = bazaarContainer(migrate);
  expect(container.command).toEqual(["node", "dist/db/cli/migrate.js"]);
  expect(container.envFrom).toEqual(bazaarContainer(api).envFrom);
  expect(podSpec(migrate).securityContext?.runAsNonRoot).toBe(true);
  expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
});

test("the api Service routes to the api pods only, on their http port", () => {
  const service = find<IService>("Service", "bazaar-api");
  const selector = service.spec!.selector!;
  expect(matches(selector, api.spec!.template.metadata?.labels)).toBe(true);
  expect(matches(selector, worker.spec!.template.metadata?.labels)).toBe(false);
  expect(service.spec!.ports!.map((port) => port.targetPort)).toEqual(["http"]);
});

test("the autoscaler owns the api Deployment's replica count and never goes below two pods", () => {
  const autoscaler = find<IHorizontalPodAutoscaler>("HorizontalPodAutoscaler", "bazaar-api");
  expect(autoscaler.spec!.scaleTargetRef).toEqual({
    apiVersion: "apps/v1",
    kind: "Deployment",
    name: "bazaar-api",
  });
  expect(api.spec!.replicas).toBeUndefined();
  expect(autoscaler.spec!.minReplicas).toBeGreaterThanOrEqual(2);
});

test("each disruption budget covers one Deployment's pods and still lets a node drain", () => {
  const autoscaler = find<IHorizontalPodAutoscaler>("HorizontalPodAutoscaler", "bazaar-api");
  const apiBudget = find<IPodDisruptionBudget>("PodDisruptionBudget", "bazaar-api");
  const workerBudget = find<IPodDisruptionBudget>("PodDisruptionBudget", "bazaar-worker");
  expect(matches(apiBudget.spec!.selector!.matchLabels!, api.spec!.template.metadata?.labels)).toBe(true);
  expect(matches(apiBudget.spec!.selector!.matchLabels!, worker.spec!.template.metadata?.labels)).toBe(false);
  expect(matches(workerBudget.spec!.selector!.matchLabels!, worker.spec!.template.metadata?.labels)).toBe(
    true,
  );
  expect(matches(workerBudget.spec!.selector!.matchLabels!, api.spec!.template.metadata?.labels)).toBe(false);
  expect(Number(apiBudget.spec!.minAvailable)).toBeLessThan(autoscaler.spec!.minReplicas!);
  expect(Number(workerBudget.spec!.maxUnavailable)).toBeGreaterThanOrEqual(1);
});

test("at full scale, mid-rollout, with the migration Job running, the pods stay within PostgreSQL's default 100 connections", () => {
  const autoscaler = find<IHorizontalPodAutoscaler>("HorizontalPodAutoscaler", "bazaar-api");
  const surge = (deployment: IDeployment) => Number(deployment.spec!.strategy?.rollingUpdate?.maxSurge ?? 0);
  const pods = autoscaler.spec!.maxReplicas + surge(api) + worker.spec!.replicas! + surge(worker);
  const poolSize = loadConfig(environmentOf(bazaarContainer(api))).databasePoolSize;
  // The migrate command's pool (src/db/cli/open-configured-database.ts) plus the schema engine's connection.
  const migrationConnections = 4 + 1;
  // PostgreSQL keeps 3 of its 100 for superusers.
  expect(pods * poolSize + migrationConnections).toBeLessThanOrEqual(100 - 3);
});

test("the Ingress publishes GraphQL and the payment webhooks through the api Service, and not /metrics", () => {
  const ingress = find<IIngress>("Ingress", "bazaar-api");
  const paths = ingress.spec!.rules!.flatMap((rule) => rule.http!.paths);
  expect(paths.map((p) => p.path)).toEqual(expect.arrayContaining(["/graphql", "/webhooks"]));
  expect(paths.map((p) => p.path)).not.toContain("/metrics");
  expect(paths.map((p) => p.path)).not.toContain("/");
  for (const p of paths) expect(p.backend.service).toEqual({ name: "bazaar-api", port: { name: "http" } });
});

describe("the probe paths", () => {
  const app = useStarted(() => startTestApp());

  test("are served by Bazaar with 200", async () => {
    const probePaths = new Set(
      [api, worker].flatMap((deployment) => {
        const container = bazaarContainer(deployment);
        return [container.readinessProbe, container.livenessProbe, container.startupProbe].map(
          (probe) => probe!.httpGet!.path!,
        );
      }),
    );
    for (const probePath of probePaths) {
      expect({ probePath, status: (await fetch(`${app.baseUrl}${probePath}`)).status }).toEqual({
        probePath,
        status: 200,
      });
    }
  });
});
