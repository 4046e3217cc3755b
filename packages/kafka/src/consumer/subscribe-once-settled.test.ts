import type { Consumer } from 'kafkajs';
import { KafkaJSProtocolError } from 'kafkajs';
import { subscribeOnceSettled } from './subscribe-once-settled';

const noWait = { sleeper: { sleep: () => Promise.resolve() }, random: () => 0 };

function brokerError(type: string, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(`broker says ${type}`), { type, code: 3, retriable }));
}

/** A consumer whose subscribe fails with `failures` in order, then succeeds. */
function consumerFailingWith(failures: Error[]): { consumer: Consumer; attempts: () => number } {
  let attempts = 0;
  const consumer = { subscribe: () => (attempts++ < failures.length ? Promise.reject(failures[attempts - 1]) : Promise.resolve()) };
  return { consumer: consumer as unknown as Consumer, attempts: () => attempts };
}

describe('subscribeOnceSettled', () => {
  it('waits out the errors a topic gives in its first moments', async () => {
    const { consumer, attempts } = consumerFailingWith([brokerError('UNKNOWN_TOPIC_OR_PARTITION', true), brokerError('LEADER_NOT_AVAILABLE', true)]);

    await subscribeOnceSettled(consumer, { topics: ['events'] }, { retry: noWait });

    expect(attempts()).toBe(3);
  });

  it('fails at once, with the topics named, on an error no retry cures', async () => {
    const { consumer, attempts } = consumerFailingWith([brokerError('TOPIC_AUTHORIZATION_FAILED', false)]);

    await expect(subscribeOnceSettled(consumer, { topics: ['events'] }, { retry: noWait })).rejects.toThrow('subscribing to events: broker says TOPIC_AUTHORIZATION_FAILED');
    expect(attempts()).toBe(1);
  });
});
