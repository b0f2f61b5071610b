#!/usr/bin/env node
// Generate raw order CSVs for the sales pipeline's bronze layer (deterministic: the same seed, the same files).
//
//   node generate-data.mjs [--orders 5000] [--days 7] [--seed 42] [--out data]
//
// Writes <out>/bronze/orders/orders-<day>.csv. About 3% of the lines are deliberately bad (empty id,
// negative or empty amount, unparseable time) and 2% repeat an earlier order, so the job has work to do.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '5000' },
    days: { type: 'string', default: '7' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'data' },
  },
});

// mulberry32: a small seeded PRNG.
let state = Number(values.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (items) => items[Math.floor(random() * items.length)];

const countries = ['DE', 'FR', 'NL', 'ES', 'IT', 'PL', 'SE'];
const orders = Number(values.orders);
const days = Number(values.days);
const start = Date.UTC(2026, 0, 1);
const dir = join(values.out, 'bronze', 'orders');
mkdirSync(dir, { recursive: true });

const byDay = Array.from({ length: days }, () => ['order_id,customer_id,country,amount,ordered_at']);
const written = [];
for (let i = 0; i < orders; i++) {
  const day = Math.floor(random() * days);
  const at = new Date(start + day * 86_400_000 + Math.floor(random() * 86_400) * 1000);
  let line = [
    `o-${String(i).padStart(7, '0')}`,
    `c-${String(Math.floor(random() * 800)).padStart(5, '0')}`,
    pick(countries),
    (5 + random() * 495).toFixed(2),
    at.toISOString().replace('.000Z', 'Z'),
  ];
  const roll = random();
  if (roll < 0.01) line[0] = '';
  else if (roll < 0.02) line[3] = (-Number(line[3])).toFixed(2);
  else if (roll < 0.025) line[3] = '';
  else if (roll < 0.03) line[4] = 'yesterday';
  else if (roll < 0.05 && written.length > 0) line = pick(written);
  written.push(line);
  byDay[day].push(line.join(','));
}
byDay.forEach((lines, day) => {
  const name = new Date(start + day * 86_400_000).toISOString().slice(0, 10);
  writeFileSync(join(dir, `orders-${name}.csv`), `${lines.join('\n')}\n`);
});
console.log(`wrote ${orders} orders over ${days} days to ${dir}/`);
