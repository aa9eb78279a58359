package ratelimit

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/ffprobe-api/ffprobe-api/internal/testenv"
	"github.com/redis/go-redis/v9"
)

// testRedisURL is FFPROBE_API_TEST_REDIS_URL after checking that Redis
// answers; the test skips (or fails in CI) otherwise.
func testRedisURL(t testing.TB) string {
	t.Helper()
	u := testenv.RedisURL(t)
	c := newTestClient(t, u)
	if err := c.Ping(context.Background()).Err(); err != nil {
		testenv.Missing(t, "Redis at FFPROBE_API_TEST_REDIS_URL does not answer: %v", err)
	}
	return u
}

func newTestClient(t testing.TB, url string) *redis.Client {
	t.Helper()
	c, err := NewRedisClient(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// testPrefix is a key prefix no other test uses; its keys are deleted
// when the test ends.
func testPrefix(t testing.TB, url string) string {
	t.Helper()
	prefix := "ffprobe-api-test:" + rand.Text() + ":"
	t.Cleanup(func() {
		c, err := NewRedisClient(url)
		if err != nil {
			return
		}
		defer c.Close()
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return prefix
}

// closedAddr is a loopback address nothing listens on.
func closedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// tcpProxy forwards a loopback port to Redis; stopping it cuts every
// connection, as a network failure would, and start brings it back on
// the same port.
type tcpProxy struct {
	t      testing.TB
	addr   string
	target string

	mu    sync.Mutex
	ln    net.Listener
	conns []net.Conn
}

func newTCPProxy(t testing.TB, target string) *tcpProxy {
	p := &tcpProxy{t: t, addr: "127.0.0.1:0", target: target}
	p.start()
	t.Cleanup(p.stop)
	return p
}

func (p *tcpProxy) start() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatalf("proxy: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go p.accept(ln)
}

func (p *tcpProxy) accept(ln net.Listener) {
	for {
		in, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		} else if err != nil {
			continue
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			in.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, in, out)
		p.mu.Unlock()
		go func() { io.Copy(out, in); out.Close() }()
		go func() { io.Copy(in, out); in.Close() }()
	}
}

func (p *tcpProxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// redisTarget is the host:port of a redis:// URL.
func redisTarget(t testing.TB, url string) string {
	t.Helper()
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	return opts.Addr
}
