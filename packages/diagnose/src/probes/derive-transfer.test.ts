import { describe, expect, it } from 'vitest';
import { deriveTransfer } from './derive-transfer.js';
import type { HttpTransfer } from './http.js';

const base: HttpTransfer = {
  url: 'http://web.lab/',
  address: '10.0.4.2',
  port: 80,
  connectMs: 32,
  tlsMs: undefined,
  requestSentMs: 33,
  headersMs: 65,
  status: 200,
  location: undefined,
  contentLength: 65536,
  bytes: 65536,
  firstByteMs: 66,
  lastByteMs: 130,
  complete: true,
  end: 'complete',
  error: undefined,
  stallMs: 1000,
  maxBytes: 1 << 20,
  durationMs: 131,
};
const incomplete = { complete: false, lastByteMs: undefined, firstByteMs: undefined, bytes: 0 };

describe('deriveTransfer', () => {
  it.each<[string, Partial<HttpTransfer>, Record<string, unknown>]>([
    ['a whole body', {}, { kind: 'complete', status: 200, bytes: 65536, transferMs: 98 }],
    [
      'a redirect is complete, with where it points',
      {
        ...incomplete,
        complete: true,
        status: 301,
        location: 'https://web.lab/',
      },
      {
        kind: 'complete',
        status: 301,
        location: 'https://web.lab/',
        text: 'HTTP 301, 0 bytes in 33 ms, redirect to https://web.lab/ (not followed)',
      },
    ],
    [
      'headers, then silence: the PMTU symptom',
      { ...incomplete, end: 'stalled', durationMs: 1065 },
      {
        kind: 'stalled',
        phase: 'body',
        afterBytes: 0,
        stalledForMs: 1000,
        text: 'HTTP 200 headers in, then nothing for 1000 ms after 0 of 65536 body bytes',
      },
    ],
    [
      'some body, then silence',
      { ...incomplete, bytes: 2896, lastByteMs: 70, end: 'stalled', durationMs: 1070 },
      {
        kind: 'stalled',
        afterBytes: 2896,
        stalledForMs: 1000,
      },
    ],
    [
      'connected, request sent, no headers',
      {
        ...incomplete,
        headersMs: undefined,
        status: undefined,
        contentLength: undefined,
        end: 'stalled',
        durationMs: 1033,
      },
      { kind: 'stalled', phase: 'headers', afterBytes: 0, stalledForMs: 1000 },
    ],
    [
      "the probe's stall timer decides, even a fraction of a ms early",
      {
        ...incomplete,
        end: 'stalled',
        durationMs: 1064.6,
      },
      { kind: 'stalled', phase: 'body' },
    ],
    [
      'the time limit after a long gap is a stall too',
      { ...incomplete, end: 'timeout', durationMs: 2800 },
      {
        kind: 'stalled',
        stalledForMs: 2735,
      },
    ],
    [
      'the time limit while bytes still come is not a stall',
      {
        ...incomplete,
        bytes: 60000,
        lastByteMs: 2790,
        end: 'timeout',
        durationMs: 2800,
      },
      { kind: 'failed', code: 'ETIMEDOUT', detail: 'no complete response within 2800 ms, after 60000 body bytes' },
    ],
    [
      'cut at the limit',
      { ...incomplete, bytes: 1 << 20, lastByteMs: 900, end: 'max-bytes', durationMs: 900 },
      {
        kind: 'truncated-at-limit',
        bytes: 1 << 20,
      },
    ],
    ['404', { status: 404, bytes: 9 }, { kind: 'http-error', status: 404, text: 'HTTP 404' }],
    ['503 that also stalls is the 503', { ...incomplete, status: 503, end: 'stalled' }, { kind: 'http-error' }],
    [
      'refused',
      {
        ...incomplete,
        connectMs: undefined,
        requestSentMs: undefined,
        headersMs: undefined,
        status: undefined,
        end: 'error',
        error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.4.2:81' },
      },
      { kind: 'failed', code: 'ECONNREFUSED', text: 'ECONNREFUSED: connect ECONNREFUSED 10.0.4.2:81' },
    ],
    [
      'a bad certificate',
      {
        ...incomplete,
        headersMs: undefined,
        status: undefined,
        end: 'error',
        error: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
      },
      { kind: 'failed', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
    ],
    [
      'closed mid-body',
      { ...incomplete, bytes: 100, lastByteMs: 70, end: 'closed', error: undefined },
      {
        kind: 'failed',
        code: 'ECONNRESET',
        detail: 'closed after 100 body bytes',
      },
    ],
    [
      'never connected within the time',
      {
        ...incomplete,
        connectMs: undefined,
        requestSentMs: undefined,
        headersMs: undefined,
        status: undefined,
        end: 'timeout',
        durationMs: 2800,
      },
      { kind: 'failed', code: 'ETIMEDOUT', detail: expect.stringMatching(/within 2800 ms, before the connection/) },
    ],
    ['aborted by the caller', { ...incomplete, end: 'aborted' }, { kind: 'failed', code: 'ABORTED' }],
  ])('%s', (_title, change, want) => {
    expect(deriveTransfer({ ...base, ...change })).toMatchObject(want);
  });
});
