// Flight code that must NOT type-check: each line marked `// error: TSnnnn` is
// a mistake the SDK's types catch before the flight runs (types.test.ts).
import { output, outputStages } from "@yoke-flight/sdk";

const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" } };

output([cm, "oops", 42]); // error: TS2345
output("oops"); // error: TS2345
output(42); // error: TS2345
output([[cm]]); // error: TS2345
outputStages([cm]); // error: TS2740
outputStages([[cm, "oops"]]); // error: TS2322
