// Validates Kubernetes manifests with the OpenAPI schema (npm kubernetes-models), as an
// independent check of what corral writes. Usage: node validate.js FILE... (multi-document YAML).
// A document holding only probes ({livenessProbe: ...}) is wrapped in a Pod first.
"use strict";
const fs = require("fs");
const yaml = require("js-yaml");

const models = {
  "v1/Pod": () => require("kubernetes-models/v1/Pod").Pod,
  "v1/PodTemplate": () => require("kubernetes-models/v1/PodTemplate").PodTemplate,
  "v1/ReplicationController": () =>
    require("kubernetes-models/v1/ReplicationController").ReplicationController,
  "v1/ConfigMap": () => require("kubernetes-models/v1/ConfigMap").ConfigMap,
  "v1/Service": () => require("kubernetes-models/v1/Service").Service,
  "apps/v1/Deployment": () => require("kubernetes-models/apps/v1/Deployment").Deployment,
  "apps/v1/StatefulSet": () => require("kubernetes-models/apps/v1/StatefulSet").StatefulSet,
  "apps/v1/DaemonSet": () => require("kubernetes-models/apps/v1/DaemonSet").DaemonSet,
  "apps/v1/ReplicaSet": () => require("kubernetes-models/apps/v1/ReplicaSet").ReplicaSet,
  "batch/v1/Job": () => require("kubernetes-models/batch/v1/Job").Job,
  "batch/v1/CronJob": () => require("kubernetes-models/batch/v1/CronJob").CronJob,
};

let failures = 0;
let checked = 0;
for (const file of process.argv.slice(2)) {
  // JSON is YAML; a kind: List (what `corral probe inject -o json` prints) is checked item by item.
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).flatMap((doc) =>
    doc && doc.kind === "List" && Array.isArray(doc.items) ? doc.items : [doc]);
  docs.forEach((doc, i) => {
    if (doc === null || doc === undefined) return;
    const where = `${file}#${i}`;
    const probeKeys = ["livenessProbe", "readinessProbe", "startupProbe"];
    if (!doc.kind && Object.keys(doc).every((k) => probeKeys.includes(k))) {
      doc = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "probe-check" },
        spec: { containers: [Object.assign({ name: "c", image: "x" }, doc)] },
      };
    }
    const key = `${doc.apiVersion}/${doc.kind}`;
    if (!models[key]) {
      console.error(`${where}: no model for ${key}`);
      failures++;
      return;
    }
    const Model = models[key]();
    try {
      new Model(doc).validate();
      checked++;
    } catch (e) {
      failures++;
      console.error(`${where}: ${key}: ${e.message}`);
    }
  });
}
console.log(`${checked} objects valid, ${failures} invalid`);
process.exit(failures === 0 && checked > 0 ? 0 : 1);
