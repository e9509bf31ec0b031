/**
 * The Lua script that keeps a venue's GCRA buckets in one Redis hash, and the typed calls that run it
 * (EVALSHA, falling back to EVAL when the server answers NOSCRIPT). Every decision is taken inside Redis,
 * atomically over all the linked buckets, on the server's clock (`redis.call('TIME')`).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Script contract. `KEYS[1]` is the venue's state hash; `ARGV` is
 * `op, n, name1, interval1, limit1, ..., nameN, intervalN, limitN, op args...` where `interval` is ms per
 * unit (`1000 / refillPerSecond`) and `limit` is `capacity × interval` (plus slack). The hash holds
 * `tat:<bucket>` (theoretical arrival time, server ms), `pause` (server ms) and `reason`; it expires once
 * every bucket is full again and no pause holds, so an idle venue leaves no key. Every reply is a list of
 * strings (Redis would truncate Lua numbers to integers):
 *
 * - `lease need want` -> `granted, waitMs, pauseMs, reason, end1..endN`: grants `g` units on every bucket
 *   (`need <= g <= want`, as many as fit) all-or-nothing, or 0 with the ms until `need` would fit (or
 *   until the pause ends). `end_i` is bucket i's arrival time right after the grant (for refunds).
 * - `refund units end1..endN` -> `pauseMs, reason`: gives back unused leased units, but only the part of
 *   them that is still in the future of each bucket (`min(units × interval, end_i - now)`): units whose
 *   time has already passed were refilled and may have been used by others since.
 * - `pause ms reason` -> `pauseMs, reason`: nothing is granted until server time + ms (only extends);
 *   published on `KEYS[1] .. ':pause'` as `"<ms> <reason>"`.
 * - `sync bucketIndex used` -> `pauseMs, reason`: raises bucket's usage to `used` units (never lowers),
 *   and keeps that figure (`floor:<bucket>`) as a floor that refunds never go below: the venue's own
 *   count does not include units leased but never sent.
 * - `peek` -> `pauseMs, reason, used1..usedN`: reads without writing.
 */
export const SHARED_GCRA_LUA = `
if redis.replicate_commands then redis.replicate_commands() end
local key = KEYS[1]
local op = ARGV[1]
local n = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local iv, lim, tat, fields = {}, {}, {}, {'pause', 'reason'}
for i = 1, n do
  iv[i] = tonumber(ARGV[3 * i + 1])
  lim[i] = tonumber(ARGV[3 * i + 2])
  fields[i + 2] = 'tat:' .. ARGV[3 * i]
end
local a = 3 * n + 3
local vals = redis.call('HMGET', key, unpack(fields))
local pause = tonumber(vals[1]) or 0
local reason = vals[2] or ''
for i = 1, n do
  local v = tonumber(vals[i + 2])
  if v == nil or v < now then v = now end
  tat[i] = v
end
local function f(x) return string.format('%.17g', x) end
local function pauseMs() if pause > now then return pause - now end return 0 end
local function save()
  local ttl = pause - now
  local args = {'pause', f(pause), 'reason', reason}
  for i = 1, n do
    args[#args + 1] = fields[i + 2]
    args[#args + 1] = f(tat[i])
    if tat[i] - now > ttl then ttl = tat[i] - now end
  end
  redis.call('HSET', key, unpack(args))
  redis.call('PEXPIRE', key, math.ceil(ttl) + 1000)
end
if op == 'lease' then
  local need, want = tonumber(ARGV[a]), tonumber(ARGV[a + 1])
  if pause > now then return {'0', f(pause - now), f(pause - now), reason} end
  local fit = want
  for i = 1, n do
    local room = (now + lim[i] - tat[i]) / iv[i]
    if room < fit then fit = room end
  end
  if fit < need then
    local wait = 0
    for i = 1, n do
      local w = tat[i] + need * iv[i] - now - lim[i]
      if w > wait then wait = w end
    end
    return {'0', f(wait), '0', reason}
  end
  local g = math.floor(fit + 1e-9)
  if g < need then g = need end
  if g > want then g = want end
  local out = {f(g), '0', '0', reason}
  for i = 1, n do
    tat[i] = tat[i] + g * iv[i]
    out[i + 4] = f(tat[i])
  end
  save()
  return out
elseif op == 'refund' then
  local units = tonumber(ARGV[a])
  local floors = {}
  for i = 1, n do floors[i] = 'floor:' .. ARGV[3 * i] end
  local fl = redis.call('HMGET', key, unpack(floors))
  for i = 1, n do
    local d = tonumber(ARGV[a + i]) - now
    if units * iv[i] < d then d = units * iv[i] end
    if d > 0 then tat[i] = math.max(tat[i] - d, tonumber(fl[i]) or now) end
  end
  save()
  return {f(pauseMs()), reason}
elseif op == 'pause' then
  local untilMs = now + tonumber(ARGV[a])
  if untilMs > pause then
    pause = untilMs
    reason = ARGV[a + 1]
    save()
    redis.call('PUBLISH', key .. ':pause', f(pause - now) .. ' ' .. reason)
  end
  return {f(pauseMs()), reason}
elseif op == 'sync' then
  local i = tonumber(ARGV[a])
  local v = now + tonumber(ARGV[a + 1]) * iv[i]
  if v > tat[i] then tat[i] = v end
  redis.call('HSET', key, 'floor:' .. ARGV[3 * i], f(v))
  save()
  return {f(pauseMs()), reason}
elseif op == 'peek' then
  local out = {f(pauseMs()), reason}
  for i = 1, n do out[i + 2] = f((tat[i] - now) / iv[i]) end
  return out
end
return redis.error_reply('unknown op ' .. tostring(op))
`;

/** SHA-1 of {@link SHARED_GCRA_LUA}, as EVALSHA wants it. */
export const SHARED_GCRA_SHA = createHash('sha1').update(SHARED_GCRA_LUA).digest('hex');

/** @internal Runs the script: EVALSHA, and EVAL once when the server does not have it cached (NOSCRIPT). */
export async function runSharedGcra(redis: Redis, key: string, args: readonly string[]): Promise<string[]> {
  try {
    return (await redis.evalsha(SHARED_GCRA_SHA, 1, key, ...args)) as string[];
  } catch (e) {
    if (!(e instanceof Error) || !e.message.startsWith('NOSCRIPT')) throw e;
    return (await redis.eval(SHARED_GCRA_LUA, 1, key, ...args)) as string[];
  }
}
