import type { Redis } from 'ioredis';
import type { RedisKeys } from '../queue/names.ts';
import type { DedupCheck, DedupIndex, DedupIndexOptions, DedupMatch, DedupVerdict } from './dedup-index.ts';
import { generationOf, GENERATIONS, publicationHour } from './dedup-index.ts';
import { DEFAULT_INDEX_OPTIONS } from './memory-dedup-index.ts';
import { MASK_BYTES, SKETCH_SIZE, type DedupSignature } from './signature.ts';

/*
 * One script call per item: exact, near-duplicate and same-story lookups, the verdict and the inserts,
 * atomically. Entries live in small hashes "<prefix>:dd:3:<generation>:<5 hex of token>" (layout version 3:
 * version 2 plus a marker "<prefix>:dd:3:<generation>:g" per generation holding entries) (listpack-encoded:
 * about 20 bytes a field) that expire one generation after the window; see docs/dedup.md.
 * Info value: words(1) mask(12) sketch(30) hour(2) domain(2) clusterId(packed). Refs: 6-byte tokens.
 */
const SCRIPT = `
local prefix, nowGen, back, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local info, myId, exact = ARGV[5], ARGV[6], ARGV[7]
local nearJ, prefixC, storyJ, storyHours = tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local nLede, nBands, nStory, markTtl = tonumber(ARGV[12]), tonumber(ARGV[13]), tonumber(ARGV[14]), tonumber(ARGV[15])
local MASK, SK = ${MASK_BYTES}, ${SKETCH_SIZE}
local SK0, HOUR0, DOM0, ID0 = 1 + MASK + 1, 1 + MASK + SK + 1, 1 + MASK + SK + 3, 1 + MASK + SK + 5

-- Generations holding entries, newest first: each has a marker key (set by its first insert, outliving its
-- buckets), so an item probes only those, not all back + 1 (an empty generation costs no lookups).
local gens = {}
do
  local marks = {}
  for g = nowGen, nowGen - back, -1 do marks[#marks + 1] = prefix .. ':3:' .. g .. ':g' end
  local found = redis.call('MGET', unpack(marks))
  for k = 1, #marks do if found[k] then gens[#gens + 1] = nowGen - k + 1 end end
end
-- 2^18 buckets: about 40 fields each at a million items, under the listpack limit of 128.
local suffixes = {}
local function bucket(gen, tok)
  local suffix = suffixes[tok]
  if not suffix then
    suffix = ':' .. string.format('%05x', math.floor((tok:byte(1) * 65536 + tok:byte(2) * 256 + tok:byte(3)) / 64))
    suffixes[tok] = suffix
  end
  return prefix .. ':3:' .. gen .. suffix
end
local function find(kind, tok)
  for _, g in ipairs(gens) do
    local v = redis.call('HGET', bucket(g, tok), kind .. tok:sub(3, 6))
    if v then return v, g end
  end
  return nil
end
local function findAll(kind, tok)
  local out = {}
  for _, g in ipairs(gens) do
    local v = redis.call('HGET', bucket(g, tok), kind .. tok:sub(3, 6))
    if v then out[#out + 1] = v end
  end
  return out
end
-- Two 4-bit min-hash slots per sketch byte.
local function jaccard(a)
  local m = 0
  for i = 0, SK - 1 do
    local d = bit.bxor(a:byte(SK0 + i), info:byte(SK0 + i))
    if bit.band(d, 240) == 0 then m = m + 1 end
    if bit.band(d, 15) == 0 then m = m + 1 end
  end
  return math.max(0, (m / (2 * SK) - 1 / 16) / (1 - 1 / 16))
end
-- Story guards: same opening words (a template with other facts) or military vs civilian actors only.
local function contextOk(a)
  local o = a:byte(12)
  if o ~= 0 and o == info:byte(12) then return false end
  local x, y = a:byte(13), info:byte(13)
  return x == 0 or y == 0 or bit.band(x, y) ~= 0
end
local function maskOk(a, first, last)
  local small, large = info, a
  if a:byte(1) < info:byte(1) then small, large = a, info end
  for i = first, last do
    if bit.band(small:byte(2 + i), bit.bnot(large:byte(2 + i))) ~= 0 then return false end
  end
  return true
end
local function hourOf(v) return v:byte(HOUR0) * 256 + v:byte(HOUR0 + 1) end
local function story(v, g, tok)
  local s = redis.call('HGET', bucket(g, tok), 's' .. tok:sub(3, 6))
  if s then return s end
  return v:sub(ID0)
end
local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end
local function join(v, matchedCluster)
  if matchedCluster == myId then
    local key = prefix .. ':src:' .. hex(myId)
    local n = redis.call('SCARD', key)
    if n == 0 then n = 1 end
    return n
  end
  local key = prefix .. ':src:' .. hex(matchedCluster)
  redis.call('SADD', key, v:sub(DOM0, DOM0 + 1), info:sub(DOM0, DOM0 + 1))
  redis.call('EXPIRE', key, ttl)
  return redis.call('SCARD', key)
end

-- 1. exact (also a retried record: its own entry answers as before)
local own, ownGen = find('i', exact)
if own then
  local cluster = own:sub(ID0)
  return { cluster, story(own, ownGen, exact), join(own, cluster), cluster == myId and 'none' or 'exact' }
end

local tokens = {}
-- All lookup tokens arrive in one argument, 6 bytes each (fewer arguments to encode per call).
local packed = ARGV[16]
for i = 1, nLede + nBands + nStory do tokens[i] = packed:sub(6 * i - 5, 6 * i) end
local cluster, storyId, match, joined = myId, myId, 'none', nil
-- 2. near duplicate: candidates from the lede and the LSH bands, verified on the stored sketch
local best = -1
local tried = {}
for i = 1, nLede + nBands do
  for _, ref in ipairs(findAll(i <= nLede and 'l' or 'b', tokens[i])) do
    if not tried[ref] then
      tried[ref] = true
      local v, g = find('i', ref)
      if v and maskOk(v, 0, 7) then
        local j = jaccard(v)
        local ok = j >= nearJ and v:sub(10, 11) == info:sub(10, 11)
        if not ok and i <= nLede and v:byte(1) ~= info:byte(1) then
          local a, b = v:byte(1), info:byte(1)
          ok = math.min(1, j * (a + b) / ((1 + j) * math.max(1, math.min(a, b)))) >= prefixC
        end
        if ok and j > best then best, joined, cluster, storyId, match = j, v, v:sub(ID0), story(v, g, ref), 'near' end
      end
    end
  end
end
-- 3. same story: candidates from the entity anchors, within the story window
if not joined then
  local myHour = hourOf(info)
  tried = {}
  for i = nLede + nBands + 1, nLede + nBands + nStory do
    for _, ref in ipairs(findAll('t', tokens[i])) do
      if not tried[ref] then
        tried[ref] = true
        local v, g = find('i', ref)
        if v then
          local d = math.abs(hourOf(v) - myHour)
          if math.min(d, 65536 - d) <= storyHours and maskOk(v, 0, 3) and contextOk(v) then
            local j = jaccard(v)
            if j >= storyJ and j < nearJ and j > best then best, storyId, match = j, story(v, g, ref), 'story' end
          end
        end
      end
    end
  end
end
-- 4. insert this item (first writer keeps a token) and refresh the touched buckets' TTL
local touched = {}
local function put(kind, tok, value)
  local key = bucket(nowGen, tok)
  -- A bucket belongs to one generation, so its TTL is set once, when this call first writes to it.
  if redis.call('HSETNX', key, kind .. tok:sub(3, 6), value) == 1 and not touched[key] then
    touched[key] = true
    redis.call('EXPIRE', key, ttl)
  end
end
if gens[1] ~= nowGen then redis.call('SET', prefix .. ':3:' .. nowGen .. ':g', '1', 'EX', markTtl) end
put('i', exact, info .. cluster)
if storyId ~= cluster then put('s', exact, storyId) end
for i = 1, nLede + nBands + nStory do
  local kind = 't'
  if i <= nLede then kind = 'l' elseif i <= nLede + nBands then kind = 'b' end
  put(kind, tokens[i], exact)
end
local sources = 1
if joined then sources = join(joined, cluster) end
return { cluster, storyId, sources, match }
`;

