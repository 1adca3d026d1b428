// Scores token ids with an exported Streamtune model in ONNX Runtime for Node.js.
// Usage: node score.mjs <dir with model.onnx and labels.json> <batches.json>
// batches.json: [{"batch": B, "length": L, "ids": [...], "mask": [...], "types": [...]}, ...] (row-major int64)
// Prints JSON: [{"probabilities": [[...], ...], "labels": ["spam", ...]}, ...], one entry per batch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';

const [dir, batchesFile] = process.argv.slice(2);
const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8'));
const session = await ort.InferenceSession.create(join(dir, 'model.onnx'), { intraOpNumThreads: 1 });
const tensor = (values, batch, length) =>
  new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [batch, length]);

const results = [];
for (const { batch, length, ids, mask, types } of JSON.parse(readFileSync(batchesFile, 'utf8'))) {
  const output = await session.run({
    input_ids: tensor(ids, batch, length),
    attention_mask: tensor(mask, batch, length),
    token_type_ids: tensor(types, batch, length),
  });
  const flat = Array.from(output.probabilities.data);
  const rows = [];
  for (let i = 0; i < batch; i++) rows.push(flat.slice(i * labels.length, (i + 1) * labels.length));
  const predicted = rows.map((row) => labels[row.indexOf(Math.max(...row))]);
  predicted.forEach((label, i) => console.error(`batch of ${batch} x ${length}, text ${i}: ${label}`));
  results.push({ probabilities: rows, labels: predicted });
}
console.log(JSON.stringify(results));
