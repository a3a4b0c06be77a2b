import { errorAnswer, isSuccess, type LayerContext, type LayerPart } from './core.js';

/** Accounts whose credentials have expired (expiredTokenAfter). */
const expired = new WeakSet<LayerContext>();

/**
 * Part 7, sessions that end and services that push back: from a chosen request on, the
 * credentials have expired (ExpiredToken, as STS sessions do after their duration); chosen requests
 * are throttled (Throttling: Rate exceeded, as IAM answers a burst).
 */
export const expiryAndThrottlingPart: LayerPart = {
  name: 'expiry-and-throttling',
  before(request, ctx) {
    const from = ctx.options.expiredTokenFrom;
    if ((from !== undefined && request.seq >= from) || expired.has(ctx)) {
      return errorAnswer(403, 'ExpiredToken', 'The security token included in the request is expired', request.service);
    }
    if (ctx.options.throttled?.(request.seq, request.action)) {
      return errorAnswer(400, 'Throttling', 'Rate exceeded', request.service);
    }
    return undefined;
  },
  after(request, answer, ctx) {
    if (request.action === ctx.options.expiredTokenAfter && isSuccess(answer)) expired.add(ctx);
    return undefined;
  },
};
