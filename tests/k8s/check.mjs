// Validates rendered Kubernetes objects (YAML on stdin paths given as arguments) offline: each
// object against the Kubernetes API schema of its kind (kubernetes-models), then Civitas's rules:
// every workload's containers have liveness and readiness probes (native gRPC probes where the
// container serves gRPC), resource requests and limits, run as non-root on a read-only root
// filesystem; every workload is selected by a NetworkPolicy; every Deployment has a
// HorizontalPodAutoscaler and a PodDisruptionBudget. With --self-test, each rule is also shown to
// fail on a copy missing what it asks for.
import fs from 'fs';
import YAML from 'yaml';

// apiVersion -> its module of kubernetes-models (ES modules only: loaded before checking).
const schemas = new Map();
async function loadSchemas(objects) {
  for (const o of objects) {
    if (schemas.has(o.apiVersion)) continue;
    try {
      schemas.set(o.apiVersion, await import(`kubernetes-models/${o.apiVersion}`));
    } catch (e) {
      schemas.set(o.apiVersion, null);
    }
  }
}

function load(path) {
  return YAML.parseAllDocuments(fs.readFileSync(path, 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o && o.kind);
}

function schemaProblems(obj) {
  const mod = schemas.get(obj.apiVersion);
  if (!mod) {
    return [`${obj.kind}/${obj.metadata.name}: no schema for apiVersion ${obj.apiVersion}`];
  }
  const Kind = mod[obj.kind];
  if (!Kind) return [`${obj.kind}/${obj.metadata.name}: no schema for kind ${obj.kind}`];
  try {
    new Kind(obj).validate();
    return [];
  } catch (e) {
    return [`${obj.kind}/${obj.metadata.name}: ${e.message}`];
  }
}

function selects(selector, labels) {
  return Object.entries(selector.matchLabels || {}).every(([k, v]) => labels[k] === v);
}

function ruleProblems(objects) {
  const problems = [];
  const workloads = objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  for (const w of workloads) {
    const name = `${w.kind}/${w.metadata.name}`;
    const labels = w.spec.template.metadata.labels || {};
    for (const c of w.spec.template.spec.containers) {
      const serves = (c.ports || []).some((p) => p.name === 'grpc');
      for (const probe of ['livenessProbe', 'readinessProbe']) {
        if (!c[probe]) problems.push(`${name}: container ${c.name} has no ${probe}`);
        else if (serves && !c[probe].grpc) {
          problems.push(`${name}: container ${c.name}'s ${probe} is not a gRPC probe`);
        }
      }
      const r = c.resources || {};
      for (const kind of ['requests', 'limits']) {
        for (const what of ['cpu', 'memory']) {
          if (!(r[kind] && r[kind][what])) {
            problems.push(`${name}: container ${c.name} has no ${what} ${kind}`);
          }
        }
      }
      const sc = c.securityContext || {};
      if (!sc.runAsNonRoot) problems.push(`${name}: container ${c.name} may run as root`);
      if (!sc.readOnlyRootFilesystem) {
        problems.push(`${name}: container ${c.name} has a writable root filesystem`);
      }
    }
    if (!policies.some((p) => selects(p.spec.podSelector, labels))) {
      problems.push(`${name}: no NetworkPolicy selects its pods`);
    }
    if (w.kind === 'Deployment') {
      const target = (o) => o.spec.scaleTargetRef && o.spec.scaleTargetRef.name === w.metadata.name;
      if (!objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && target(o))) {
        problems.push(`${name}: no HorizontalPodAutoscaler`);
      }
      if (!objects.some((o) => o.kind === 'PodDisruptionBudget' &&
                               selects(o.spec.selector, labels))) {
        problems.push(`${name}: no PodDisruptionBudget`);
      }
    }
  }
  return problems;
}

function check(objects) {
  return objects.flatMap(schemaProblems).concat(ruleProblems(objects));
}

function selfTest(objects) {
  const copy = () => JSON.parse(JSON.stringify(objects));
  const deployment = (objs) => objs.find((o) => o.kind === 'Deployment');
  const mutations = {
    'a missing readiness probe': (objs) => {
      delete deployment(objs).spec.template.spec.containers[0].readinessProbe;
    },
    'a missing memory limit': (objs) => {
      delete deployment(objs).spec.template.spec.containers[0].resources.limits.memory;
    },
    'a missing NetworkPolicy': (objs) => {
      const name = deployment(objs).metadata.name;
      const i = objs.findIndex((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name);
      objs.splice(i, 1);
    },
    'a schema violation': (objs) => {
      deployment(objs).spec.replicas = 'two';
    },
  };
  const missed = [];
  for (const [what, mutate] of Object.entries(mutations)) {
    const objs = copy();
    mutate(objs);
    if (check(objs).length === 0) missed.push(what);
  }
  return missed;
}

const args = process.argv.slice(2);
const self = args.includes('--self-test');
let failed = false;
for (const path of args.filter((a) => a !== '--self-test')) {
  const objects = load(path);
  await loadSchemas(objects);
  const problems = check(objects);
  console.log(`${path}: ${objects.length} objects, ${problems.length} problems`);
  for (const p of problems) console.log(`  ${p}`);
  if (problems.length) failed = true;
  if (self) {
    const missed = selfTest(objects);
    for (const m of missed) console.log(`  self-test: ${m} was not caught`);
    if (missed.length) failed = true;
  }
}
process.exit(failed ? 1 : 0);
