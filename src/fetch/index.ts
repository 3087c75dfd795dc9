// Pure parts of the fetch layer. http-fetcher.ts does network I/O and is imported directly by the workers.
export { decodeBody, type DecodedBody, type EncodingSource } from './decode-charset.ts';
export { parseFeed, type ParseFeedResult } from './parse-feed.ts';
export { parseXmlFeed } from './parse-xml-feed.ts';
export { parseJsonFeed } from './parse-json-feed.ts';
export { canonicalizeUrl } from './canonical-url.ts';
export { itemKey, recordIdFor } from './item-key.ts';
export {
  classifyNetworkError,
  classifyStatus,
  parseRetryAfter,
  type ClassifiedError,
  type FetchErrorKind,
} from './classify-response.ts';
