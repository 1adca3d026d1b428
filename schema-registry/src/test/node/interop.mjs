// Runs Confluent's official Node.js schema-registry client (AvroSerializer / AvroDeserializer) against a
// registry, for NodeClientInteropIT. JSON in on stdin, JSON out on stdout; payloads travel as base64.
//
//   node interop.mjs serialize   <registry-url> <topic> <schema.avsc>   stdin: [record, ...]  stdout: [base64, ...]
//   node interop.mjs deserialize <registry-url> <topic>                 stdin: [base64, ...]  stdout: [record, ...]
import { readFileSync } from 'node:fs';
import {
  AvroDeserializer, AvroSerializer, SchemaRegistryClient, SerdeType, SubjectNameStrategyType,
} from '@confluentinc/schemaregistry';

const [mode, url, topic, schemaFile] = process.argv.slice(2);
if (!mode || !url || !topic || (mode === 'serialize' && !schemaFile)) {
  console.error('usage: interop.mjs serialize|deserialize <registry-url> <topic> [schema.avsc]');
  process.exit(2);
}

const client = new SchemaRegistryClient({ baseURLs: [url], maxRetries: 2 });
const common = { subjectNameStrategyType: SubjectNameStrategyType.TOPIC };
const input = JSON.parse(readFileSync(0, 'utf8'));

// Longs may exceed 2^53 in general; the records used here (epoch millis) do not.
const replacer = (key, value) => (typeof value === 'bigint' ? Number(value) : value);

if (mode === 'serialize') {
  const schema = readFileSync(schemaFile, 'utf8');
  // Registered first so that the serializer writes with exactly this schema, as a producer with a fixed
  // schema would; the serializer then only looks it up.
  await client.register(`${topic}-value`, { schemaType: 'AVRO', schema });
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { ...common, autoRegisterSchemas: false, useLatestVersion: true });
  const out = [];
  for (const record of input) {
    out.push((await serializer.serialize(topic, record)).toString('base64'));
  }
  process.stdout.write(JSON.stringify(out));
} else if (mode === 'deserialize') {
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, common);
  const out = [];
  for (const payload of input) {
    out.push(await deserializer.deserialize(topic, Buffer.from(payload, 'base64')));
  }
  process.stdout.write(JSON.stringify(out, replacer));
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
