import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  amzDate,
  canonicalRequest,
  credentialScope,
  parseAmzDate,
  parseAuthorization,
  sha256Hex,
  sign,
  signingKey,
  stringToSign,
  uriEncode,
} from '../../src/services/access-keys/sigv4.js';

// AWS's worked example of a signed request (IAM ListUsers), from "Create a signed AWS API
// request": every intermediate value below is the one AWS publishes.
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const RAW_HEADERS = [
  'Host',
  'iam.amazonaws.com',
  'Content-Type',
  'application/x-www-form-urlencoded; charset=utf-8',
  'X-Amz-Date',
  '20150830T123600Z',
];
const SIGNED = ['content-type', 'host', 'x-amz-date'];

test("AWS's worked example: canonical request, string to sign, signing key and signature", () => {
  const canonical = canonicalRequest({
    method: 'GET',
    url: '/?Action=ListUsers&Version=2010-05-08',
    rawHeaders: RAW_HEADERS,
    payloadHash: sha256Hex(''),
    signedHeaders: SIGNED,
  });
  assert.equal(
    canonical,
    [
      'GET',
      '/',
      'Action=ListUsers&Version=2010-05-08',
      'content-type:application/x-www-form-urlencoded; charset=utf-8',
      'host:iam.amazonaws.com',
      'x-amz-date:20150830T123600Z',
      '',
      'content-type;host;x-amz-date',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ].join('\n'),
  );
  assert.equal(
    sha256Hex(canonical ?? ''),
    'f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59',
  );
  const key = signingKey(SECRET, '20150830', 'us-east-1', 'iam');
  assert.equal(key.toString('hex'), 'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
  const toSign = stringToSign(
    '20150830T123600Z',
    credentialScope('20150830', 'us-east-1', 'iam'),
    canonical ?? '',
  );
  assert.equal(sign(key, toSign), '5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
});

test('query parameters are decoded, encoded the one canonical way and sorted by name then value', () => {
  const canonical = canonicalRequest({
    method: 'get',
    url: '/a/./b/../c%20d?b=2&a=z&a=y&c=%7E+!',
    rawHeaders: [
      'Host',
      'example.com',
      'X-Amz-Date',
      '20150830T123600Z',
      'X-Multi',
      ' a   b ',
      'x-multi',
      'c',
    ],
    payloadHash: sha256Hex(''),
    signedHeaders: ['host', 'x-amz-date', 'x-multi'],
  });
  const lines = canonical?.split('\n') ?? [];
  assert.equal(lines[0], 'GET');
  // Every service but S3 signs the path encoded a second time.
  assert.equal(lines[1], '/a/c%2520d');
  assert.equal(lines[2], 'a=y&a=z&b=2&c=~%2B%21');
  assert.equal(lines[5], 'x-multi:a b,c');
});

test('a signed header the request does not carry leaves no canonical request', () => {
  const canonical = canonicalRequest({
    method: 'POST',
    url: '/',
    rawHeaders: ['Host', 'example.com'],
    payloadHash: sha256Hex(''),
    signedHeaders: ['host', 'x-amz-date'],
  });
  assert.equal(canonical, undefined);
});

test('the Authorization header: parts found, and what is missing named', () => {
  assert.deepEqual(
    parseAuthorization(
      'AWS4-HMAC-SHA256 Credential=GHAKAAAAAAAAAAAAAAAA/20260101/local/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc',
    ),
    {
      accessKeyId: 'GHAKAAAAAAAAAAAAAAAA',
      date: '20260101',
      region: 'local',
      service: 'cognito-idp',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'abc',
    },
  );
  assert.deepEqual(parseAuthorization('AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request'), {
    missing: ['Signature', 'SignedHeaders'],
  });
  assert.equal(parseAuthorization('Bearer abc'), undefined);
  assert.deepEqual(parseAuthorization('AWS4-HMAC-SHA256 Credential=a/b, SignedHeaders=host, Signature=x'), {
    missing: ['Credential'],
  });
});

test('X-Amz-Date round-trips, and impossible dates are refused', () => {
  const ms = Date.parse('2026-01-01T12:34:56Z');
  assert.equal(amzDate(ms), '20260101T123456Z');
  assert.equal(parseAmzDate('20260101T123456Z'), ms);
  assert.equal(parseAmzDate('20260231T123456Z'), undefined);
  assert.equal(parseAmzDate('2026-01-01T12:34:56Z'), undefined);
  assert.equal(uriEncode("a b!'()*~"), 'a%20b%21%27%28%29%2A~');
});
