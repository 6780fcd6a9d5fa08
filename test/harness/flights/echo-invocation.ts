// Reports how it was invoked: environment, arguments and input.
import { args, env, input, output, release } from "@yoke-flight/sdk";

output([{
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "invocation" },
  data: {
    env: JSON.stringify(Object.fromEntries(["YOKE_RELEASE", "YOKE_NAMESPACE", "NAMESPACE", "YOKE_VERSION", "EXTRA"].map((k) => [k, env(k) ?? null]))),
    args: JSON.stringify(args()),
    release: release(),
    input: JSON.stringify(input({ optional: true }) ?? null),
  },
}]);
