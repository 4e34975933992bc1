import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkBuildTag, ImageReferenceError, parseImageReference } from '../../../src/core/build/parseImageReference';

test('short names are normalised the way the docker CLI does it', () => {
  assert.deepEqual(parseImageReference('ubuntu'), { domain: 'docker.io', path: 'library/ubuntu', tag: undefined, digest: undefined, repository: 'docker.io/library/ubuntu' });
  assert.deepEqual(parseImageReference('team/app:1.2'), { domain: 'docker.io', path: 'team/app', tag: '1.2', digest: undefined, repository: 'docker.io/team/app' });
  assert.equal(parseImageReference('index.docker.io/team/app').domain, 'docker.io');
  assert.equal(parseImageReference('docker.io/ubuntu').path, 'library/ubuntu');
});

test('a first component with a dot, a port or named localhost is a registry', () => {
  const withPort = parseImageReference('127.0.0.1:5000/berth/app:v1');
  assert.equal(withPort.domain, '127.0.0.1:5000');
  assert.equal(withPort.path, 'berth/app');
  assert.equal(withPort.tag, 'v1');
  assert.equal(parseImageReference('localhost/app').domain, 'localhost');
  assert.equal(parseImageReference('ghcr.io/org/sub/app').path, 'org/sub/app');
  assert.equal(parseImageReference('[::1]:5000/app').domain, '[::1]:5000');
  // Without a dot, colon or "localhost", the first component is a Docker Hub namespace.
  assert.equal(parseImageReference('myregistry/app').domain, 'docker.io');
});

test('digests are parsed and checked', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.equal(parseImageReference(`app@${digest}`).digest, digest);
  assert.equal(parseImageReference(`app:1@${digest}`).tag, '1');
  assert.throws(() => parseImageReference('app@sha256:xyz'), ImageReferenceError);
});

test('hostile and malformed names are refused with the reason', () => {
  const cases: [string, RegExp][] = [
    ['x; touch /tmp/pwned', /";"/u],
    ['my app', /a space/u],
    ['$(touch /tmp/pwned)', /"\$"/u],
    ['a`id`', /"`"/u],
    ["it's", /"'"/u],
    ['"quoted"', /contains """/u],
    ['café/app', /"é"/u],
    ['app:v1;rm', /";"/u],
    ['app\nrm', /control character \(U\+000A\)/u],
    ['app\tx', /control character \(U\+0009\)/u],
    ['app\u00a0x', /white space/u],
    ['App', /lowercase/u],
    ['-rm', /not a repository path/u],
    ['app:-x', /tag "-x"/u],
    ['app:', /tag ""/u],
    ['', /empty/u],
    ['a//b', /not a repository path/u],
    ['app.', /not a repository path/u],
    [`app:${'x'.repeat(129)}`, /at most 128/u],
    ['a'.repeat(256), /longer than 255/u],
  ];
  for (const [reference, reason] of cases) {
    assert.throws(() => parseImageReference(reference), (error: unknown) => error instanceof ImageReferenceError && reason.test(error.message), reference);
  }
});

test('the message shows control characters as escapes, not raw', () => {
  const problem = checkBuildTag('app\u001b[2Jx');
  assert.ok(problem);
  assert.ok(!problem.includes('\u001b'));
  assert.match(problem, /\\u001b/u);
});

test('checkBuildTag accepts build tags and refuses a digest', () => {
  assert.equal(checkBuildTag('127.0.0.1:5000/team/app_x-y.z:1.0-rc_1'), undefined);
  assert.equal(checkBuildTag('app'), undefined);
  assert.match(checkBuildTag(`app@sha256:${'0'.repeat(64)}`) ?? '', /digest/u);
  assert.match(checkBuildTag('x; touch /tmp/pwned') ?? '', /not a valid image name/u);
});
