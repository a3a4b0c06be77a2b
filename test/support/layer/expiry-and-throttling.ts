import { errorAnswer, type LayerPart } from './core.js';

/**
 * Part 7, sessions that end and services that push back: from a chosen request on, the
 * credentials have expired (ExpiredToken, as STS sessions do after their duration); chosen requests
 * are throttled (Throttling: Rate exceeded, as IAM answers a burst).
 */
export const expiryAndThrottlingPart: LayerPart = {
  name: 'expiry-and-throttling',
  before(request, ctx) {
    const from = ctx.options.expiredTokenFrom;
    if (from !== undefined && request.seq >= from) {
      return errorAnswer(403, 'ExpiredToken', 'The security token included in the request is expired', request.service);
    }
    if (ctx.options.throttled?.(request.seq, request.action)) {
      return errorAnswer(400, 'Throttling', 'Rate exceeded', request.service);
    }
    return undefined;
  },
};
