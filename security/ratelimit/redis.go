package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultRedisPrefix starts every key this program keeps in Redis for
// rate limits.
const DefaultRedisPrefix = "ffprobe-api:ratelimit:"

// tokenBucketScript takes a token from the bucket at KEYS[1] atomically.
// ARGV: rate (tokens per second), burst. The time is Redis's own (TIME),
// so the instances' clocks do not matter. The bucket is a hash
// {tokens, ts} that expires when it would be full again (a full bucket
// and an absent one are the same). Returns {allowed (0|1), tokens left as
// a string} (a Lua number would be truncated to an integer).
var tokenBucketScript = redis.NewScript(`
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate * 1000) + 1000)
return {allowed, tostring(tokens)}
`)

// Redis is the Limiter that several instances share: every bucket lives
// in Redis and is updated by one Lua script (EVALSHA, falling back to
// EVAL), so concurrent requests on different instances draw from one
// budget. Its errors wrap ErrUnavailable; see Failover for what to do
// then.
type Redis struct {
	client redis.Scripter
	prefix string
}

var _ Limiter = (*Redis)(nil)

// NewRedis returns a limiter keeping its buckets under prefix (""
// is DefaultRedisPrefix) through client, which the caller closes.
func NewRedis(client redis.Scripter, prefix string) *Redis {
	if prefix == "" {
		prefix = DefaultRedisPrefix
	}
	return &Redis{client: client, prefix: prefix}
}

// Allow implements Limiter.
func (r *Redis) Allow(ctx context.Context, key string, p Policy) (Decision, error) {
	if err := p.Validate(); err != nil {
		return Decision{}, fmt.Errorf("rate limit: %w", err)
	}
	res, err := tokenBucketScript.Run(ctx, r.client, []string{r.prefix + bucketID(p, key)}, p.Rate, p.Burst).Slice()
	if err != nil {
		return Decision{}, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	allowed, tokens, err := parseScriptResult(res)
	if err != nil {
		return Decision{}, fmt.Errorf("%w: token bucket script: %w", ErrUnavailable, err)
	}
	return decide(tokens, allowed, p), nil
}

func parseScriptResult(res []any) (allowed bool, tokens float64, err error) {
	if len(res) != 2 {
		return false, 0, fmt.Errorf("returned %d values, want 2", len(res))
	}
	flag, ok1 := res[0].(int64)
	left, ok2 := res[1].(string)
	if !ok1 || !ok2 {
		return false, 0, fmt.Errorf("returned %T, %T; want integer, string", res[0], res[1])
	}
	tokens, err = strconv.ParseFloat(left, 64)
	return flag == 1, tokens, err
}

// Redis client timeouts when the URL sets none: a rate limit sits in
// front of every request, so a slow Redis must fail fast (see Failover)
// rather than hold requests for go-redis's default 5 s.
const (
	redisDialTimeout = time.Second
	redisIOTimeout   = 500 * time.Millisecond
)

// NewRedisClient opens a client for a redis:// or rediss:// (TLS) URL as
// redis.ParseURL reads it: user, password, database number and query
// options such as dial_timeout. Unless the URL says otherwise it dials
// within 1 s, reads and writes within 500 ms and does not retry a command
// (a retried script could take two tokens); it dials once per attempt. Its errors never contain the
// URL's password. It does not connect; the first command does.
func NewRedisClient(rawURL string) (*redis.Client, error) {
	opts, err := redis.ParseURL(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole URL, password included
		}
		return nil, fmt.Errorf("redis URL: %w (want redis://[:PASSWORD@]HOST[:PORT][/DB] or rediss:// for TLS)", err)
	}
	if opts.DialTimeout == 0 {
		opts.DialTimeout = redisDialTimeout
	}
	if opts.ReadTimeout == 0 {
		opts.ReadTimeout = redisIOTimeout
	}
	if opts.WriteTimeout == 0 {
		opts.WriteTimeout = redisIOTimeout
	}
	if opts.MaxRetries == 0 {
		opts.MaxRetries = -1
	}
	opts.DialerRetries = 1 // the URL cannot set it; go-redis's default is 5
	return redis.NewClient(opts), nil
}
