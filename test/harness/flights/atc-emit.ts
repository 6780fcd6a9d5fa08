// Emits what its instance asks for: spec.resources as they are, and the
// instance itself with spec.status as its status (the identity resource).
// With spec.fail, writes all that and then fails, as Go's
// flight.JSONEncodeWithError does; spec.condition is set on the status with
// setCondition first.
import { input, outputWithError, output, setCondition } from "@yoke-flight/sdk";

interface Emit {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number };
  spec: {
    resources?: object[];
    status?: Record<string, unknown>;
    condition?: { type: string; status: string; reason: string; message: string };
    fail?: string;
  };
  status?: Record<string, unknown>;
}

const instance = input<Emit>();
const identity = { ...instance, status: instance.spec.status ? { ...instance.spec.status } : undefined };
if (instance.spec.condition) setCondition(identity, instance.spec.condition);
const resources = [...(instance.spec.resources ?? []), ...(identity.status ? [identity] : [])];
if (instance.spec.fail) outputWithError(resources, new Error(instance.spec.fail));
output(resources);
