/**
 * Reference model families from `../shared/catalog/*.csv`, turned into planning-problem
 * families. Every figure the catalog does not publish is estimated here, and each estimate is
 * listed in `CATALOG_ASSUMPTIONS` so the benchmark output states it.
 */
import { readFileSync } from 'node:fs';
import type { PlanningProblem } from '../../solver/wire.ts';

type Family = PlanningProblem['families'][number];

export const CATALOG_DIR = new URL('../../../shared/catalog/', import.meta.url);

export const CATALOG_ASSUMPTIONS = [
  'accuracy = published top-1 (torchvision, ImageNet-1K) or box mAP@0.5:0.95 (YOLOv8, COCO), divided by 100',
  'memoryMiB = published checkpoint size file_size_mb (torchvision MB are MiB per the catalog README); runtime overhead (activations, workspace) is not added',
  'YOLOv8 has no published file size: memoryMiB = params_m * 1e6 * 4 bytes / 2^20 (float32 weights)',
  'loadMs = 20 + 4 * memoryMiB (about 250 MiB/s from local disk into an ONNX session); an estimate, not a measurement',
  'latency p50 = 2 + 8 * gflops ms (about 125 GFLOP/s effective CPU throughput), p99 = 1.5 * p50; an estimate, not a measurement',
];

export function loadCatalogFamilies(dir: URL = CATALOG_DIR): Family[] {
  const families = new Map<string, Family['variants']>();
  const add = (family: string, variant: Family['variants'][number]) => {
    const list = families.get(family) ?? [];
    list.push(variant);
    families.set(family, list);
  };
  for (const row of readCsv(new URL('torchvision-imagenet.csv', dir))) {
    add(
      row.family ?? '',
      variantOf(row.variant, Number(row.acc1) / 100, Number(row.file_size_mb), Number(row.gflops)),
    );
  }
  for (const row of readCsv(new URL('ultralytics-yolov8-coco.csv', dir))) {
    const memoryMiB = (Number(row.params_m) * 1e6 * 4) / 2 ** 20;
    add(
      row.family ?? '',
      variantOf(row.variant, Number(row.map50_95) / 100, memoryMiB, Number(row.gflops)),
    );
  }
  return [...families].map(([id, variants]) => ({
    id: id.toLowerCase(),
    variants: [...variants].sort((x, y) => x.memoryMiB - y.memoryMiB),
  }));
}

function variantOf(id: string | undefined, accuracy: number, memoryMiB: number, gflops: number) {
  const p50 = round(2 + 8 * gflops);
  return {
    id: (id ?? '').toLowerCase().replaceAll('_', '-'),
    accuracy,
    memoryMiB: round(memoryMiB),
    loadMs: round(20 + 4 * memoryMiB),
    latencyMs: { p50, p99: round(1.5 * p50) },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function readCsv(url: URL): Record<string, string>[] {
  const [header, ...lines] = readFileSync(url, 'utf8').trim().split('\n');
  const names = (header ?? '').split(',');
  return lines.map((line) =>
    Object.fromEntries(line.split(',').map((cell, i) => [names[i] ?? '', cell])),
  );
}
