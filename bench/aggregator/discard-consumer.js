'use strict';
// Peers 2 and 2b of bench/aggregator, both plain kafkajs:
// - discard: decodes every record (JSON.parse) and drops it, committing as
//   often as the aggregator does: the ceiling of the kafkajs consumer;
// - forward: also writes one small JSON record per input record through an
//   idempotent producer (acks -1, 1,000 records per send): the ceiling of a
//   kafkajs pipeline whose output is as large as its input, which is what the
//   aggregator's results are when nearly every (window, key) holds one event.
// Usage: node discard-consumer.js BROKERS TOPIC GROUP COMMIT_MS [discard|forward]
const { Kafka, logLevel } = require('kafkajs');

const [brokers, topic, groupId, commitMs, mode = 'discard'] = process.argv.slice(2);

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
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommitInterval: Number(commitMs),
    eachBatch: async ({ batch, heartbeat }) => {
      const out = [];
      for (const message of batch.messages) {
        const event = JSON.parse(message.value.toString('utf8'));
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