type DedupRedis = Redis & {
  sitrepDedupCheckBuffer(...args: Array<string | Buffer | number>): Promise<[Buffer, Buffer, number, Buffer]>;
};

/** Near-duplicate and story index in Redis, bounded by the window (entries expire at most a quarter window late). */
export class RedisDedupIndex implements DedupIndex {
  private readonly redis: DedupRedis;
  private readonly options: DedupIndexOptions;

  constructor(redis: Redis, private readonly keys: RedisKeys, options: Partial<DedupIndexOptions> | number = {}) {
    // A bare number is the old signature: the window in seconds.
    this.options = { ...DEFAULT_INDEX_OPTIONS, ...(typeof options === 'number' ? { windowSeconds: options } : options) };
    // KEYS[1] (the index prefix, again ARGV[1]) only routes the call: on Redis Cluster every key the script
    // builds shares the prefix's hash tag, so the call must reach the master that holds that slot.
    if (!('sitrepDedupCheck' in redis)) redis.defineCommand('sitrepDedupCheck', { numberOfKeys: 1, lua: SCRIPT });
    this.redis = redis as DedupRedis;
  }

  async checkAndInsert(check: DedupCheck, nowMs: number = Date.now()): Promise<DedupVerdict> {
    const { gen, genSeconds } = generationOf(nowMs, this.options.windowSeconds);
    const sig = check.signature ?? null;
    const exactToken = sig ? sig.exactToken : check.contentHash.slice(0, 12);
    const { thresholds } = this.options;
    const [cluster, story, sources, match] = await this.redis.sitrepDedupCheckBuffer(
      this.keys.dedupIndexPrefix(),
      this.keys.dedupIndexPrefix(),
      gen,
      GENERATIONS,
      Math.ceil(this.options.windowSeconds + genSeconds),
      packInfo(sig, publicationHour(check.publishedAt, nowMs), check.sourceDomain ?? ''),
      packId(check.recordId),
      Buffer.from(exactToken, 'hex'),
      thresholds.nearJaccard,
      thresholds.prefixContainment,
      thresholds.storyJaccard,
      this.options.storyWindowHours,
      sig?.ledeToken ? 1 : 0,
      sig ? sig.bandTokens.length : 0,
      sig ? sig.storyTokens.length : 0,
      // Generation marker: outlives every bucket of its generation and its whole lookup range.
      Math.ceil(this.options.windowSeconds + 3 * genSeconds),
      packTokens(sig),
    );
    const clusterId = unpackId(cluster);
    return {
      duplicateOf: clusterId === check.recordId ? null : clusterId,
      cluster: clusterId,
      story: unpackId(story),
      sources: Number(sources),
      match: match.toString() as DedupMatch,
    };
  }
}

