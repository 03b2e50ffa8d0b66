/**
 * Status categories (issue 12): each of pubkit's subscribe statuses maps to the official SDK's category as the node
 * README's table says, and each failure class to its category. Pure: no server, no timers.
 */
import {
  categoryOfError,
  Pubnub,
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubNetworkError,
  PubnubResponseTooLargeError,
  PubnubServiceError,
  PubnubTimeoutError,
  StatusCategory,
  type SubscribeStatus,
  statusEventOf,
} from '@pubkit/node';
import { expect } from 'chai';

const set = { channels: ['a', 'b'], groups: ['g'] };
const cursor = { timetoken: '17000000000000005', region: 1 };
const none = { channels: [], groups: [] };
const upstream = (status: number) => ({ status, body: '' });

describe('node: status categories', () => {
  it('maps every pubkit status to the official SDK category (the README table)', () => {
    const rows: [SubscribeStatus, string, boolean][] = [
      [{ category: 'connected', cursor, ...set }, 'PNConnectedCategory', false],
      [{ category: 'subscriptionChanged', cursor, ...set }, 'PNConnectedCategory', false],
      [{ category: 'reconnected', cursor, ...set }, 'PNReconnectedCategory', false],
      [{ category: 'disconnected', reason: 'requested', ...set }, 'PNDisconnectedCategory', false],
      [{ category: 'disconnected', reason: 'unsubscribed', ...set }, 'PNDisconnectedCategory', false],
      [
        { category: 'disconnected', reason: 'failure', error: new PubnubNetworkError('reset'), ...set },
        'PNNetworkIssuesCategory',
        true,
      ],
      [
        { category: 'error', error: new PubnubAccessDeniedError('Forbidden', upstream(403)), ...set },
        'PNAccessDeniedCategory',
        true,
      ],
      [{ category: 'gap', reason: 'catchUpWindow', from: '1', to: '2', outageMs: 9, ...set }, 'PNGapCategory', false],
    ];
    for (const [status, category, error] of rows) {
      const event = statusEventOf(status, none);
      expect(event.category, JSON.stringify(status)).to.equal(category);
      expect(event.error).to.equal(error);
      expect(event.detail).to.equal(status);
    }
  });

  it('names each failure class', () => {
    expect(categoryOfError(new PubnubNetworkError('refused'))).to.equal('PNNetworkIssuesCategory');
    expect(categoryOfError(new PubnubTimeoutError(310_000))).to.equal('PNTimeoutCategory');
    expect(categoryOfError(new PubnubAccessDeniedError('no', upstream(403)))).to.equal('PNAccessDeniedCategory');
    expect(categoryOfError(new PubnubServiceError('bad', upstream(400)))).to.equal('PNBadRequestCategory');
    expect(categoryOfError(new PubnubServiceError('long', upstream(414)))).to.equal('PNBadRequestCategory');
    expect(categoryOfError(new PubnubServiceError('slow', upstream(429)))).to.equal('PNUnknownCategory');
    expect(categoryOfError(new PubnubServiceError('down', upstream(503)))).to.equal('PNUnknownCategory');
    expect(categoryOfError(new PubnubMalformedResponseError('html', upstream(200)))).to.equal(
      'PNMalformedResponseCategory',
    );
    expect(categoryOfError(new PubnubResponseTooLargeError(10, upstream(200)))).to.equal('PNMalformedResponseCategory');
    expect(categoryOfError(new Error('other'))).to.equal('PNUnknownCategory');
  });

  it('connected names only the channels a change added; gap carries its range; failures their status code', () => {
    const changed = statusEventOf({ category: 'subscriptionChanged', cursor, ...set }, { channels: ['a'], groups: [] });
    expect(changed).to.deep.include({ affectedChannels: ['b'], affectedChannelGroups: ['g'] });
    expect(changed.subscribedChannels).to.deep.equal(['a', 'b']);
    expect(changed.currentTimetoken).to.equal(cursor.timetoken);
    const gap = statusEventOf(
      { category: 'gap', reason: 'serviceLost', from: '10', to: '20', outageMs: 5, ...set },
      none,
    );
    expect(gap).to.deep.include({ lastTimetoken: '10', currentTimetoken: '20' });
    const denied = statusEventOf(
      { category: 'error', error: new PubnubAccessDeniedError('Forbidden', upstream(403)), ...set },
      none,
    );
    expect(denied.statusCode).to.equal(403);
    const left = statusEventOf({ category: 'disconnected', reason: 'unsubscribed', ...set }, none);
    expect(left).to.deep.include({ operation: 'PNUnsubscribeOperation', affectedChannels: ['a', 'b'] });
    expect(left.subscribedChannels).to.deep.equal([]);
  });

  it('Pubnub.CATEGORIES is the set of names, each its own value', () => {
    expect(Pubnub.CATEGORIES).to.equal(StatusCategory);
    for (const [key, value] of Object.entries(StatusCategory)) expect(value).to.equal(key);
  });
});
