// validate_k8s.mjs MODULES_DIR < objects.json - validates Kubernetes objects
// (a JSON array, from the YAML manifests) against the OpenAPI schemas that
// the npm packages kubernetes-models and @kubernetes-models/prometheus-operator
// ship. Prints one line per object; exits 1 when any is invalid or of a kind
// with no schema.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const objects = JSON.parse(readFileSync(0, "utf8"));
const roots = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};
let bad = 0;
for (const o of objects) {
  const name = `${o.apiVersion} ${o.kind} ${o.metadata && o.metadata.name}`;
  const root = roots[o.apiVersion];
  if (!root) {
    console.log(`FAIL ${name}: no schema for this apiVersion`);
    bad++;
    continue;
  }
  try {
    const mod = await import(pathToFileURL(join(dir, root, `${o.kind}.js`)).href);
    new mod[o.kind](o).validate();
    console.log(`ok   ${name}`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.message}`);
    bad++;
  }
}
process.exit(bad ? 1 : 0);
