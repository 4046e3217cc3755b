'use strict';
// Peers 2 and 2b of bench/aggregator, both plain kafkajs:
// - discard: decodes every record (JSON.parse) and drops it, committing as
//   often as the aggregator does: the ceiling of the kafkajs consumer;
// - forward: also writes one small JSON record per input record through an
//   idempotent producer (acks -1, 1,000 records per send): the ceiling of a
//   kafkajs pipeline whose output is as large as its input, which is what the
//   aggregator's results are when nearly every (window, key) holds one event.
// - pick: decodes only the fields the aggregator's view reads (ts, user_id,
//   amount) with the aggregator's own decoders (JsonFieldPicker, or an Avro
//   projection), and drops them: reading as the aggregator reads, so the
//   aggregator's ratio to it is what aggregating costs on top.
// With a registry URL the values are Avro in the Confluent wire format,
// decoded with the writer schema fetched once per id (as the aggregator does).
// Usage: node discard-consumer.js BROKERS TOPIC GROUP COMMIT_MS [discard|forward|pick] [REGISTRY_URL]
const { Kafka, logLevel } = require('kafkajs');
const { join } = require('node:path');
const { SchemaRegistry } = require('@kafkajs/confluent-schema-registry');

const [brokers, topic, groupId, commitMs, mode = 'discard', registryUrl] = process.argv.slice(2);
const PICKED_FIELDS = ['ts', 'user_id', 'amount'];

/** The aggregator's decoders, reading only the fields its bench view reads. */
function pickingDecoder() {
  const packages = join(__dirname, '..', '..', 'packages');
  if (!registryUrl) {
    const { JsonFieldPicker } = require(join(packages, 'core/dist/index.js'));
    const picker = new JsonFieldPicker(PICKED_FIELDS);
    return { prepare: async () => undefined, decode: (value) => picker.pick(value) };
  }
  const { AvroValueDecoder } = require(join(packages, 'kafka/dist/index.js'));
  const avro = AvroValueDecoder.forRegistry(registryUrl, PICKED_FIELDS);
  return { prepare: (messages) => avro.prepare(messages.map((message) => message.value)), decode: (value) => avro.decode(value) };
}

/** JSON.parse, or for Avro values the registry's schema (fetched once per id) and a synchronous decode. */
function valueDecoder() {
  if (mode === 'pick') return pickingDecoder();
  if (!registryUrl) return { prepare: async () => undefined, decode: (value) => JSON.parse(value.toString('utf8')) };
  const registry = new SchemaRegistry({ host: registryUrl });
  const schemas = new Map();
  return {
    prepare: async (messages) => {
      for (const { value } of messages) {
        const id = value.readInt32BE(1);
        if (!schemas.has(id)) schemas.set(id, await registry.getSchema(id));
      }
    },
    decode: (value) => schemas.get(value.readInt32BE(1)).fromBuffer(value.subarray(5)),
  };
}

async function main() {
  const kafka = new Kafka({ clientId: groupId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 4 * 1024 * 1024 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const output = `${topic}.forward`;
  if (mode === 'forward') {
    const admin = kafka.admin();
    await admin.connect();
    if (!(await admin.listTopics()).includes(output)) await admin.createTopics({ waitForLeaders: true, topics: [{ topic: output, numPartitions: 6 }] });
    await admin.disconnect();
    await producer.connect();
  }
  const decoder = valueDecoder();
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommitInterval: Number(commitMs),
    eachBatch: async ({ batch, heartbeat }) => {
      const out = [];
      await decoder.prepare(batch.messages);
      for (const message of batch.messages) {
        const event = decoder.decode(message.value);
        if (mode === 'forward') {
          out.push({ key: event.user_id, partition: batch.partition, value: JSON.stringify({ group: [event.user_id], windowStart: event.ts - (event.ts % 10000), count: 1, sum: event.amount }) });
        }
      }
      for (let from = 0; from < out.length; from += 1000) await producer.send({ topic: output, acks: -1, messages: out.slice(from, from + 1000) });
      await heartbeat();
    },
  });
  process.on('SIGTERM', () => Promise.all([consumer.disconnect(), producer.disconnect()]).then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
