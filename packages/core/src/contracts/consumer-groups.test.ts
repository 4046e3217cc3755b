import { CONSUMER_ROLES, consumerGroupId } from './consumer-groups';

describe('consumerGroupId', () => {
  it('is <name>-<role> for every role, the names committed offsets live under', () => {
    expect(CONSUMER_ROLES.map((role) => consumerGroupId({ name: 'shop' }, role))).toEqual(['shop-aggregator', 'shop-sink', 'shop-compactor']);
  });
});
