/**
 * Bad input is refused in `build*`, before anything is sent, with a `PubnubValidationError` naming the field
 * (docs/architecture.md §4, docs/protocol.md §5, §8.5). 0, false, "" and null are ordinary messages.
 */
import {
  buildFire,
  buildHeartbeat,
  buildHistory,
  buildLeave,
  buildPublish,
  buildSignal,
  buildSubscribe,
  PubnubValidationError,
  type RequestContext,
} from '@pubkit/core';
import { expect } from 'chai';
import { ctx, realCipher, thrown } from './helpers.js';

function refusal(fn: () => unknown): PubnubValidationError {
  const err = thrown(fn);
  expect(err).to.be.instanceOf(PubnubValidationError);
  return err as PubnubValidationError;
}

const BAD_CHANNELS: Array<[string, string]> = [
  ['a comma', 'a,b'],
  ['a colon', 'a:b'],
  ['a star', 'a*'],
  ['a slash', 'a/b'],
  ['a backslash', 'a\\b'],
  ['a space', 'a b'],
  ['a control character', 'a\u0001b'],
  ['DEL', 'a\u007fb'],
  ['93 characters', 'x'.repeat(93)],
  ['an empty name', ''],
];

const cycle: Record<string, unknown> = { a: 1 };
cycle.self = cycle;

const BAD_MESSAGES: Array<[string, unknown]> = [
  ['33 KiB', 'x'.repeat(33 * 1024)],
  ['a BigInt', 10n],
  ['a BigInt inside an object', { n: 10n }],
  ['a cycle', cycle],
  ['undefined', undefined],
  ['a function', () => 1],
  ['a function property', { f: () => 1 }],
  ['a symbol', Symbol('s')],
  ['NaN', Number.NaN],
];

describe('operations: input validation', () => {
  for (const [what, channel] of BAD_CHANNELS) {
    it(`refuses a channel with ${what} in every builder`, () => {
      expect(refusal(() => buildPublish({ channel, message: 1 }, ctx)).field).to.equal('channel');
      expect(refusal(() => buildFire({ channel, message: 1 }, ctx)).field).to.equal('channel');
      expect(refusal(() => buildSignal({ channel, message: 1 }, ctx)).field).to.equal('channel');
      expect(refusal(() => buildHistory({ channel }, ctx)).field).to.equal('channel');
      expect(refusal(() => buildSubscribe({ channels: [channel] }, ctx)).field).to.equal('channels');
    });
  }

  it('accepts a 92-character channel, a -pnpres channel and a dotted one', () => {
    for (const channel of ['x'.repeat(92), 'ch1-pnpres', 'news.sport']) {
      expect(buildPublish({ channel, message: 1 }, ctx).path).to.contain(channel);
    }
  });

  // Issue 9 item 1 (docs/decisions.md, "The name limit and presence names"): the 92-character limit is on the name
  // the user gives; the `-pnpres` suffix of its presence name does not count.
  it('a channel legal to subscribe is legal with presence: the -pnpres suffix is outside the 92-character limit', () => {
    for (const length of [86, 90, 92]) {
      const channel = 'r'.repeat(length);
      const request = buildSubscribe({ channels: [channel, `${channel}-pnpres`] }, ctx);
      expect(request.path).to.contain(`${channel}-pnpres`);
    }
    expect(refusal(() => buildSubscribe({ channels: [`${'r'.repeat(93)}-pnpres`] }, ctx)).message).to.match(
      /93 characters; the limit is 92/,
    );
  });

  for (const [what, message] of BAD_MESSAGES) {
    it(`refuses a message that is ${what}, naming the field`, () => {
      expect(refusal(() => buildPublish({ channel: 'ch1', message }, ctx)).field).to.equal('message');
      expect(refusal(() => buildPublish({ channel: 'ch1', message, sendByPost: true }, ctx)).field).to.equal('message');
      expect(refusal(() => buildSignal({ channel: 'ch1', message }, ctx)).field).to.equal('message');
    });
  }

  it('wildcards: subscribe, heartbeat and leave take a.* and a.b.* (with -pnpres); * anywhere else, or elsewhere, is refused', () => {
    for (const pattern of ['a.*', 'a.b.*', 'a.*-pnpres', 'chat_1.room-2.*']) {
      expect(decodeURIComponent(buildSubscribe({ channels: [pattern] }, ctx).path), pattern).to.contain(`/${pattern}/`);
      // A -pnpres name alone has no occupants to announce (nothing is sent); the others are rooms of their own.
      if (pattern.endsWith('-pnpres')) continue;
      expect(buildHeartbeat({ channels: [pattern], heartbeat: 60 }, ctx), pattern).to.not.equal(undefined);
      expect(buildLeave({ channels: [pattern] }, ctx), pattern).to.not.equal(undefined);
    }
    for (const bad of ['*', 'a*', '.*', 'a.*.c', 'a.b.c.*', 'a..*', 'a.*b', 'a b.*', 'a,b.*']) {
      expect(refusal(() => buildSubscribe({ channels: [bad] }, ctx)).field, bad).to.equal('channels');
    }
    // Publishing (and every other call) names one real channel: a pattern is refused there.
    expect(refusal(() => buildPublish({ channel: 'a.*', message: 1 }, ctx)).message).to.contain('"*"');
    expect(refusal(() => buildSubscribe({ channels: ['a.b.c.*'] }, ctx)).message).to.match(/at most 2 dots/);
  });

  it('states the size of an oversize message', () => {
    expect(refusal(() => buildPublish({ channel: 'ch1', message: 'x'.repeat(33 * 1024) }, ctx)).message).to.match(
      /33794 bytes.*32768/,
    );
  });

  it('accepts a message of exactly 32 KiB as JSON, and checks the size after encryption', () => {
    const fits = 'x'.repeat(32 * 1024 - 2); // plus the two quotes
    expect(buildPublish({ channel: 'ch1', message: fits, sendByPost: true }, ctx).body).to.have.length(32 * 1024);
    const encrypted: RequestContext = { ...ctx, cipher: realCipher('enigma') };
    expect(refusal(() => buildPublish({ channel: 'ch1', message: 'x'.repeat(25 * 1024) }, encrypted)).field).to.equal(
      'message',
    );
  });

  it('accepts 0, false, "" and null', () => {
    for (const message of [0, false, '', null]) {
      expect(buildPublish({ channel: 'ch1', message }, ctx).path).to.match(/\/ch1\/0\/(0|false|%22%22|null)$/);
      expect(buildSignal({ channel: 'ch1', message }, ctx).operation).to.equal('signal');
    }
  });
});
