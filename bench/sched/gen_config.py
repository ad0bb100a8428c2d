#!/usr/bin/env python3
"""Writes a ~1 MB KubeSchedulerConfiguration for the `sched lint` benchmark: profiles (one per
tenant scheduler, as large multi-tenant clusters run them) each enabling and weighting plugins
and configuring NodeResourcesFit, PodTopologySpread and NodeAffinity args.

  gen_config.py OUT [PROFILES=1050]
"""
import sys

PROFILE = """- schedulerName: tenant-{i:05d}-scheduler
  plugins:
    multiPoint:
      enabled:
      - name: NodeResourcesFit
        weight: {w}
      - name: PodTopologySpread
        weight: 2
      disabled:
      - name: NodeResourcesBalancedAllocation
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources:
        - name: cpu
          weight: 1
        - name: memory
          weight: 1
        - name: example.com/gpu-{i}
          weight: 3
  - name: PodTopologySpread
    args:
      defaultingType: List
      defaultConstraints:
      - maxSkew: {skew}
        topologyKey: topology.kubernetes.io/zone
        whenUnsatisfiable: ScheduleAnyway
  - name: NodeAffinity
    args:
      addedAffinity:
        requiredDuringSchedulingIgnoredDuringExecution:
          nodeSelectorTerms:
          - matchExpressions:
            - key: tenant
              operator: In
              values: ["t{i}", "shared"]
"""


def main():
    out = sys.argv[1]
    profiles = int(sys.argv[2]) if len(sys.argv) > 2 else 1050
    with open(out, "w") as f:
        f.write("apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n"
                "percentageOfNodesToScore: 50\nprofiles:\n")
        for i in range(profiles):
            f.write(PROFILE.format(i=i, w=1 + i % 5, skew=1 + i % 3))


if __name__ == "__main__":
    main()
