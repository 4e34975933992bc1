import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DockerfileSteps } from '../../../src/core/build/dockerfileSteps';
import { parseBuildFailure } from '../../../src/core/build/parseBuildFailure';

// Line numbers are written beside each instruction so that the expectations can be checked by eye.
const MULTI_STAGE = [
  '# syntax comment', //                                   1
  'ARG GREETING=hi', //                                    2
  'FROM scratch AS base', //                               3
  'COPY busybox /bin/busybox', //                          4
  'RUN ["/bin/busybox","--install","-s","/bin"]', //       5
  '', //                                                   6
  'FROM base AS app', //                                   7
  'ARG GREETING', //                                       8
  'RUN echo $GREETING \\', //                              9
  '    && echo second line', //                            10
  'RUN echo failing && exit 7', //                         11
  'CMD ["sh"]', //                                         12
  '',
].join('\n');

/** Captured from `DOCKER_BUILDKIT=0 docker build` (CLI 28.2, engine 20.10) on MULTI_STAGE. */
const CLASSIC_OUTPUT = `DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0
            environment-variable.

Sending build context to Docker daemon  1.985MB
Step 1/9 : ARG GREETING=hi
Step 2/9 : FROM scratch AS base
 ---> 
Step 3/9 : COPY busybox /bin/busybox
 ---> Using cache
 ---> 625e19fffd62
Step 4/9 : RUN ["/bin/busybox","--install","-s","/bin"]
 ---> Using cache
 ---> 7ada6f4bda07
Step 5/9 : FROM base AS app
 ---> 7ada6f4bda07
Step 6/9 : ARG GREETING
 ---> Running in 08227e082296
Removing intermediate container 08227e082296
 ---> b6b79b624a8f
Step 7/9 : RUN echo $GREETING     && echo second line
 ---> Running in 9858970eb062
hi
second line
Removing intermediate container 9858970eb062
 ---> b84c40a7b7cc
Step 8/9 : RUN echo failing && exit 7
 ---> Running in 34402d27b4eb
failing
The command '/bin/sh -c echo failing && exit 7' returned a non-zero code: 7
`;

/** buildx --progress=plain, laid out as BuildKit's errdefs.Source.Print writes the source excerpt. */
const BUILDX_OUTPUT = `#0 building with "default" instance using docker driver

#5 [app 1/2] RUN echo hello     && echo second line
#5 0.211 hello
#5 0.212 second line
#5 DONE 0.3s

#6 [app 2/2] RUN echo failing && exit 7
#6 0.201 failing
#6 ERROR: process "/bin/sh -c echo failing && exit 7" did not complete successfully: exit code: 7
------
 > [app 2/2] RUN echo failing && exit 7:
0.201 failing
------
Dockerfile:11
--------------------
   9 |     RUN echo $GREETING \\
  10 |         && echo second line
  11 | >>> RUN echo failing && exit 7
  12 |     CMD ["sh"]
  13 |     
--------------------
ERROR: failed to build: failed to solve: process "/bin/sh -c echo failing && exit 7" did not complete successfully: exit code: 7
`;

test('classic builder: the last Step n/m is the n-th instruction of the file', () => {
  const failure = parseBuildFailure(CLASSIC_OUTPUT, MULTI_STAGE);
  assert.equal(failure.line, 11);
  assert.equal(failure.endLine, 11);
  assert.equal(failure.step, 'RUN echo failing && exit 7');
  assert.equal(failure.message, "The command '/bin/sh -c echo failing && exit 7' returned a non-zero code: 7");
  assert.equal(failure.summary, 'Build failed at Dockerfile:11 (RUN echo failing && exit 7): exit code 7');
});

test('BuildKit plain progress: the line comes from the source excerpt, the reason from the final ERROR', () => {
  const failure = parseBuildFailure(BUILDX_OUTPUT.split('\n'), MULTI_STAGE);
  assert.equal(failure.line, 11);
  assert.equal(failure.message, 'process "/bin/sh -c echo failing && exit 7" did not complete successfully: exit code: 7');
  assert.equal(failure.step, 'RUN echo failing && exit 7');
  assert.equal(failure.summary, 'Build failed at Dockerfile:11 (RUN echo failing && exit 7): exit code 7');
});

