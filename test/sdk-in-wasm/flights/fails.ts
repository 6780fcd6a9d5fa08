// Fails the way a Go flight returning an error does: message to stderr, exit 1.
import { input } from "@yoke-flight/sdk";

interface Cr { spec?: { size?: number } }

function validate(cr: Cr): void {
  if (!cr.spec?.size) {
    throw new Error("spec.size is required");
  }
}

validate(input<Cr>());
