// Fails in a helper, like a Go flight returning an error from run().
import { input } from "@yoke-flight/sdk";

function requireImage(spec: { image?: string }): string {
  if (!spec.image) throw new Error("spec.image is required");
  return spec.image;
}

requireImage(input<{ spec: { image?: string } }>().spec);
