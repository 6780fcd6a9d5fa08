// A Deployment and a Service for each Backend, and the Deployment's
// readiness in the Backend's status.
import { hasCondition, input, isErrClusterAccessNotGranted, k8s, output } from "@yoke-flight/sdk";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IService } from "kubernetes-models/v1/Service";
import type { Backend } from "./types.js";

const backend = input<Backend>();
const name = backend.metadata.name!;
const labels = { app: name };
const port = backend.spec.port ?? 8080;

const deployment: IDeployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas: backend.spec.replicas ?? 1,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: "backend", image: backend.spec.image, ports: [{ containerPort: port }] }] },
    },
  },
};

const service: IService = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name },
  spec: { selector: labels, ports: [{ port: 80, targetPort: port }] },
};

// Reading the live Deployment needs cluster access, which the Airway grants;
// `yoke takeoff` without --cluster-access does not, and then the status says so.
let ready = false;
try {
  ready = hasCondition(k8s.findResource(deployment), "Available", "True");
} catch (e) {
  if (!isErrClusterAccessNotGranted(e)) throw e;
}
backend.status = { msg: ready ? "ready" : "waiting for the deployment to become available" };

output([backend, deployment, service]);
