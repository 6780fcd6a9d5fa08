// Benchmark flight with large dependencies: validates its input with zod and
// shapes the output with lodash-es (imported whole, as a flight that reaches
// for many helpers does), about 1 MB of JavaScript once bundled.
import { input, output } from "@yoke-flight/sdk";
import * as _ from "lodash-es";
import { z } from "zod";

const Spec = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.object({ name: z.string().min(1), namespace: z.string().default("default") }),
  spec: z.object({
    replicas: z.number().int().min(0).default(1),
    image: z.string().regex(/^[\w./-]+(:[\w.-]+)?$/),
    env: z.record(z.string(), z.string()).default({}),
  }),
});

const cr = Spec.parse(input());
// Every lodash export is reachable, so esbuild keeps them all.
const helpers = Object.keys(_).length;
const labels = _.mapValues(_.pick({ app: cr.metadata.name, tier: "web", owner: "bench" }, ["app", "tier"]), _.kebabCase);
output([
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: cr.metadata.name, namespace: cr.metadata.namespace, labels, annotations: { helpers: String(helpers) } },
    spec: {
      replicas: cr.spec.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: "app", image: cr.spec.image, env: _.map(_.toPairs(cr.spec.env), ([name, value]) => ({ name, value })) }] },
      },
    },
  },
]);