const HEX32 = /^[0-9a-f]{32}$/;
const PACKED_HEX = 0x80;

/** Record id → bytes: 32 lowercase hex chars as 16 bytes (flag 0x80), anything else as UTF-8 (at most 127 bytes). */
export function packId(id: string): Buffer {
  if (HEX32.test(id)) {
    const out = Buffer.allocUnsafe(17);
    out[0] = PACKED_HEX | 16;
    out.write(id, 1, 'hex');
    return out;
  }
  const utf8 = Buffer.from(id, 'utf8').subarray(0, 127);
  return Buffer.concat([Buffer.from([utf8.length]), utf8]);
}

export function unpackId(packed: Buffer): string {
  const head = packed[0] ?? 0;
  const body = packed.subarray(1);
  return head & PACKED_HEX ? body.toString('hex') : body.toString('utf8');
}

const TOKEN_BYTES = 6;

/** Lede, band and story tokens (in that order) as one buffer of 6-byte tokens. */
function packTokens(sig: DedupSignature | null): Buffer {
  if (!sig) return Buffer.alloc(0);
  const count = (sig.ledeToken ? 1 : 0) + sig.bandTokens.length + sig.storyTokens.length;
  const out = Buffer.allocUnsafe(count * TOKEN_BYTES);
  let at = 0;
  if (sig.ledeToken) at += out.write(sig.ledeToken, at, 'hex');
  for (const t of sig.bandTokens) at += out.write(t, at, 'hex');
  for (const t of sig.storyTokens) at += out.write(t, at, 'hex');
  return at === out.length ? out : out.subarray(0, at);
}

/** Info bytes (without the cluster id the script appends). */
function packInfo(sig: DedupSignature | null, hour: number, domain: string): Buffer {
  const out = Buffer.alloc(1 + MASK_BYTES + SKETCH_SIZE + 4);
  if (sig) {
    out[0] = sig.distinctWords;
    out.set(sig.figureMask, 1);
    out.set(sig.sketch, 1 + MASK_BYTES);
  }
  out.writeUInt16BE(hour & 0xffff, 1 + MASK_BYTES + SKETCH_SIZE);
  out.writeUInt16BE(domainHash(domain), 3 + MASK_BYTES + SKETCH_SIZE);
  return out;
}

function domainHash(domain: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < domain.length; i++) h = Math.imul(h ^ domain.charCodeAt(i), 0x01000193);
  return (h >>> 16) ^ (h & 0xffff);
}
