// An App provisions a Cloud SQL database through Crossplane, waits for the
// connection Secret Crossplane writes, then deploys the application with
// that Secret, and reports readiness. The ATC runs the flight again when the
// Secret appears or the Deployment changes.
import { hasCondition, input, isErrNotFound, k8s, output } from "@yoke-flight/sdk";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { ISecret } from "kubernetes-models/v1/Secret";
import type { App, CloudSQLInstance } from "./types.js";

const app = input<App>();
const name = app.metadata.name!;
const resources: object[] = [app];
const status = (msg: string) => (app.status = { msg });

function main(): void {
  // 1. The database, provisioned by Crossplane.
  const database: CloudSQLInstance = {
    apiVersion: "database.gcp.crossplane.io/v1beta1",
    kind: "CloudSQLInstance",
    metadata: { name },
    spec: {
      forProvider: {
        databaseVersion: "POSTGRES_15",
        region: app.spec.database?.region ?? "us-central1",
        settings: { tier: app.spec.database?.tier ?? "db-f1-micro" },
      },
      writeConnectionSecretToReference: { name, namespace: app.metadata.namespace! },
    },
  };
  resources.push(database);

  // 2. The connection Secret Crossplane writes once the database exists.
  let secret: ISecret;
  try {
    secret = k8s.lookup<ISecret>({
      name: database.spec.writeConnectionSecretToReference.name,
      namespace: database.spec.writeConnectionSecretToReference.namespace,
      kind: "Secret",
      apiVersion: "v1",
    });
  } catch (e) {
    if (isErrNotFound(e)) {
      status("Waiting for connection secret to be created");
      return;
    }
    throw new Error(`failed to fetch connection secret: ${(e as Error).message}`, { cause: e });
  }

  // 3. The application, reading the database credentials from the Secret.
  const deployment: IDeployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name },
    spec: {
      replicas: app.spec.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [{ name: "app", image: app.spec.image, envFrom: [{ secretRef: { name: secret.metadata!.name! } }] }],
        },
      },
    },
  };
  resources.push(deployment);

  // 4. Readiness of our own Deployment.
  let live: IDeployment | null;
  try {
    live = k8s.findResource(deployment);
  } catch (e) {
    throw new Error(`failed to lookup deployment: ${(e as Error).message}`, { cause: e });
  }
  status(hasCondition(live, "Available", "True") ? "application deployed and ready" : "waiting for application to become ready");
}

main();
output(resources);