test('a failing instruction over several lines spans all of them', () => {
  const output = [
    '#5 [app 1/2] RUN echo hello     && echo second line',
    '#5 ERROR: process "/bin/sh -c echo hello     && echo second line" did not complete successfully: exit code: 1',
    'Dockerfile:9',
    '--------------------',
    '   7 |     FROM base AS app',
    '   8 |     ARG GREETING',
    '   9 | >>> RUN echo $GREETING \\',
    '  10 | >>>     && echo second line',
    '  11 |     RUN echo failing && exit 7',
    '--------------------',
    'ERROR: failed to solve: process "/bin/sh -c echo hello     && echo second line" did not complete successfully: exit code: 1',
  ];
  const failure = parseBuildFailure(output, MULTI_STAGE);
  assert.equal(failure.line, 9);
  assert.equal(failure.endLine, 10);
});

test('without a source excerpt, the BuildKit step name leads to the line, even with expanded arguments', () => {
  const output = ['#5 [app 1/2] RUN echo hello     && echo second line', '#5 ERROR: exit code: 1', 'ERROR: failed to solve: exit code: 1'];
  const failure = parseBuildFailure(output, MULTI_STAGE);
  assert.equal(failure.line, 9);
  assert.equal(failure.endLine, 10);
});

test('parse errors of either builder name their line', () => {
  const text = 'FROM scratch\nRUNN x\n';
  assert.equal(parseBuildFailure('Error response from daemon: dockerfile parse error line 2: unknown instruction: RUNN', text).line, 2);
  const buildkit = parseBuildFailure('ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: RUNN', text);
  assert.equal(buildkit.line, 2);
  assert.equal(buildkit.message, 'Dockerfile parse error: unknown instruction: RUNN');
});

test('a failure before any step has no line and still one line of summary', () => {
  const failure = parseBuildFailure('unable to prepare context: path "/nope" not found\n', 'FROM scratch\n');
  assert.equal(failure.line, undefined);
  assert.equal(failure.summary, 'Build failed: unable to prepare context: path "/nope" not found');
  assert.ok(!failure.summary.includes('\n'));
});

test('the summary shortens every builder wording of a failed command to its exit code', () => {
  const text = 'FROM scratch\nRUN make\n';
  const wordings = [
    'ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2',
    'ERROR: failed to solve: executor failed running [/bin/sh -c make]: exit code: 2',
    "The command '/bin/sh -c make' returned a non-zero code: 2",
  ];
  for (const wording of wordings) {
    assert.equal(parseBuildFailure(['Step 2/2 : RUN make', wording], text).summary, 'Build failed at Dockerfile:2 (RUN make): exit code 2', wording);
  }
});

test('a step killed by SIGKILL says what usually does that', () => {
  const failure = parseBuildFailure(['Step 2/2 : RUN make', "The command '/bin/sh -c make' returned a non-zero code: 137"], 'FROM scratch\nRUN make\n');
  assert.equal(failure.summary, 'Build failed at Dockerfile:2 (RUN make): exit code 137 (killed: out of memory, or the engine stopped)');
});

test('a COPY failure in the classic builder points at the COPY', () => {
  const output = ['Step 1/2 : FROM scratch', ' ---> ', 'Step 2/2 : COPY missing.txt /', 'COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist'];
  const failure = parseBuildFailure(output, 'FROM scratch\n\nCOPY missing.txt /\n');
  assert.equal(failure.line, 3);
  assert.match(failure.summary, /^Build failed at Dockerfile:3 \(COPY missing\.txt \/\): COPY failed: file not found/u);
});

test('BuildKit vertex names map to their instruction in each stage', () => {
  const steps = new DockerfileSteps(MULTI_STAGE);
  assert.equal(steps.buildkitVertex('[base 1/2] COPY busybox /bin/busybox')?.line, 4);
  assert.equal(steps.buildkitVertex('[base 2/2] RUN ["/bin/busybox","--install","-s","/bin"]')?.line, 5);
  assert.equal(steps.buildkitVertex('[app 2/2] RUN echo failing && exit 7')?.line, 11);
  assert.equal(steps.buildkitVertex('[stage-1 2/2] RUN echo failing && exit 7')?.line, 11);
  assert.equal(steps.buildkitVertex('[internal] load remote build context'), undefined);
  // A stage FROM an image counts its FROM as step 1.
  const fromImage = new DockerfileSteps('FROM alpine\nWORKDIR /app\nRUN make\nRUN make\n');
  assert.equal(fromImage.buildkitVertex('[1/4] FROM docker.io/library/alpine')?.line, 1);
  assert.equal(fromImage.buildkitVertex('[3/4] RUN make')?.line, 3);
  assert.equal(fromImage.buildkitVertex('[4/4] RUN make')?.line, 4);
  assert.equal(steps.classicStep(7)?.line, 9);
  assert.equal(steps.classicStep(7)?.endLine, 10);
});
