// Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time, and
// the share of time under given functions (inclusive). Usage:
//   node dist/bench/profile-summary.js <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

export function summarise(file: string, top = 25): string {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const hits = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) hits.set(p.samples[i]!, (hits.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...hits.values()].reduce((a, b) => a + b, 0);
  const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(node_modules|dist)\//, '$1/').replace(/^file:\/\//, '')}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  for (const [id, t] of hits) {
    const key = label(byId.get(id)!);
    self.set(key, (self.get(key) ?? 0) + t);
  }
  // Inclusive: time of each node's subtree, attributed once per distinct label on the stack.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const incl = new Map<string, number>();
  for (const [id, t] of hits) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const key = label(byId.get(cur)!);
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + t);
    }
  }
  const pct = (t: number) => `${((t / total) * 100).toFixed(1).padStart(5)}%`;
  const lines = [`${file}: ${(total / 1000).toFixed(0)} ms sampled`, '', 'self time:'];
  for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${pct(t)}  ${k}`);
  lines.push('', 'inclusive time:');
  for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) lines.push(`${pct(t)}  ${k}`);
  return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(summarise(process.argv[2]!, Number(process.argv[3] ?? 25)) + '\n');
}
