/**
 * The server's one error handler: every failure leaves as RFC 9457 problem details
 * (`application/problem+json`) with tpo's error code, a message for a person, and never a stack trace.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isTpoError, type TpoErrorCode } from '../domain/index.js';
import type { Problem } from './schemas/index.js';

/** HTTP status of each error code. */
export const HTTP_STATUS: Readonly<Record<TpoErrorCode, number>> = {
  NotFound: 404,
  Invalid: 400,
  Conflict: 409,
  PreconditionRequired: 428,
  NotAGitRepo: 422,
  UnknownRevision: 422,
  GitFailed: 500,
  StoreFailed: 503,
  Unauthorized: 401,
  Forbidden: 403,
  // One scan per repository at a time: the request conflicts with the state of the server.
  Busy: 409,
  // A gate (fail-on) that found what it was told to fail on: the request was understood, the content fails.
  GateFailed: 422,
  RemoteFailed: 502,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  428: 'Precondition required',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** Error codes for HTTP failures that do not come from a TpoError. */
const CODES_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'Invalid',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  413: 'TooLarge',
  415: 'UnsupportedMediaType',
  428: 'PreconditionRequired',
  500: 'Internal',
  503: 'Unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

function typeUri(code: string): string {
  return `https://tpo.dev/problems/${code.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? '' : '-') + c.toLowerCase())}`;
}

/** Builds a problem body. */
export function createProblem(
  status: number,
  code: string,
  detail: string,
  extra: Partial<Pick<Problem, 'instance' | 'errors'>> = {},
): Problem {
  return {
    type: typeUri(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}

/** Sends a problem+json response. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

function toProblem(error: unknown, request: FastifyRequest): Problem {
  const instance = pathOf(request);
  if (isTpoError(error))
    return createProblem(HTTP_STATUS[error.code], error.code, error.message, { instance });
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    const where = fastifyError.validationContext ?? 'request';
    const errors = fastifyError.validation.map((v) => ({
      path: `${where}${v.instancePath || (typeof v.params?.missingProperty === 'string' ? `/${v.params.missingProperty}` : '')}`,
      message: v.message ?? 'is not valid',
    }));
    return createProblem(
      400,
      'Invalid',
      `the ${where} is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`,
      { instance, errors },
    );
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's own client errors (body too large, bad JSON, wrong media type): their messages are safe to show.
    return createProblem(
      status,
      CODES_BY_STATUS[status] ?? 'Invalid',
      fastifyError.message ?? 'bad request',
      {
        instance,
      },
    );
  }
  return createProblem(
    500,
    'Internal',
    'the server failed on this request; the cause is in its log. Please report it with the request you made.',
    { instance },
  );
}

/** Installs the error handler and the 404 handler on the API. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error, request);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  });
}

/** The problem for an unknown API route. */
export function createNotFoundProblem(request: FastifyRequest): Problem {
  return createProblem(
    404,
    'NotFound',
    `no route ${request.method} ${pathOf(request)}; the API is described at /api/openapi.json.`,
    { instance: pathOf(request) },
  );
}
