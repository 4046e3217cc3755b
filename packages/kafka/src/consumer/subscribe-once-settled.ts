import type { Consumer, ConsumerSubscribeTopics } from 'kafkajs';
import { retry } from '@sluice/core';
import { toSluiceError } from '../errors/kafka-error-table';
import { TOPICS_SETTLE_RETRY, type EnsureTopicsOptions } from '../topics/ensure-topics';

/**
 * Subscribes `consumer`, waiting out the retriable answers (UNKNOWN_TOPIC_OR_PARTITION,
 * LEADER_NOT_AVAILABLE) that a topic created a moment ago can still give to a
 * client whose broker has not caught up, instead of failing the worker's start.
 * Bounded like ensureTopics; kafkajs restores its topic set after a failed
 * subscribe, so trying again is safe.
 */
export async function subscribeOnceSettled(consumer: Consumer, subscription: ConsumerSubscribeTopics, options: EnsureTopicsOptions = {}): Promise<void> {
  const subscribe = async () => {
    try {
      await consumer.subscribe(subscription);
    } catch (error) {
      throw toSluiceError(error, `subscribing to ${subscription.topics.join(', ')}`);
    }
  };
  await retry(subscribe, { ...TOPICS_SETTLE_RETRY, ...options.retry });
}
